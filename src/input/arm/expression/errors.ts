/** Errors of the expression language: located at an offset into the expression's text. */

export class ExprError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length?: number,
  ) {
    super(message);
  }
}

/** The work budget (budget.ts) ran out, or a value went over its size limit, while evaluating at `offset`. */
export class TooComplexError extends ExprError {
  readonly tooComplex = true;
}
