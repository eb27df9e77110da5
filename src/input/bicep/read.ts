/** Bicep text → a BicepDoc, or an InputError located at the syntax error (exit 2, like a JSON syntax error). */
import type { RunContext } from "../../context.js";
import { InputError, positionIn } from "../../parse/document.js";
import { BicepDoc, type BicepDocKind } from "./doc.js";
import { BicepSyntaxError, Lexer } from "./lexer.js";
import { parseBicep } from "./parser.js";

/** .bicep and .bicepparam files: linted as Bicep, whatever their text looks like. */
export const BICEP_FILE = /\.bicep(param)?$/i;

export function bicepKindOf(file: string): BicepDocKind | undefined {
  const m = BICEP_FILE.exec(file);
  return m ? (m[1] ? "bicepparam" : "bicep") : undefined;
}

export function parseBicepDoc(raw: string, file: string, context: RunContext, kind: BicepDocKind): BicepDoc {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const p = positionIn(text, nul);
    throw new InputError("NUL character in file (binary or UTF-16 without BOM?)", file, p.line, p.column, "invalid-encoding");
  }
  try {
    return new BicepDoc(file, text, context, kind, parseBicep(text));
  } catch (e) {
    if (!(e instanceof BicepSyntaxError)) throw e;
    const p = positionIn(text, e.offset);
    throw new InputError(`Bicep syntax error: ${e.message}`, file, p.line, p.column, "bicep-syntax");
  }
}

/**
 * The template a .bicepparam's `using` names, read from the start of its text (`using` is its first statement):
 * undefined for `using none`, an interpolated or registry path, or text that does not lex (a cut-off start).
 */
export function usingPath(head: string): string | undefined {
  try {
    const lexer = new Lexer(head);
    let t = lexer.next();
    while (t.k === "nl") t = lexer.next();
    if (t.k !== "id" || t.v !== "using") return undefined;
    const p = lexer.next();
    return p.k === "str" && !p.holes?.length && !/^(?:br|ts)[:/]/i.test(p.v) ? p.v : undefined;
  } catch (e) {
    if (e instanceof BicepSyntaxError) return undefined;
    throw e;
  }
}
