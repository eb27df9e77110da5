/**
 * Issue 19, item 7: locating findings is linear in the document, and a document with no value in it is refused
 * in time linear in its size with little memory. The large inputs are generated here, at test time.
 *
 * Before: 100,000 unknown top-level keys (1.5 MB) took 87 s (`locate` walked the member list once per finding);
 * 130,000 duplicate keys overflowed the stack; a 60 MiB file of spaces took 20 s and 2.2 GB to refuse.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { lintText } from "../src/pipeline/run.js";
import { rules } from "../rules/index.js";
import { InputError, parseDocument } from "../src/parse/document.js";
import { nodeFromValue, valueOf, type PNode } from "../src/model/tree.js";
import type { Value } from "../src/model/value.js";
import { repoRoot } from "./helpers.js";

const base = JSON.stringify(JSON.parse(fs.readFileSync(path.join(repoRoot, "fixtures/audit/az-batch-account-show.json"), "utf8")), null, 2);
/** The account's own lines, without the closing brace: the generated members start on the next line. */
const head = base.slice(0, base.lastIndexOf("\n}"));
const headLines = head.split("\n").length;

/** An exported account with `n` more members, one a line: `member(i)` writes the i-th. */
function account(n: number, member: (i: number) => string): string {
  const parts: string[] = [head];
  for (let i = 0; i < n; i++) parts.push(`,\n  ${member(i)}`);
  parts.push("\n}\n");
  return parts.join("");
}

/**
 * Milliseconds a test may take: generous (a shared, loaded machine), far below the minutes it took. In-process
 * runs are timed in CPU time (the machine's load does not count), spawned ones in wall time.
 */
const BOUND_MS = 25_000;

/** CPU milliseconds `f` takes in this process. */
function cpuMs(f: () => void): number {
  const before = process.cpuUsage();
  f();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-linear-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const MiB = 1 << 20;

/** Writes `size` bytes of `fill` between `before` and `after`, a MiB at a time. */
function generate(name: string, before: string, fill: string, size: number, after: string): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, before);
  const chunk = Buffer.alloc(MiB, fill);
  for (let done = 0; done < size; done += MiB) fs.writeSync(fd, chunk, 0, Math.min(MiB, size - done));
  fs.writeSync(fd, after);
  fs.closeSync(fd);
  return file;
}

interface JsonReport {
  errors: { line: number; column: number; message: string; code: string }[];
  findings: { ruleId: string; line: number; column: number }[];
}

/** The built CLI on one file, with a heap of 256 MB, within the bound. */
function cli(file: string): { status: number | null; out: JsonReport } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--max-old-space-size=256", path.join(repoRoot, "dist/bundle/cli.js"), "-f", "json", "--max-file-size", "100", file], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const ms = performance.now() - t0;
  expect(r.stdout, r.stderr).not.toBe("");
  expect(ms).toBeLessThan(BOUND_MS);
  return { status: r.status, out: JSON.parse(r.stdout) as JsonReport };
}

describe("locating findings is linear", () => {
  /** An account that allows shared-key authentication (BATCH001), exported or in a template. */
  const sharedKey = {
    "an exported account": base.replace('"AAD"', '"SharedKey"'),
    "a template's account": JSON.stringify(
      {
        $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        contentVersion: "1.0.0.0",
        resources: [{ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: "acct", location: "westeurope", properties: { allowedAuthenticationModes: ["SharedKey"] } }],
      },
      null,
      2,
    ),
  };
  test.each(Object.keys(sharedKey) as (keyof typeof sharedKey)[])(
    "%s followed by 60 MiB of line breaks: its finding, located (line starts in one block)",
    (kind) => {
      const text = sharedKey[kind];
      const { status, out } = cli(generate(`tall-${kind}.json`, text, "\n", 60 * MiB, ""));
      expect(out.errors).toEqual([]);
      expect(status).toBe(1);
      const line = text.slice(0, text.indexOf('"SharedKey"')).split("\n").length;
      expect(out.findings.find((f) => f.ruleId === "BATCH001")).toMatchObject({ line });
    },
    60_000,
  );

  test("100,000 unknown top-level keys: 100,000 findings, each at its key", () => {
    const text = account(100_000, (i) => `"unknownKey${i}": ${i}`);
    expect(text.length).toBeGreaterThan(1_500_000);
    let r!: ReturnType<typeof lintText>;
    const ms = cpuMs(() => (r = lintText(text, "unknown.json", { rules })));
    expect(r.errors).toEqual([]);
    const found = r.findings.filter((f) => f.ruleId === "BATCH904");
    expect(found).toHaveLength(100_000);
    for (const i of [0, 1, 50_000, 99_999]) {
      const f = found[i]!;
      const key = `"unknownKey${i}"`;
      expect(f.message).toContain(`'unknownKey${i}'`);
      expect(f.region).toMatchObject({ startLine: headLines + 1 + i, startColumn: 3, endLine: headLines + 1 + i, endColumn: 3 + key.length });
      expect(text.slice(f.region.charOffset, f.region.charOffset + f.region.charLength)).toBe(key);
    }
    expect(ms).toBeLessThan(BOUND_MS);
  }, 60_000);

  test("130,000 duplicate keys: 129,999 findings (no stack overflow), each at its ignored key", () => {
    const n = 130_000;
    const text = account(n, (i) => `"a": ${i}`);
    let r!: ReturnType<typeof lintText>;
    const ms = cpuMs(() => (r = lintText(text, "dup.json", { rules })));
    expect(r.errors).toEqual([]);
    const found = r.findings.filter((f) => f.ruleId === "BATCH910");
    expect(found).toHaveLength(n - 1);
    const lastLine = headLines + n;
    for (const i of [0, 1, 64_999, n - 2]) {
      const f = found[i]!;
      expect(f.region).toMatchObject({ startLine: headLines + 1 + i, startColumn: 3, endLine: headLines + 1 + i, endColumn: 6 });
      expect(text.slice(f.region.charOffset, f.region.charOffset + f.region.charLength)).toBe('"a"');
      expect(f.related[0]!.region).toMatchObject({ startLine: lastLine, startColumn: 3 });
    }
    expect(ms).toBeLessThan(BOUND_MS);
  }, 60_000);

  test("50,000 unknown keys in a template's account (the full reader's tree): each finding at its key", () => {
    // The node tree's path: a template with an account whose properties hold 50,000 unknown keys.
    const props = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`unk${i}`, i]));
    const template = {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources: [{ type: "Microsoft.Batch/batchAccounts", apiVersion: "2024-07-01", name: "acct", location: "westeurope", properties: props }],
    };
    const text = JSON.stringify(template, null, 2);
    let r!: ReturnType<typeof lintText>;
    const ms = cpuMs(() => (r = lintText(text, "main.json", { rules })));
    expect(r.errors).toEqual([]);
    const found = r.findings.filter((f) => f.ruleId === "BATCH904");
    expect(found).toHaveLength(50_000);
    const at = (key: string) => text.indexOf(`"${key}":`);
    for (const i of [0, 49_999]) {
      const f = found.find((x) => x.message.includes(`'unk${i}'`))!;
      expect(f.region.charOffset).toBe(at(`unk${i}`));
      expect(f.region.charLength).toBe(`"unk${i}"`.length);
    }
    expect(ms).toBeLessThan(BOUND_MS);
  }, 60_000);
});

