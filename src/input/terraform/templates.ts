/**
 * Template parts as hclsyntax's parser_template.go makes them: strip markers (`${~`, `~}`, `%{~`, `~}`) trim the
 * adjacent literal piece as each sequence is read, then a `<<-` heredoc loses the smallest indent of its
 * line-leading literals, then adjacent literals are joined, then `if`/`else`/`endif` and `for`/`endfor` nest.
 * The pieces are the lexer's (a heredoc literal ends at each line end), so the quirks match Terraform's: a `~}`
 * that eats a line's newline leaves the next line's indent out of the `<<-` count, as it does in HCL.
 */
import type { Expr, Ident, Span, TemplatePart } from "./ast.js";
import { HclSyntaxError, MAX_DEPTH } from "./lexer.js";

/** A template piece before nesting: literal text, an interpolation, or one directive. */
export type RawPart =
  | { t: "lit"; v: string; o: number; e: number }
  | ({ readonly t: "interp"; readonly x: Expr } & Span)
  | ({ readonly t: "if"; readonly cond: Expr } & Span)
  | ({ readonly t: "for"; readonly keyVar?: Ident; readonly valVar: Ident; readonly coll: Expr } & Span)
  | ({ readonly t: "else" | "endif" | "endfor" } & Span);

type Lit = Extract<RawPart, { t: "lit" }>;

export class TemplateBuilder {
  private readonly parts: RawPart[] = [];
  private ltrimNext = false;
  private canTrimPrev = false;

  /** `start`: where the template's text starts (the span of an empty template). */
  constructor(private readonly start: number) {}

  lit(v: string, o: number, e: number): void {
    this.parts.push({ t: "lit", v: this.ltrimNext ? v.trimStart() : v, o, e });
    this.ltrimNext = false;
    this.canTrimPrev = true;
  }

  /** An interpolation or directive; `stripLeft` is a `~` after its `{`, `stripRight` one before its `}`. */
  sequence(part: Exclude<RawPart, Lit>, stripLeft: boolean, stripRight: boolean): void {
    const prev = this.parts[this.parts.length - 1];
    if (stripLeft && this.canTrimPrev && prev?.t === "lit") prev.v = prev.v.trimEnd();
    this.parts.push(part);
    this.canTrimPrev = false;
    this.ltrimNext = stripRight;
  }

  finish(flush: boolean): TemplatePart[] {
    if (flush) flushIndent(this.parts);
    const melded: RawPart[] = [];
    for (const p of this.parts) {
      const prev = melded[melded.length - 1];
      if (p.t === "lit" && prev?.t === "lit") {
        prev.v += p.v;
        prev.e = p.e;
      } else melded.push(p);
    }
    if (melded.length === 0) return [{ p: "lit", v: "", o: this.start, e: this.start }];
    return nest(melded);
  }
}

/**
 * `<<-`: the smallest count of leading spaces of the literals that start a line (a line of only spaces does not
 * count, and a line starting with `${` counts as none), removed from each of those literals.
 */
function flushIndent(parts: RawPart[]): void {
  let min = Number.POSITIVE_INFINITY;
  let newline = true;
  const adjust: Lit[] = [];
  for (const p of parts) {
    if (newline) {
      newline = false;
      let spaces = 0;
      if (p.t === "lit") {
        const trimmed = p.v.trimStart();
        if (trimmed === "" && p.v.endsWith("\n")) spaces = Number.POSITIVE_INFINITY;
        else {
          spaces = p.v.length - trimmed.length;
          adjust.push(p);
        }
      }
      min = Math.min(min, spaces);
    }
    if (p.t === "lit" && p.v.endsWith("\n")) newline = true;
  }
  if (!Number.isFinite(min) || min === 0) return;
  for (const p of adjust) p.v = p.v.slice(min);
}

interface Open {
  readonly head: Extract<RawPart, { t: "if" | "for" }>;
  readonly a: TemplatePart[];
  b?: TemplatePart[];
}

/** Directives into a tree; unbalanced ones are located errors. */
function nest(parts: readonly RawPart[]): TemplatePart[] {
  const root: TemplatePart[] = [];
  const stack: Open[] = [];
  const into = () => {
    const top = stack[stack.length - 1];
    return top ? (top.b ?? top.a) : root;
  };
  for (const p of parts) {
    switch (p.t) {
      case "lit":
        into().push({ p: "lit", v: p.v, o: p.o, e: p.e });
        break;
      case "interp":
        into().push({ p: "interp", x: p.x, o: p.o, e: p.e });
        break;
      case "if":
      case "for":
        if (stack.length >= MAX_DEPTH) throw new HclSyntaxError(`template directives nested more than ${MAX_DEPTH} levels deep`, p.o);
        stack.push({ head: p, a: [] });
        break;
      case "else": {
        const top = stack[stack.length - 1];
        if (top?.head.t !== "if" || top.b) throw new HclSyntaxError(top?.head.t === "if" ? "a second %{ else } in one %{ if }" : "%{ else } without an %{ if }", p.o);
        top.b = [];
        break;
      }
      case "endif":
      case "endfor": {
        const top = stack.pop();
        const want = p.t === "endif" ? "if" : "for";
        if (top?.head.t !== want) throw new HclSyntaxError(`%{ ${p.t} } without a matching %{ ${want} }${top ? ` (the %{ ${top.head.t} } before it is not closed)` : ""}`, p.o);
        const h = top.head;
        into().push(
          h.t === "if"
            ? { p: "if", cond: h.cond, a: top.a, ...(top.b ? { b: top.b } : {}), o: h.o, e: p.e }
            : { p: "for", ...(h.keyVar ? { keyVar: h.keyVar } : {}), valVar: h.valVar, coll: h.coll, body: top.a, o: h.o, e: p.e },
        );
        break;
      }
    }
  }
  const open = stack[stack.length - 1];
  if (open) throw new HclSyntaxError(`%{ ${open.head.t} } is not closed: no %{ end${open.head.t} } before the end of the template`, open.head.o);
  return root;
}
