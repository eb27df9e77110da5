/** The shapes the parts of the expression language share: the syntax tree, the evaluation context, the run's caches. */
import type { Budget } from "../../budget.js";
import { slot } from "../../../context.js";
import type { Unknown, Value, ValueObject } from "../../../model/value.js";

export interface ExprContext {
  parameter(name: string): Value;
  variable(name: string): Value;
  copyIndex(loopName: string | undefined): number | Unknown;
  userFunction(namespace: string, name: string): { params: string[]; output: (args: Value[]) => Value } | undefined;
  resourceGroup(): Value;
  subscription(): Value;
  deployment(): Value;
  environment(): Value;
  tenant(): Value;
  managementGroup(): Value;
  limits?: { maxDepth?: number; maxArrayLength?: number; maxStringLength?: number };
  /** The file's work budget; without one, each expression gets its own default budget. */
  budget?: Budget;
  /** The run's caches (`run.get(EXPR_CACHES)`); without them each expression is parsed afresh and each evaluation keeps its own key maps. */
  caches?: ExprCaches;
  /** Told of each part of an expression that could not be evaluated and was made Unknown (evaluate.ts): a note for --verbose. */
  unevaluable?(message: string, offset: number): void;
}

export type Ast =
  | { k: "str"; v: string; o: number }
  | { k: "num"; v: number; o: number }
  | { k: "call"; ns?: string; name: string; args: Ast[]; o: number; len: number }
  | { k: "prop"; target: Ast; name: string; safe: boolean; o: number }
  | { k: "index"; target: Ast; index: Ast; safe: boolean; o: number };

export type CallAst = Extract<Ast, { k: "call" }>;

/**
 * Caches of a run (one RunContext per run and per worker, context.ts), shared by every file it evaluates: a cache
 * of the process would outlive the run and be seen by the next one.
 */
export interface ExprCaches {
  /** Expression text → its syntax tree: an expression repeated in a file or across files is parsed once (parser.ts). */
  readonly asts: Map<string, Ast>;
  /** Per object, its keys lower-cased → the first key spelt so (values are never changed once made; lookup in functions/helpers.ts). */
  readonly lowerKeys: WeakMap<ValueObject, Map<string, string>>;
  /** A function's name as written in expressions → its name lower-cased and its definition (evaluate.ts `call`). */
  readonly functions: Map<string, FunctionRef>;
}

/** A function called by name: the name lower-cased, and the library's definition of it (none: not in the library). */
export interface FunctionRef {
  readonly name: string;
  readonly def: FnDef | undefined;
}

export const EXPR_CACHES = slot("expression syntax trees and lower-cased object keys", (): ExprCaches => ({ asts: new Map(), lowerKeys: new WeakMap(), functions: new Map() }));

/** The state of one evaluation (evaluate.ts), handed to every function of the library. */
export interface Env {
  ctx: ExprContext;
  lambdaVars: Map<string, Value>[];
  depth: number;
  maxDepth: number;
  /** Every function charges what it makes and scans here (budget.ts). */
  b: Budget;
  /** The run's lower-cased keys of objects (ExprCaches.lowerKeys), or the evaluation's own. */
  lowerKeys: WeakMap<ValueObject, Map<string, string>>;
  /** The run's functions by name as written (ExprCaches.functions); undefined without the run's caches. */
  functions: Map<string, FunctionRef> | undefined;
  /**
   * The evaluator, for the functions that evaluate their own arguments (if, and, or, coalesce, lambda): reached
   * through the env so that the function modules do not import evaluate.ts, which imports their table.
   */
  ev: (a: Ast, env: Env) => Value;
}

export type Fn = (args: Value[], a: CallAst, env: Env) => Value;

export interface FnDef {
  min: number;
  max: number;
  /** Called with unevaluated args (if, and, or, coalesce, lambda...). */
  lazy?: (args: Ast[], a: CallAst, env: Env) => Value;
  fn?: Fn;
  /** When false, Unknown args are passed to fn; by default any Unknown argument makes the result Unknown. */
  strictUnknown?: boolean;
}
