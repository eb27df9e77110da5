/**
 * Run-scoped state. A `RunContext` is made for each run (each `lintPaths` or `lintText` call) and for each
 * worker thread, and dropped with it: every cache, interner, scratch buffer and observer of the pipeline lives
 * in one, so nothing leaks from one run into the next and two runs in one process never see each other's state.
 *
 * A module that needs a cache declares a slot once, as a constant (the slot itself holds nothing):
 *
 *   const AST_CACHE = slot("expression syntax trees", () => new Map<string, Ast>());
 *   ...
 *   const asts = ctx.get(AST_CACHE);
 *
 * and reaches the context through what it is given (a parameter, the evaluation scope, the Prop it reads).
 * Immutable tables (lookup sets, the rule list) are not state and stay module constants.
 */
export interface Slot<T> {
  /** What the slot holds, for debugging. */
  readonly name: string;
  /** Makes the slot's value the first time a run asks for it. */
  readonly make: () => T;
}

/** Declares a slot of run-scoped state; `make` builds its value once per run. */
export function slot<T>(name: string, make: () => T): Slot<T> {
  return Object.freeze({ name, make });
}

export class RunContext {
  readonly #values = new Map<Slot<unknown>, unknown>();

  /** The run's value of a slot, made on first use. */
  get<T>(s: Slot<T>): T {
    let v = this.#values.get(s as Slot<unknown>);
    if (v === undefined && !this.#values.has(s as Slot<unknown>)) {
      v = s.make();
      this.#values.set(s as Slot<unknown>, v);
    }
    return v as T;
  }
}
