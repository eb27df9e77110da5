/**
 * The HCL native-syntax tree of a Terraform file (parser.ts builds it; HashiCorp's hclsyntax spec.md is the
 * grammar). Every node keeps its span (`o` offset, `e` end, UTF-16 code units of the text), and so do block types,
 * labels, attribute names and the variable names a `for` declares: values are reported where they are written.
 */

export interface Span {
  readonly o: number;
  readonly e: number;
}

export type Expr =
  /** A number as written (`raw`, arbitrary precision in HCL) and as a JavaScript number. */
  | ({ readonly k: "num"; readonly v: number; readonly raw: string } & Span)
  | ({ readonly k: "bool"; readonly v: boolean } & Span)
  | ({ readonly k: "null" } & Span)
  /** A root variable: `var`, `local`, `each`, `count`, a resource type, a `for` variable. */
  | ({ readonly k: "var"; readonly name: string } & Span)
  | TemplateExpr
  | ({ readonly k: "tuple"; readonly items: readonly Expr[] } & Span)
  | ({ readonly k: "object"; readonly items: readonly ObjectItem[] } & Span)
  /** `f(a, b)`, `f(xs...)` (`expand`), `provider::azapi::build_resource_id(...)` (`name` with its `::`). */
  | ({ readonly k: "call"; readonly name: string; readonly nameSpan: Span; readonly args: readonly Expr[]; readonly expand: boolean } & Span)
  /** `x.name`. */
  | ({ readonly k: "attr"; readonly x: Expr; readonly name: string; readonly nameSpan: Span } & Span)
  /** `x[i]`, or the legacy `x.0` (`legacy`, `i` a number). */
  | ({ readonly k: "index"; readonly x: Expr; readonly i: Expr; readonly legacy: boolean } & Span)
  /**
   * `x[*].a[0]` (full) or `x.*.a` (`attrOnly`): `each` is evaluated once per element of `x`, with the element in
   * place of the `anon` node at its root (as hclsyntax's SplatExpr).
   */
  | ({ readonly k: "splat"; readonly x: Expr; readonly each: Expr; readonly attrOnly: boolean } & Span)
  /** The element a splat's `each` applies to; its span is the `[*]` or `.*` marker. */
  | ({ readonly k: "anon" } & Span)
  | ({ readonly k: "unary"; readonly op: "-" | "!"; readonly x: Expr } & Span)
  | ({ readonly k: "binary"; readonly op: BinaryOp; readonly l: Expr; readonly r: Expr } & Span)
  /** `c ? a : b`. */
  | ({ readonly k: "cond"; readonly c: Expr; readonly a: Expr; readonly b: Expr } & Span)
  | ForExpr
  /** `( x )`: kept, as it changes the meaning of an object key. */
  | ({ readonly k: "paren"; readonly x: Expr } & Span);

export type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%";

/**
 * `[for k, v in coll : val if cond]` (`obj` false) or `{for k, v in coll : key => val... if cond}` (`obj`, `group`
 * for the `...`). With one variable it is the value variable (`valVar`); `keyVar` is set only with two.
 */
export interface ForExpr extends Span {
  readonly k: "for";
  readonly obj: boolean;
  readonly keyVar?: Ident;
  readonly valVar: Ident;
  readonly coll: Expr;
  readonly key?: Expr;
  readonly val: Expr;
  readonly cond?: Expr;
  readonly group: boolean;
}

/** A name as written, with its span. */
export interface Ident extends Span {
  readonly name: string;
}

/**
 * `key = value` or `key: value` in an object. `bare` is the literal name of a key written as a naked identifier
 * (`{foo = 1}` is the key "foo", not the variable foo); a parenthesised or any other key is an expression.
 */
export interface ObjectItem extends Span {
  readonly key: Expr;
  readonly bare?: string;
  readonly value: Expr;
}

/**
 * A quoted string (`"..."`) or a heredoc (`<<EOT`, `<<-EOT`): literal parts (escapes resolved, strip markers and
 * the `<<-` indent removal applied, as hclsyntax does at parse time), interpolations and directives. A string
 * without `${`/`%{` is one literal part (`""` is one empty part).
 */
export interface TemplateExpr extends Span {
  readonly k: "template";
  readonly parts: readonly TemplatePart[];
  readonly heredoc?: { readonly marker: string; readonly flush: boolean };
}

export type TemplatePart =
  /** Literal text; its span is the source text it came from (escapes and removed indent included). */
  | ({ readonly p: "lit"; readonly v: string } & Span)
  /** `${ x }` (span: from `${` to `}`). */
  | ({ readonly p: "interp"; readonly x: Expr } & Span)
  /** `%{ if c }a%{ else }b%{ endif }` (span: from the `%{ if` to the end of `endif }`); `b` only with an `else`. */
  | ({ readonly p: "if"; readonly cond: Expr; readonly a: readonly TemplatePart[]; readonly b?: readonly TemplatePart[] } & Span)
  /** `%{ for k, v in coll }...%{ endfor }`. */
  | ({ readonly p: "for"; readonly keyVar?: Ident; readonly valVar: Ident; readonly coll: Expr; readonly body: readonly TemplatePart[] } & Span);

/** `name = value` in a body. The span runs from the name to the end of the value. */
export interface Attribute extends Span {
  readonly kind: "attr";
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: Expr;
}

/** `type "label" label { ... }`. The span runs from the type to the closing brace. */
export interface Block extends Span {
  readonly kind: "block";
  readonly type: string;
  readonly typeSpan: Span;
  readonly labels: readonly Label[];
  readonly body: Body;
}

/** A block label: a quoted string without templates (`quoted`, escapes resolved) or a naked identifier. */
export interface Label extends Span {
  readonly v: string;
  readonly quoted: boolean;
}

/** Attributes and blocks in written order; a block body's span is its braces, a file's the whole text. */
export interface Body extends Span {
  readonly items: readonly (Attribute | Block)[];
}
