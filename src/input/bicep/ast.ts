/**
 * The Bicep syntax tree (parser.ts builds it, the evaluator walks it). Every node keeps its span (`o` offset, `e`
 * end) in the text: values are reported where they are written.
 */

export interface Span {
  readonly o: number;
  readonly e: number;
}

export type Expr =
  | ({ readonly k: "str"; readonly parts: readonly string[]; readonly holes: readonly Expr[] } & Span)
  | ({ readonly k: "num"; readonly v: number } & Span)
  | ({ readonly k: "bool"; readonly v: boolean } & Span)
  | ({ readonly k: "null" } & Span)
  | ({ readonly k: "id"; readonly name: string } & Span)
  | ({ readonly k: "obj"; readonly members: readonly Member[] } & Span)
  | ({ readonly k: "arr"; readonly items: readonly Expr[] } & Span)
  | ({ readonly k: "spread"; readonly x: Expr } & Span)
  /** `f(...)`, `az.f(...)`, `sys.f(...)`, `ns.f(...)` of an imported namespace: `ns` as written. */
  | ({ readonly k: "call"; readonly ns?: string; readonly name: string; readonly args: readonly Expr[]; readonly nameSpan: Span } & Span)
  | ({ readonly k: "prop"; readonly x: Expr; readonly name: string; readonly safe: boolean } & Span)
  | ({ readonly k: "index"; readonly x: Expr; readonly i: Expr; readonly safe: boolean } & Span)
  /** `parent::child`: a nested resource. */
  | ({ readonly k: "child"; readonly x: Expr; readonly name: string } & Span)
  | ({ readonly k: "bin"; readonly op: string; readonly l: Expr; readonly r: Expr } & Span)
  | ({ readonly k: "un"; readonly op: "!" | "-"; readonly x: Expr } & Span)
  /** `x!`: asserts not null; the value is x's. */
  | ({ readonly k: "nonnull"; readonly x: Expr } & Span)
  | ({ readonly k: "tern"; readonly c: Expr; readonly a: Expr; readonly b: Expr } & Span)
  | ({ readonly k: "lambda"; readonly params: readonly string[]; readonly body: Expr } & Span)
  | ({ readonly k: "for"; readonly item: string; readonly index?: string; readonly src: Expr; readonly body: Expr } & Span)
  /** `if (cond) {...}`: a resource or module body (also the body of a `for`). */
  | ({ readonly k: "if"; readonly cond: Expr; readonly body: Expr } & Span);

export type ObjExpr = Extract<Expr, { k: "obj" }>;

export type Member =
  /**
   * `key: value`. An interpolated key (`'${id}': {}`) has `keyExpr`, evaluated for the name; `key` is then its text
   * as written in brackets, the name kept when the value is unknown: ARM-shaped (`[...]`), as a compiled template's
   * expression key is, so rules treat it as they treat ARM expression keys (an identity they cannot know).
   */
  | ({ readonly m: "prop"; readonly key: string; readonly keyExpr?: Expr; readonly keySpan: Span; readonly value: Expr; readonly decorators: readonly Expr[] } & Span)
  | ({ readonly m: "spread"; readonly x: Expr } & Span)
  /** A nested child resource declared inside a resource body. */
  | ({ readonly m: "resource"; readonly decl: ResourceDecl } & Span);

export interface ResourceDecl extends Span {
  readonly kind: "resource";
  readonly name: string;
  readonly nameSpan: Span;
  /** The type string as written: `Microsoft.Batch/batchAccounts@2024-07-01` (or `pools@...` nested). */
  readonly type: string;
  readonly typeSpan: Span;
  readonly existing: boolean;
  readonly body: Expr;
  readonly decorators: readonly Expr[];
}

export type Decl =
  | ({ readonly kind: "param"; readonly name: string; readonly nameSpan: Span; readonly nullable: boolean; readonly typeName: string; readonly value?: Expr; readonly decorators: readonly Expr[] } & Span)
  | ({ readonly kind: "var"; readonly name: string; readonly nameSpan: Span; readonly value: Expr; readonly decorators: readonly Expr[] } & Span)
  | ResourceDecl
  | ({ readonly kind: "module"; readonly name: string; readonly nameSpan: Span; readonly path: string; readonly pathSpan: Span; readonly body: Expr; readonly decorators: readonly Expr[] } & Span)
  | ({ readonly kind: "output"; readonly name: string; readonly value: Expr } & Span)
  | ({ readonly kind: "func"; readonly name: string; readonly params: readonly string[]; readonly body: Expr } & Span)
  | ({ readonly kind: "targetScope"; readonly value: Expr } & Span)
  | ({ readonly kind: "using"; readonly path: string; readonly pathSpan: Span } & Span)
  /** Declarations that give no value to lint: type, import, metadata, extension, assert. */
  | ({ readonly kind: "other"; readonly keyword: string; readonly names?: readonly string[] } & Span);

export interface BicepFile {
  readonly decls: readonly Decl[];
}
