/**
 * The work budget of evaluating one template file (issue 19: the input of a linter in CI is written by whoever
 * opens the pull request). Every evaluation of a file, with its nested deployments and linked templates, draws on
 * one budget; when a measure runs out, evaluation of that file stops with one located "too complex" error (exit
 * code 2) and every other file is still linted. The measures:
 *
 * - steps: evaluation nodes (an expression's calls, property and index accesses; a JSON node evaluated; a
 *   comparison inside equals/contains/union/intersection); a call of a user-defined function counts 10 and a
 *   lambda call 5 (each makes a scope);
 * - elements: array elements and object members made (by a function, a copy loop, or turning a value into the
 *   tree the rules read, which copies it; a value read twice through a variable is shared, not copied, and counts
 *   once until it is materialised for a resource);
 * - characters: the length of every string an expression builds, and of every string a function scans
 *   (indexOf, json(), base64ToString ...) or a linked template read;
 * - depth: user-defined function calls, variable and parameter references and nested deployments or linked
 *   templates in progress, one inside the other.
 *
 * Apart from the budget, one value is limited in size (an array, a string) and in nesting (as deep as a
 * document may be nested), and a file in the resources it expands to. The defaults are more than 50 times
 * what the largest real templates measured use (README, "Limits and guarantees").
 */

import { PartialArray, PartialObject, isLambda, isUnknown } from "../model/value.js";
import { MAX_VALUE_DEPTH } from "../model/tree.js";

export interface EvalLimits {
  /** Count of one resource or property `copy` loop: ARM's own limit is 800. */
  readonly maxCopy: number;
  /** Nested deployments (inline or linked), one inside the other. */
  readonly maxNesting: number;
  /** Resources of a file after expanding copy loops, nested deployments and linked templates. */
  readonly maxResources: number;
  /** Nesting of one expression (calls inside calls). */
  readonly maxDepth?: number;
  /** Elements of one array an expression builds. */
  readonly maxArrayLength?: number;
  /** Characters of one string an expression builds. */
  readonly maxStringLength?: number;
  /** Per file: evaluation steps. */
  readonly maxSteps?: number;
  /** Per file: array elements and object members made. */
  readonly maxElements?: number;
  /** Per file: characters of strings built or scanned. */
  readonly maxCharacters?: number;
  /** Per file: user-defined function calls, variable references and nested deployments, one inside the other. */
  readonly maxCallDepth?: number;
}

export const DEFAULT_EVAL_LIMITS = {
  maxCopy: 800,
  maxNesting: 16,
  maxResources: 20_000,
  maxDepth: 1000,
  maxArrayLength: 1_000_000,
  maxStringLength: 10_000_000,
  maxSteps: 3_200_000,
  maxElements: 2_000_000,
  maxCharacters: 200_000_000,
  maxCallDepth: 200,
} as const satisfies Required<EvalLimits>;

/** A value nested deeper than this cannot be made into the tree the rules read (the model's limit, model/tree.ts). */
export { MAX_VALUE_DEPTH };

/** The budget's three counted measures, with `--evaluation-budget` scaling them together. */
export function scaledLimits(factor: number, base: EvalLimits = DEFAULT_EVAL_LIMITS): EvalLimits {
  const scale = (n: number) => Math.max(1, Math.floor(n * factor));
  return {
    ...base,
    maxSteps: scale(base.maxSteps ?? DEFAULT_EVAL_LIMITS.maxSteps),
    maxElements: scale(base.maxElements ?? DEFAULT_EVAL_LIMITS.maxElements),
    maxCharacters: scale(base.maxCharacters ?? DEFAULT_EVAL_LIMITS.maxCharacters),
  };
}

/**
 * Thrown when a budget runs out or a value is over its size limit; not located: the evaluator and the template
 * walker locate it at the innermost expression or JSON node being evaluated (TooComplex, scope.ts).
 */
export class BudgetExceeded extends Error {}

/** A budget error, located or not (TooComplexError of an expression, TooComplex of a template): never swallowed. */
export function isTooComplex(e: unknown): boolean {
  return e instanceof BudgetExceeded || (e instanceof Error && (e as { tooComplex?: unknown }).tooComplex === true);
}

/** What a value is made of when written out in full: a value read twice is counted twice here. */
export interface Extent {
  /** Array elements and object members of the whole tree. */
  readonly elements: number;
  /** Length of its JSON text, escapes in strings not counted. */
  readonly characters: number;
  /** Its deepest nesting of arrays and objects. */
  readonly depth: number;
  /** The first unknown value in it, if any. */
  readonly unknown?: { readonly reason: string };
}

/** Counters of one file's evaluation (what `--evaluation-budget` and the limits apply to). */
export interface BudgetUse {
  readonly steps: number;
  readonly elements: number;
  readonly characters: number;
  /** Deepest call depth reached. */
  readonly depth: number;
}

