/** Tokens of the ARM template expression language, between the brackets of "[...]". */
import { ExprError } from "./errors.js";

export type Tok = { t: "(" | ")" | "," | "." | "[" | "]" | "?" | "str" | "num" | "id" | "eof"; v?: string; n?: number; o: number };

export function lex(s: string, start: number, end: number): Tok[] {
  const toks: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = s[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if ("(),.[]?".includes(c)) {
      toks.push({ t: c as Tok["t"], o: i });
      i++;
    } else if (c === "'") {
      const o = i;
      let v = "";
      i++;
      for (;;) {
        if (i >= end) throw new ExprError("unterminated string literal", o);
        const d = s[i]!;
        if (d === "'") {
          if (s[i + 1] === "'" && i + 1 < end) {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += d;
        i++;
      }
      toks.push({ t: "str", v, o });
    } else if ((c >= "0" && c <= "9") || (c === "-" && s[i + 1]! >= "0" && s[i + 1]! <= "9")) {
      const o = i;
      i++;
      while (i < end && ((s[i]! >= "0" && s[i]! <= "9") || s[i] === ".")) i++;
      const text = s.slice(o, i);
      const n = Number(text);
      if (!Number.isFinite(n)) throw new ExprError(`invalid number '${text}'`, o);
      toks.push({ t: "num", n, o });
    } else if (/[A-Za-z_$]/.test(c)) {
      const o = i;
      while (i < end && /[A-Za-z0-9_$]/.test(s[i]!)) i++;
      toks.push({ t: "id", v: s.slice(o, i), o });
    } else {
      throw new ExprError(`unexpected character '${c}'`, i);
    }
  }
  toks.push({ t: "eof", o: end });
  return toks;
}