describe("user-sized values never overflow the stack in the model", () => {
  test("an evaluated value nested 1,500 and 100,000 deep becomes a tree whose deepest part is unknown", () => {
    for (const levels of [1500, 100_000]) {
      let v: Value = 1;
      for (let i = 0; i < levels; i++) v = i % 2 ? [v] : ({ a: v } as Value);
      const tree = nodeFromValue(v, { file: "f.json", pointer: "" });
      let n: PNode = tree;
      let depth = 0;
      for (;;) {
        if (n.t === "arr") n = n.items[0]!;
        else if (n.t === "obj") n = n.props.get("a")!.node;
        else break;
        depth++;
      }
      expect(n).toMatchObject({ t: "unk", reason: "value nested too deeply" });
      expect(depth).toBe(1001);
      expect(() => valueOf(tree)).not.toThrow();
    }
  });
});

describe("a document with no value is refused in linear time and little memory", () => {
  /** The built CLI on one file: exit 2 and one located error (the refusal used to take 2.2 GB). */
  function refuse(file: string): { line: number; column: number; message: string } {
    const { status, out } = cli(file);
    expect(status).toBe(2);
    expect(out.findings).toEqual([]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.code).toBe("invalid-json");
    return out.errors[0]!;
  }

  const END = "invalid JSON: unexpected end of file, value expected (the file may be truncated)";

  test("60 MiB of spaces", () => {
    expect(refuse(generate("spaces.json", "", " ", 60 * MiB, ""))).toMatchObject({ line: 1, column: 60 * MiB + 1, message: END });
  }, 60_000);

  test("60 MiB of line breaks", () => {
    expect(refuse(generate("lines.json", "", "\n", 60 * MiB, ""))).toMatchObject({ line: 60 * MiB + 1, column: 1, message: END });
  }, 60_000);

  test("60 MiB of spaces, then a character that cannot start a value", () => {
    expect(refuse(generate("junk.json", "", " ", 60 * MiB, "x"))).toMatchObject({ line: 1, column: 60 * MiB + 1, message: "invalid JSON: unexpected character near 'x'" });
  }, 60_000);

  test("an object cut by 60 MiB of spaces before a stray character", () => {
    // The fast reader refuses it; jsonc-parser gives the error, on a copy with the run of spaces cut short.
    expect(refuse(generate("cut.json", '{"a": 1,', " ", 60 * MiB, "x}"))).toMatchObject({ line: 1, column: 8 + 60 * MiB + 1, message: "invalid JSON: unexpected character near 'x'" });
  }, 60_000);

  test("empty, blank and comment-only texts, and texts that start with what cannot start a value", () => {
    const err = (text: string) => {
      try {
        parseDocument(text, "t.json", { plain: true });
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        const ie = e as InputError;
        return `${ie.line}:${ie.column} ${ie.message}`;
      }
      return "parsed";
    };
    expect(err("")).toBe(`1:1 ${END}`);
    expect(err("\uFEFF")).toBe(`1:1 ${END}`);
    expect(err(" \t\r\n \n")).toBe(`3:1 ${END}`);
    expect(err(" \t\r\n \r")).toBe(`3:1 ${END}`);
    expect(err("\r\n\t ")).toBe(`2:3 ${END}`);
    expect(err("// nothing\n/* here */ \r\n")).toBe(`3:1 ${END}`);
    expect(err("/* unterminated")).toBe("1:1 invalid JSON: unterminated comment near '/*'");
    expect(err("  \n <html>")).toBe("2:2 invalid JSON: unexpected character near '<html>'");
    expect(err("}")).toBe("1:1 invalid JSON: value expected near '}'");
    expect(err("\n\n'a'")).toBe("3:1 invalid JSON: unexpected character near ''a''");
    expect(err(`x${"y".repeat(5 * MiB)}`)).toBe(`1:1 invalid JSON: unexpected character near 'x${"y".repeat(19)}'`);
    expect(err(" {}")).toBe("parsed");
  });
});
