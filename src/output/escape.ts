/**
 * How batchlint prints text it read (values, messages built from values, file names): linted files come from
 * whoever opened the pull request, and the terminal and the CI log act on some characters instead of showing them.
 * Every human-readable format passes such text through `showText` (then through its own escaping: HTML, XML,
 * Markdown, workflow-command data); JSON and SARIF pass their serialised text through `jsonText`.
 */

/**
 * Characters that act instead of showing: C0 and C1 controls (ESC starts every ANSI and OSC sequence; LF, and CR
 * alone, end a line for a terminal and for the CI runners, which read output line by line), DEL, format characters
 * (the bidi controls U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C; zero-width characters; tag characters),
 * the other default-ignorable code points (a culture-aware search, as the runners' may be, skips them: `#`, U+00AD,
 * `#` would read as `##`), and the line and paragraph separators.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{DI}\u2028\u2029]/gu;
const HIDDEN_BUT_TAB = /(?!\t)[\p{Cc}\p{Cf}\p{DI}\u2028\u2029]/gu;

/**
 * The second `#` of a logging command: Azure Pipelines acts on `##vso[` and GitHub's runner on `##[` (its older
 * syntax) anywhere in a line of a step's output, not only at its start.
 */
const COMMAND = /(?<=#)#(?=(?:vso)?\[)/gi;
/** The second `#` written as a JSON escape: the same string for a JSON reader. */
const JSON_COMMAND = "\\u0023";

/**
 * Whether `showText` would change `s`. Most texts have nothing to change: tests, no new string, and the Unicode
 * classes only for a text with something other than printable ASCII (an audit prints millions of texts).
 */
function needsShowing(s: string): boolean {
  return (UNUSUAL.test(s) && HAS_HIDDEN.test(s)) || s.includes("##");
}
const UNUSUAL = /[^\x20-\x7e]/;
const HAS_HIDDEN = /[\p{Cc}\p{Cf}\p{DI}\u2028\u2029]/u;

/** GitHub's runner reads `::command::` at the start of a line after leading white space (.NET's TrimStart). */
const WORKFLOW_COMMAND_START = /^\s*::/;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\n`, `\r`, `\t`, else `\u001b` (`\u{e0041}` above the BMP): how JSON and JavaScript write the character. */
function escaped(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const cp = c.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

/**
 * Text from the input as it is printed: hidden characters (HIDDEN) shown escaped, and no logging command
 * (`##vso[`, `##[`) left in it. Backslashes are left alone, so Windows paths and ARM expressions print as before.
 */
export function showText(s: string): string {
  if (!needsShowing(s)) return s;
  return s.replace(HIDDEN, escaped).replace(COMMAND, JSON_COMMAND);
}

/**
 * Text from the input that a line starts with: `showText`, and a leading `::` (a GitHub workflow command once the
 * runner trims the line) has its first colon escaped.
 */
export function showLineStart(s: string): string {
  const t = showText(s);
  return WORKFLOW_COMMAND_START.test(t) ? t.replace(":", "\\u003a") : t;
}

/**
 * A file name that a line starts with: `showText`, and `./` before a name that would start a workflow command
 * (`::stop-commands::x.json`), so the line still names the same file.
 */
export function showPath(file: string): string {
  const t = showText(file);
  return WORKFLOW_COMMAND_START.test(t) ? `./${t}` : t;
}

/**
 * Multi-line text printed as it is (a diff, an error report): each line as `showLineStart` shows it, but tabs and
 * the CR of a CRLF line end are kept, so a diff of a tab-indented or CRLF file stays readable and applicable.
 */
export function showLines(text: string): string {
  if (!needsShowing(text) && !/(?:^|\n)\s*::/.test(text)) return text;
  return text
    .split("\n")
    .map((line, i, all) => {
      const crlf = i < all.length - 1 && line.endsWith("\r");
      const body = (crlf ? line.slice(0, -1) : line).replace(HIDDEN_BUT_TAB, escaped).replace(COMMAND, JSON_COMMAND);
      return (WORKFLOW_COMMAND_START.test(body) ? body.replace(":", "\\u003a") : body) + (crlf ? "\r" : "");
    })
    .join("\n");
}

/** Characters JSON.stringify leaves raw that `jsonText` writes as `\u` escapes (it escapes C0 itself). */
const JSON_HIDDEN = /[\u007f-\u009f\p{Cf}\p{DI}\u2028\u2029]/gu;
const NON_ASCII = /[^\x00-\x7e]/;
const JSON_HAS_HIDDEN = /[\u007f-\u009f\p{Cf}\p{DI}\u2028\u2029]/u;

/**
 * Serialised JSON made safe to print: DEL, C1, format and default-ignorable characters and U+2028/U+2029 as `\u`
 * escapes, and the second `#` of `##vso[` / `##[` as `\u0023`. A JSON reader gets the same values (these characters
 * only occur inside strings); JSON without them is returned unchanged.
 */
export function jsonText(json: string): string {
  // Tests first (a JSON report can be hundreds of megabytes): JSON without these characters is not copied.
  if (!(NON_ASCII.test(json) && JSON_HAS_HIDDEN.test(json)) && !json.includes("##")) return json;
  return json.replace(JSON_HIDDEN, jsonEscaped).replace(COMMAND, JSON_COMMAND);
}

/** A JSON `\u` escape (a surrogate pair above the BMP). */
function jsonEscaped(c: string): string {
  let out = "";
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return out;
}
