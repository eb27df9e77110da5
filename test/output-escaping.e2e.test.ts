/**
 * Issue 19, item 1 (and 9's Markdown and SARIF points): whatever a linted file holds, batchlint's output starts no
 * CI logging command, writes no control or bidi character from the input, notifies no one from a Markdown comment and
 * links nowhere from SARIF; values stay exact in JSON and SARIF. The attack runs through the built CLI in every format.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { FORMATTERS } from "../src/output/index.js";
import { github } from "../src/output/github.js";
import { stylish } from "../src/output/stylish.js";
import { junit } from "../src/output/junit.js";
import { markdown } from "../src/output/markdown.js";
import { lintText } from "../src/pipeline/run.js";
import { rules } from "../rules/index.js";
import { bin, scratch, write } from "./cli-run.js";
import { repoRoot } from "./helpers.js";

/** The account name of the issue: a GitHub stop-commands and an Azure Pipelines setvariable, each on a line of its own. */
const NAME = "x\n::stop-commands::pwn\n##vso[task.setvariable variable=SKIP]true\n";
/** ANSI (clear screen), OSC (window title, hyperlink), C1 CSI, bidi overrides and isolates, LRM, a lone CR. */
const VALUE = "Enabled\u001b[2J\u001b]0;title\u0007\u001b]8;;http://evil.example\u001b\\\u009b31m\u202eevil\u2066\u200e\u061c\r::error::cr ##[stop-commands]t #\u00ad#vso[x]y";
/** Markdown from the input: a mention, links, an image, an autolink, HTML, a related-location link, an entity. */
const MARKDOWN = "@octocat [click](https://evil.example) ![img](https://evil.example/i.png) <https://evil.example> <b>bold</b> [loc](1) &#64;team #123";
const FILE = "::stop-commands::f\u001b[31m\u202e.json";

/** Every character a terminal or a CI runner acts on, but LF (which ends a line) and TAB (no format writes one). */
const RAW_HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

