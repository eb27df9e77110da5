/**
 * What every report must satisfy whatever the input: the checks the fuzz runner (and test/fuzz.e2e.test.ts) apply
 * to each output. A problem is { cat, msg }: a category (for counting and de-duplication) and what was seen.
 */

/** batchlint's own GitHub annotation: `::error|warning|notice` with escaped properties, then `::`. */
const OWN_ANNOTATION = /^::(error|warning|notice)(?: (?:file|line|col|endLine|endColumn|title)=[^,:\r\n]*(?:,(?:file|line|col|endLine|endColumn|title)=[^,:\r\n]*)*)?::/;
/** Formats read by people in a terminal or a CI log (everything but the structured ones below). */
const STRUCTURED = new Set(["json", "sarif", "junit", "html"]);
const SGR = /^\u001b\[[0-9;]*m/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
// C0 controls but tab and newline, DEL, and C1 controls (U+0085 NEL and U+009B CSI act in terminals).
const CONTROL = /[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F-\u009F]/;
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const show = (s) => JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}…` : s);

/**
 * Lines as a CI runner reads them: GitHub's and Azure's agents split on CR as well as LF, and GitHub trims
 * leading white space before looking for `::`.
 */
export function runnerLines(text) {
  return text.split(/\r\n|\r|\n/);
}

/** Problems with one output of format `format` (`color`: colours were asked for, so SGR escapes are batchlint's). */
export function checkOutput(format, text, { color = false } = {}) {
  const problems = [];
  const once = new Set();
  const add = (cat, msg) => {
    if (once.has(cat)) return;
    once.add(cat);
    problems.push({ cat: `${cat} (${format})`, msg });
  };
  if (/internal error/i.test(text)) add("internal-error", show(text.slice(Math.max(0, text.search(/internal error/i) - 40)).split("\n")[0]));
  for (const line of runnerLines(text)) {
    const t = line.trimStart();
    if (t.startsWith("::") && !(format === "github" && OWN_ANNOTATION.test(t))) add("workflow-command", show(line));
    if (t.startsWith("##vso[") || t.startsWith("##[")) add("logging-command", show(line));
  }
  if (format === "json" || format === "sarif") {
    try {
      JSON.parse(text);
    } catch (e) {
      add("invalid-json", e.message);
    }
  } else if (format === "junit") {
    const m = XML_INVALID.exec(text);
    if (m) add("invalid-xml-character", show(text.slice(Math.max(0, m.index - 30), m.index + 30)));
  } else if (!STRUCTURED.has(format)) {
    for (let i = text.indexOf("\u001b"); i >= 0; i = text.indexOf("\u001b", i + 1)) {
      if (!(color && SGR.test(text.slice(i, i + 16)))) {
        add("raw-escape", show(text.slice(Math.max(0, i - 30), i + 30)));
        break;
      }
    }
    const c = CONTROL.exec(text.replace(/\u001b/g, "").replace(/\r\n/g, "\n"));
    if (c) add("raw-control", `U+${c[0].charCodeAt(0).toString(16).padStart(4, "0")} in output`);
    const b = BIDI.exec(text);
    if (b) add("raw-bidi", `U+${b[0].charCodeAt(0).toString(16).padStart(4, "0")} in output`);
  }
  return problems;
}

/** Problems with how a CLI run ended: exit code, signal, stack traces and internal errors on standard error. */
export function checkProcess({ status, signal, stderr, timedOut }) {
  const problems = [];
  if (timedOut) problems.push({ cat: "hang (cli)", msg: "the run did not finish in time" });
  else if (signal) problems.push({ cat: "crash (cli)", msg: `killed by ${signal}; ${show(stderr.slice(-300))}` });
  else if (![0, 1, 2].includes(status)) problems.push({ cat: "exit-code (cli)", msg: `exit ${status}; ${show(stderr.slice(-300))}` });
  if (/internal error/i.test(stderr)) problems.push({ cat: "internal-error (stderr)", msg: show(stderr.slice(stderr.search(/internal error/i)).split("\n")[0]) });
  if (/^\s+at .*(\.js|\.mjs):\d+:\d+\)?$/m.test(stderr)) problems.push({ cat: "stack-trace (stderr)", msg: show(stderr.slice(0, 300)) });
  return problems;
}