export class Budget {
  readonly limits: Required<EvalLimits>;
  steps = 0;
  elements = 0;
  characters = 0;
  depth = 0;
  maxDepthReached = 0;
  /** Extents of arrays and objects already measured (values are never changed once made). */
  private readonly extents = new WeakMap<object, Extent>();

  constructor(limits: Partial<EvalLimits> = {}) {
    this.limits = { ...DEFAULT_EVAL_LIMITS, ...dropUndefined(limits) };
  }

  get use(): BudgetUse {
    return { steps: this.steps, elements: this.elements, characters: this.characters, depth: this.maxDepthReached };
  }

  step(n = 1): void {
    if ((this.steps += n) > this.limits.maxSteps) this.exceeded(`more than ${this.limits.maxSteps.toLocaleString("en-US")} evaluation steps`);
  }

  /** `n` array elements or object members made. */
  made(n: number): void {
    if ((this.elements += n) > this.limits.maxElements) this.exceeded(`more than ${this.limits.maxElements.toLocaleString("en-US")} array elements and object members made`);
  }

  /** `n` characters built or scanned. */
  chars(n: number): void {
    if ((this.characters += n) > this.limits.maxCharacters) this.exceeded(`more than ${this.limits.maxCharacters.toLocaleString("en-US")} characters built or scanned`);
  }

  /** An array of `n` elements is about to be made: its own limit, then the file's budget. */
  array(n: number): void {
    if (n > this.limits.maxArrayLength) throw new BudgetExceeded(`too complex: an array of ${n.toLocaleString("en-US")} elements is over the limit of ${this.limits.maxArrayLength.toLocaleString("en-US")}`);
    this.made(n);
  }

  /** A string of `n` characters is about to be made: its own limit, then the file's budget. */
  string(n: number): void {
    this.stringFits(n);
    this.chars(n);
  }

  /** Refuses a string of `n` characters over the limit of one string (charging nothing: for one being built). */
  stringFits(n: number): void {
    if (n > this.limits.maxStringLength) throw new BudgetExceeded(`too complex: a string of ${n.toLocaleString("en-US")} characters is over the limit of ${this.limits.maxStringLength.toLocaleString("en-US")}`);
  }

  /** Runs `fn` one level deeper (a user-defined function call, a variable evaluated, a nested deployment). */
  deeper<T>(fn: () => T): T {
    if (this.depth >= this.limits.maxCallDepth) this.exceeded(`user-defined functions, variables and nested deployments more than ${this.limits.maxCallDepth} levels deep`);
    this.depth++;
    if (this.depth > this.maxDepthReached) this.maxDepthReached = this.depth;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /**
   * The extent of `v` written out in full, in time linear in the arrays and objects it is made of (a value
   * shared a million times is measured once): what string() or a resource's tree would make of it.
   */
  extent(v: unknown): Extent {
    return this.measure(v, 0);
  }

  private measure(v: unknown, depth: number): Extent {
    if (typeof v === "string") return { elements: 0, characters: v.length + 2, depth: 0 };
    if (typeof v !== "object" || v === null) return { elements: 0, characters: String(v).length, depth: 0 };
    if (isUnknown(v)) {
      // The known part of a partly known array or object is made into a resource's tree like any value.
      const part = v instanceof PartialArray ? v.elements : v instanceof PartialObject ? v.members : undefined;
      return part === undefined ? { elements: 0, characters: 0, depth: 0, unknown: v } : { ...this.measure(part, depth), unknown: v };
    }
    if (isLambda(v)) return { elements: 0, characters: 0, depth: 0 };
    const known = this.extents.get(v);
    if (known) return known;
    if (depth >= MAX_VALUE_DEPTH) throw new BudgetExceeded(`too complex: a value nested deeper than ${MAX_VALUE_DEPTH} levels`);
    let elements = 0;
    let characters = 2;
    let deepest = 0;
    let unknown: Extent["unknown"];
    const add = (x: Extent) => {
      elements = Math.min(Number.MAX_SAFE_INTEGER, elements + 1 + x.elements);
      characters = Math.min(Number.MAX_SAFE_INTEGER, characters + 1 + x.characters);
      if (x.depth > deepest) deepest = x.depth;
      unknown ??= x.unknown;
    };
    if (Array.isArray(v)) {
      for (const x of v) add(this.measure(x, depth + 1));
    } else {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        add(this.measure(o[k], depth + 1));
        characters = Math.min(Number.MAX_SAFE_INTEGER, characters + k.length + 3);
      }
    }
    const e: Extent = unknown ? { elements, characters, depth: deepest + 1, unknown } : { elements, characters, depth: deepest + 1 };
    this.extents.set(v, e);
    return e;
  }

  private exceeded(what: string): never {
    throw new BudgetExceeded(`too complex to evaluate: ${what} (raise the budget with --evaluation-budget)`);
  }
}

function dropUndefined(limits: Partial<EvalLimits>): Partial<Required<EvalLimits>> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(limits)) if (typeof v === "number") out[k] = v;
  return out as Partial<Required<EvalLimits>>;
}