function hostileTree(): string {
  const account = (name: string, properties: Record<string, unknown>) =>
    JSON.stringify({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a${name.length}`, name, type: "Microsoft.Batch/batchAccounts", location: "westeurope", properties }, null, 2);
  return scratch({
    [FILE]: account(NAME, { publicNetworkAccess: VALUE, allowedAuthenticationModes: ["SharedKey", MARKDOWN] }),
    "  ::warning::sp.json": account("ok", { publicNetworkAccess: "Enabled" }),
    "##[error]h.json": account("h", { publicNetworkAccess: "Enabled" }),
    // A file that cannot be parsed, named with a line break: its error is reported in every format.
    "x\n::stop-commands::nl.json": '{"a": [1,, "\u001b]0;t\u0007 ##vso[task.x]y"',
  });
}

function cli(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ".", ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Lines that would be a logging command: GitHub's `::` at the start after leading white space (.NET TrimStart; JS
 * `\s` covers its white space), and `##vso[` / `##[` anywhere (Azure Pipelines and GitHub's runner look for them with
 * IndexOf, which may skip default-ignorable characters: they are removed first). Lines end at CR as well as LF
 * (the runners read lines with .NET's ReadLine). `own` says which lines batchlint wrote itself.
 */
function commandLines(out: string, own: (line: string) => boolean = () => false): string[] {
  return out.split(/\r\n|\r|\n/).filter((line) => (/^\s*::/.test(line) && !own(line)) || /##(vso)?\[/i.test(line.replace(/[\p{Cf}\p{DI}]/gu, "")));
}

describe("every format through the CLI: the issue's account, ANSI, OSC and bidi in values and file names", () => {
  const dir = hostileTree();
  const formats = Object.keys(FORMATTERS);
  const findings = JSON.parse(cli(dir, ["-f", "json"]).stdout) as { findings: { ruleId: string; message: string; file: string }[]; errors: { file: string }[] };

  test("the attack reaches the output: the files are linted, the values are in the findings, exactly (json)", () => {
    expect(findings.findings.some((f) => f.ruleId === "BATCH019" && f.message.includes(`'${NAME}'`) && f.file === FILE)).toBe(true);
    expect(findings.findings.some((f) => f.message.includes(VALUE))).toBe(true);
    expect(findings.findings.some((f) => f.message.includes(MARKDOWN))).toBe(true);
    expect(findings.errors.map((e) => e.file)).toEqual(["x\n::stop-commands::nl.json"]);
    expect(new Set(findings.findings.map((f) => f.file))).toEqual(new Set([FILE, "  ::warning::sp.json", "##[error]h.json"]));
  });

  test.each(formats)("%s: no line starts a logging command but batchlint's own annotations; no raw control, bidi or CR character", (format) => {
    const extra = format === "stylish" || format === "json" ? ["--summary", "--verbose"] : [];
    const r = cli(dir, ["-f", format, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    const own = (line: string) => format === "github" && /^::(error|warning|notice) file=[^\n]*::/.test(line);
    expect(commandLines(r.stdout, own)).toEqual([]);
    expect(commandLines(r.stderr)).toEqual([]);
    expect(r.stdout.match(RAW_HIDDEN)).toBeNull();
    expect(r.stderr.match(RAW_HIDDEN)).toBeNull();
    if (format === "github") {
      // One annotation per finding and per unreadable file, each a line of its own.
      expect(r.stdout.split("\n").filter((l) => l.startsWith("::")).length).toBe(findings.findings.length + findings.errors.length);
      expect(r.stdout).toContain("::error file=%3A%3Astop-commands%3A%3Af\\u001b[31m\\u202e.json,line=");
    }
  });

  test("stylish shows what was there, escaped; a file name that would start a command line is prefixed with ./", () => {
    const out = cli(dir, ["--verbose"]).stdout;
    expect(out).toContain("'x\\n::stop-commands::pwn\\n#\\u0023vso[task.setvariable variable=SKIP]true\\n'");
    expect(out).toContain("Enabled\\u001b[2J\\u001b]0;title\\u0007\\u001b]8;;http://evil.example\\u001b\\\\u009b31m\\u202eevil\\u2066\\u200e\\u061c\\r::error::cr #\\u0023[stop-commands]t #\\u00ad#vso[x]y");
    expect(out).toMatch(/^\.\/::stop-commands::f\\u001b\[31m\\u202e\.json:\d+:\d+: error BATCH019 /m);
    expect(out).toMatch(/^\.\/ {2}::warning::sp\.json:\d+:\d+: /m);
    expect(out).toMatch(/^#\\u0023\[error\]h\.json:\d+:\d+: /m);
    expect(out).toMatch(/^x\\n::stop-commands::nl\.json:1:\d+: error /m);
  });

  test("stylish in colour: the only escape sequences are batchlint's own colours", () => {
    const out = cli(dir, ["--color"]).stdout;
    expect(out).toContain("\u001b[1m");
    expect(out.match(/\u001b(?!\[\d+m)/g)).toBeNull();
    expect(out.match(/[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u)).toBeNull();
  });

  test("markdown: no mention, link, image, autolink or HTML from the input; batchlint's rule links stay", () => {
    const md = cli(dir, ["-f", "markdown"]).stdout;
    expect(md).toContain("@&#8203;octocat \\[click\\](https://evil.example) !\\[img\\](https://evil.example/i.png) &lt;https://evil.example&gt; &lt;b&gt;bold&lt;/b&gt; \\[loc\\](1) &amp;#&#8203;64;team #&#8203;123");
    expect(md).not.toMatch(/@octocat|@team|<b>|<https:|(?<!\\)\]\(https:\/\/evil|(?<!\\)\]\(1\)|&#64;team|#123/);
    expect(md).toMatch(/\| \[BATCH001\]\(https:\/\/[^)]+\) /);
    // The Markdown source shows the escape; GitHub renders `\\u001b` as `\u001b`.
    expect(md).toContain("'x\\\\n::stop-commands::pwn\\\\n#\\\\u0023vso\\[task.setvariable variable=SKIP\\]true\\\\n'");
  });

  test("sarif: message.text shows [text](url) and [text](1) from the input as written; the values read back exactly", () => {
    const out = cli(dir, ["-f", "sarif"]).stdout;
    const log = JSON.parse(out) as { runs: { results: { message: { text: string } }[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    const texts = log.runs[0]!.results.map((r) => r.message.text);
    const linked = texts.find((t) => t.includes("octocat"))!;
    expect(linked).toContain("@octocat \\[click\\](https://evil.example) !\\[img\\](https://evil.example/i.png) <https://evil.example> <b>bold</b> \\[loc\\](1)");
    expect(linked).toContain("allowedAuthenticationModes\\[\\]");
    // A message without a link is unchanged, brackets included; the hidden characters are exact for a SARIF reader.
    expect(texts.some((t) => t.includes(`'${NAME}'`))).toBe(true);
    expect(texts.some((t) => t.includes(VALUE) && !t.includes("\\["))).toBe(true);
    expect(out).toContain("\\u202e");
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.message.text).toMatch(/^x\n::stop-commands::nl\.json:1:/);
  });

  test("html: the report stays escaped, shows bidi and control characters, and no line of it starts with the input", () => {
    const page = cli(dir, ["-f", "html"]).stdout;
    expect(page).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(page).not.toContain("<b>bold</b>");
    expect(page).toContain("\\u202eevil");
    expect(page).toContain("x\\n::stop-commands::pwn");
  });
});

describe("text that a line starts with, and batchlint's other print sites", () => {
  test("a plugin's help text with line breaks starts no line in stylish, github or junit", () => {
    const result = lintText('{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}', "a.json", { rules });
    const help = "Fix it.\n::stop-commands::p\n  ::warning::q\r##vso[task.complete]";
    const noisy = rules.map((r) => ({ ...r, meta: { ...r.meta, docs: { ...r.meta.docs, remediation: help } } }));
    const ctx = { rules: noisy, base: repoRoot, color: false };
    expect(commandLines(stylish(result, ctx))).toEqual([]);
    expect(commandLines(github(result, ctx), (l) => /^::(error|warning|notice) file=a\.json,/.test(l))).toEqual([]);
    expect(commandLines(junit(result, ctx))).toEqual([]);
    expect(commandLines(markdown(result, ctx))).toEqual([]);
    expect(stylish(result, ctx)).toContain("help: Fix it.\\n::stop-commands::p\\n  ::warning::q\\r#\\u0023vso[task.complete]");
  });

  test("a configuration error from the linted tree: its file name and quoted values are shown escaped", () => {
    const dir = scratch({ "a.json": '{"id":"/x","type":"Microsoft.Batch/batchAccounts","properties":{}}' });
    write(dir, "::x\u001b[2J.json", JSON.stringify({ rules: { "\n::stop-commands::c\u202e": "error" } }));
    const r = spawnSync(process.execPath, [bin, "a.json", "-c", "::x\u001b[2J.json"], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.length).toBeGreaterThan(0);
    expect(commandLines(r.stderr)).toEqual([]);
    expect(r.stderr.match(RAW_HIDDEN)).toBeNull();
  });

  test("baseline entries that no longer match, from a hostile baseline file, are listed escaped", () => {
    const dir = scratch({ "a.json": JSON.stringify({ id: "/x", name: "abc", type: "Microsoft.Batch/batchAccounts", properties: {} }, null, 2) });
    const created = spawnSync(process.execPath, [bin, "a.json", "--baseline-create", "b.json"], { cwd: dir, encoding: "utf8" });
    expect(created.status).toBe(0);
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, "b.json"), "utf8"));
    baseline.entries.push({ ...baseline.entries[0], fingerprint: "0123456789abcdef0123:9", resource: "r\n::stop-commands::b\u001b]0;t\u0007", propertyPath: "p\r##vso[task.complete]" });
    fs.writeFileSync(path.join(dir, "b.json"), JSON.stringify(baseline));
    const r = spawnSync(process.execPath, [bin, "a.json", "--baseline", "b.json"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toContain("no longer match");
    expect(r.stderr).toContain("r\\n::stop-commands::b\\u001b]0;t\\u0007 p\\r#\\u0023vso[task.complete]");
    expect(commandLines(r.stderr)).toEqual([]);
    expect(r.stderr.match(RAW_HIDDEN)).toBeNull();
  });

  test("the --fix-dry-run diff of a file with commands and escapes in a comment shows them escaped, tabs and CRLF kept", () => {
    const text = [
      "{",
      '\t"id": "/x", "name": "abc", "type": "Microsoft.Batch/batchAccounts",',
      "/*",
      "::stop-commands::d",
      "\t  ::warning::e \u001b[2J ##vso[task.complete] \u202e",
      "*/",
      '\t"properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"] }',
      "}",
      "",
    ].join("\r\n");
    const dir = scratch({ "a.jsonc": text });
    const r = spawnSync(process.execPath, [bin, "a.jsonc", "--fix-dry-run=-"], { cwd: dir, encoding: "utf8" });
    expect(r.stdout).toContain('\n-\t"properties": { "allowedAuthenticationModes": ["AAD", "SharedKey"] }\r\n');
    expect(r.stdout).toContain("\n \\u003a:stop-commands::d\r\n");
    expect(r.stdout).toContain("\n \t  \\u003a:warning::e \\u001b[2J #\\u0023vso[task.complete] \\u202e\r\n");
    expect(commandLines(r.stdout)).toEqual([]);
    expect(r.stdout.replace(/\r\n/g, "\n").match(RAW_HIDDEN)).toBeNull();
    expect(fs.readFileSync(path.join(dir, "a.jsonc"), "utf8")).toBe(text);
  });
});
