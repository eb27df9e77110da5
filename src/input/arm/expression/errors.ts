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

/**
 * An error Azure Resource Manager reports whatever the values are (an unknown function, a wrong number of arguments,
 * an undeclared parameter or variable, a cycle, copyIndex() outside a loop), or a limit of the evaluator: the template
 * is not valid, and the error is reported (exit 2). Every other ExprError depends on a value (a missing property, a
 * wrong type, an index out of range): the evaluator makes that value Unknown instead (evaluate.ts), since the value
 * seen here (a default, an approximation of something unknown) need not be the one deployed.
 */
export class InvalidTemplateError extends ExprError {
  readonly invalidTemplate = true;
}
