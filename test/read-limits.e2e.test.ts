/**
 * Every read is bounded and stays in the tree; no crash loses the run (issue 19, items 2, 4 and 9's FIFO point).
 * Each case runs the built CLI on a scratch directory holding the hostile input beside an ordinary exported
 * account (account.json, which has a BATCH001 finding): the hostile input gets a located error or note, the run
 * ends in bounded time, and account.json's findings are still reported. Large inputs are generated here.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";
import { lintPaths } from "../src/pipeline/run.js";
import { rules } from "../rules/index.js";

const bin = path.join(repoRoot, "dist/bundle/cli.js");
const good = fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A scratch directory (not a git work tree, so the boundary is the directory named) with account.json in it. */
function scratch(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-read-")));
  dirs.push(root);
  const dir = path.join(root, "tree");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "account.json"), good);
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI in `dir` (heap capped: an unbounded read would die, not pass). */
function cli(dir: string, args: string[], input?: string | Buffer | { fd: number }, timeout = 30_000): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["--max-old-space-size=512", bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    timeout,
    ...(input !== undefined && typeof input === "object" && "fd" in input ? { stdio: [input.fd, "pipe", "pipe"] } : { input: input ?? "" }),
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

interface JsonOut {
  findings: { file: string; ruleId: string }[];
  errors: { file: string; line: number; column: number; message: string; code?: string }[];
}
function json(r: Run): JsonOut {
  expect(r.stdout, r.stderr).not.toBe("");
  return JSON.parse(r.stdout) as JsonOut;
}

function expectAccountReported(out: JsonOut) {
  expect(out.findings.some((f) => f.file === "account.json" && f.ruleId === "BATCH001")).toBe(true);
}

const TEMPLATE_HEAD = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "modes": { "type": "array", "defaultValue": ["AAD"] } },
  "resources": [`;

/** A template with a Batch account using parameter `modes`, and optionally a linked deployment. */
function template(relativePath?: string): string {
  const linked = relativePath
    ? `,
    { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
      "properties": { "mode": "Incremental", "templateLink": { "relativePath": ${JSON.stringify(relativePath)} } } }`
    : "";
  return `${TEMPLATE_HEAD}
    { "type": "Microsoft.Batch/batchAccounts", "apiVersion": "2024-07-01", "name": "acct", "location": "westeurope",
      "properties": { "allowedAuthenticationModes": "[parameters('modes')]" } }${linked}
  ]
}
`;
}

function mkfifo(p: string): void {
  const r = spawnSync("mkfifo", [p]);
  expect(r.status).toBe(0);
}

describe("non-regular files are refused, never read", () => {
  test("a paired parameters file that is a symbolic link to /dev/zero", () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, "main.json"), template());
    fs.symlinkSync("/dev/zero", path.join(dir, "main.parameters.json"));
    const r = cli(dir, [".", "-f", "json"]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(15_000);
    const out = json(r);
    expect(out.errors).toEqual([expect.objectContaining({ file: "main.parameters.json", line: 1, column: 1, code: "outside-tree" })]);
    expectAccountReported(out);
  });

  test("a parameters file that is a symbolic link, inside the tree, to a FIFO; and a FIFO as a linted file", () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, "main.json"), template());
    mkfifo(path.join(dir, "pipe"));
    fs.symlinkSync("pipe", path.join(dir, "main.parameters.json"));
    mkfifo(path.join(dir, "fifo.json"));
    const r = cli(dir, [".", "fifo.json", "-f", "json"]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(15_000);
    const out = json(r);
    expect(out.errors).toEqual([
      { file: "fifo.json", line: 1, column: 1, message: "not a regular file (a FIFO); not read", code: "not-regular-file" },
      { file: "main.parameters.json", line: 1, column: 1, message: "not a regular file (a FIFO); not read", code: "not-regular-file" },
    ]);
    expectAccountReported(out);
  });

  test("a FIFO given with --parameters", () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, "main.json"), template());
    mkfifo(path.join(dir, "p.json"));
    const r = cli(dir, [".", "--parameters", "p.json", "-f", "json"]);
    expect(r.code).toBe(2);
    const out = json(r);
    expect(out.errors).toContainEqual(expect.objectContaining({ file: "p.json", line: 1, column: 1, code: "not-regular-file" }));
    expectAccountReported(out);
  });

  test("a FIFO or /dev/zero named on the command line is reported as what it is, not as missing", () => {
    const dir = scratch();
    mkfifo(path.join(dir, "named-pipe"));
    const r = cli(dir, ["named-pipe", "/dev/zero", "account.json", "-f", "json"]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(15_000);
    const out = json(r);
    expect(out.errors).toEqual([
      { file: "/dev/zero", line: 1, column: 1, message: "not a regular file (a character device); not read", code: "not-regular-file" },
      { file: "named-pipe", line: 1, column: 1, message: "not a regular file (a FIFO); not read", code: "not-regular-file" },
    ]);
    expectAccountReported(out);
  });
});

describe("sizes are checked before reading, and on decompressed bytes as they stream", () => {
  test("a 300 MB parameters file (sparse) is refused by its size, not read", () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, "main.json"), template());
    const fd = fs.openSync(path.join(dir, "main.parameters.json"), "w");
    fs.ftruncateSync(fd, 300 * 1024 * 1024);
    fs.closeSync(fd);
    const r = cli(dir, [".", "-f", "json"]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(15_000);
    const out = json(r);
    expect(out.errors).toEqual([expect.objectContaining({ file: "main.parameters.json", line: 1, column: 1, code: "too-large", message: expect.stringMatching(/300\.0 MiB, over the 64 MiB limit/) })]);
    expectAccountReported(out);
  });

  test("standard input from an endless stream ends promptly with a located error", () => {
    const dir = scratch();
    const zero = fs.openSync("/dev/zero", "r");
    try {
      const r = cli(dir, ["-", "account.json", "--max-file-size", "1", "-f", "json"], { fd: zero });
      expect(r.code).toBe(2);
      expect(r.ms).toBeLessThan(15_000);
      const out = json(r);
      expect(out.errors).toEqual([{ file: "<stdin>", line: 1, column: 1, message: "input is over the 1 MiB limit (raise it with --max-file-size); not read further", code: "too-large" }]);
      expectAccountReported(out);
    } finally {
      fs.closeSync(zero);
    }
  });

  test("a .json.gz bomb (10 MB of spaces, compressed) with --max-file-size 1 is refused fast", () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, "bomb.json.gz"), zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024, " ")));
    // And one over the streaming threshold as stored: ~10 GB of spaces (gzip's best ratio is about 1000:1).
    const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, " "), { level: 9 });
    const big = path.join(dir, "big-bomb.json.gz");
    const fd = fs.openSync(big, "w");
    for (let written = 0; written < 9 * 1024 * 1024; written += member.length) fs.writeSync(fd, member);
    fs.closeSync(fd);
    expect(fs.statSync(big).size).toBeGreaterThan(8 * 1024 * 1024);
    const r = cli(dir, [".", "--max-file-size", "1", "-f", "json"]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(10_000);
    const out = json(r);
    expect(out.errors).toEqual([
      // Over the limit as stored, it is not read whole; streamed, it inflates past the ratio a bomb is known by.
      expect.objectContaining({ file: "big-bomb.json.gz", line: 1, column: 1, code: "too-large", message: expect.stringMatching(/refused as a decompression bomb/) }),
      expect.objectContaining({ file: "bomb.json.gz", line: 1, column: 1, code: "too-large", message: expect.stringMatching(/when decompressed, over the 1 MiB limit/) }),
    ]);
    expectAccountReported(out);
  });

  test("a streamed list followed by more white space than the limit: its elements are linted, the rest refused", async () => {
    const dir = scratch();
    const acct = JSON.parse(good.toString("utf8")) as object;
    // Not compressed: 3 MiB of spaces compressed would be refused as a decompression bomb first (test/gzip-bomb.e2e.test.ts).
    fs.writeFileSync(path.join(dir, "list.json"), Buffer.concat([Buffer.from(JSON.stringify({ value: [acct] })), Buffer.alloc(3 * 1024 * 1024, " "), Buffer.from("\n")]));
    const t0 = Date.now();
    const r = await lintPaths([path.join(dir, "list.json")], { rules: rules.filter((x) => x.meta.id === "BATCH001"), cwd: dir, base: dir, streamThreshold: 0, maxFileSize: 1024 * 1024 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.errors).toEqual([{ file: "list.json", line: 1, column: 1, message: "more than 1 MiB outside the list's elements (raise it with --max-file-size); the rest of the file is not read", code: "too-large" }]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["BATCH001"]);
  });

  test("a .ndjson.gz with one enormous line (~512 MB from under 1 MB) is a located error, not a crash", () => {
    const dir = scratch();
    const record = JSON.stringify({
      id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/ok",
      name: "ok",
      type: "Microsoft.Batch/batchAccounts",
      properties: { allowedAuthenticationModes: ["SharedKey"] },
    });
    // gzip members one after another are one stream: the line runs through 32 members of 16 MiB each.
    const block = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024, "a"), { level: 9 });
    const parts = [zlib.gzipSync(`${record}\n{"x":"`), ...Array.from({ length: 32 }, () => block), zlib.gzipSync(`"}\n${record}\n`)];
    fs.writeFileSync(path.join(dir, "accounts.ndjson.gz"), Buffer.concat(parts));
    expect(fs.statSync(path.join(dir, "accounts.ndjson.gz")).size).toBeLessThan(1024 * 1024);
    {
      const r = cli(dir, [".", "-f", "json"]);
      expect(r.code).toBe(2);
      expect(r.ms).toBeLessThan(15_000);
      const out = json(r);
      // The ratio guard stops it within the first MiB of the long line (the record limit: the test after next).
      expect(out.errors).toEqual([expect.objectContaining({ file: "accounts.ndjson.gz", line: 1, column: 1, code: "too-large", message: expect.stringMatching(/refused as a decompression bomb/) })]);
      // The record before it is linted; account.json is reported.
      expect(out.findings.some((f) => f.file === "accounts.ndjson.gz" && f.ruleId === "BATCH001")).toBe(true);
      expectAccountReported(out);
    }
  });

  test("a .ndjson.gz of newlines (1 GB decompressed) ends in bounded time", () => {
    const dir = scratch();
    const member = zlib.gzipSync(Buffer.alloc(128 * 1024 * 1024, "\n"), { level: 9 });
    fs.writeFileSync(path.join(dir, "blank.ndjson.gz"), Buffer.concat(Array.from({ length: 8 }, () => member)));
    const r = cli(dir, [".", "-f", "json"]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(15_000);
    const out = json(r);
    expect(out.errors).toEqual([expect.objectContaining({ file: "blank.ndjson.gz", column: 1, code: "too-large", message: expect.stringMatching(/refused as a decompression bomb/) })]);
    expectAccountReported(out);
  });

  test("an NDJSON record longer than the limit, or more blank lines than it, ends the read with a located error", () => {
    const dir = scratch();
    const record = JSON.stringify({
      id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/ok",
      name: "ok",
      type: "Microsoft.Batch/batchAccounts",
      properties: { allowedAuthenticationModes: ["SharedKey"] },
    });
    fs.writeFileSync(path.join(dir, "long.ndjson"), `${record}\n{"x":"${"a".repeat(2 * 1024 * 1024)}"}\n${record}\n`);
    fs.writeFileSync(path.join(dir, "blank.ndjson"), `${record}\n${"\n".repeat(2 * 1024 * 1024)}${record}\n`);
    const r = cli(dir, [".", "--max-file-size", "1", "-f", "json"]);
    expect(r.code).toBe(2);
    const out = json(r);
    expect(out.errors).toEqual([
      expect.objectContaining({ file: "blank.ndjson", column: 1, code: "too-large", message: expect.stringMatching(/MiB of blank lines without a record/) }),
      expect.objectContaining({ file: "long.ndjson", line: 2, column: 1, code: "too-large", message: expect.stringMatching(/record longer than the 1 MiB limit/) }),
    ]);
    // The records before them are linted (one each: the read ends there), and so is account.json.
    expect(
      out.findings
        .filter((f) => f.ruleId === "BATCH001")
        .map((f) => f.file)
        .sort(),
    ).toEqual(["account.json", "blank.ndjson", "long.ndjson"]);
  });
});

describe("reads stay inside the tree being linted", () => {
  test("a linked template's relativePath to ../../../../etc/passwd or /dev/zero is not read, and not echoed", () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, "infra"));
    fs.writeFileSync(path.join(dir, "infra/passwd.json"), template("../../../../../../../../etc/passwd"));
    fs.writeFileSync(path.join(dir, "infra/zero.json"), template("/dev/zero"));
    const r = cli(dir, ["infra", "account.json", "--verbose"]);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stdout).toContain("linked template '../../../../../../../../etc/passwd' is outside the linted directory; not read");
    expect(r.stdout).toContain("linked template '/dev/zero' is outside the linted directory; not read");
    expect(r.stdout).not.toMatch(/root:|daemon:|bin\/bash/);
    // The templates are valid (not errors); the account in each is still checked, and so is account.json.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/account\.json:\d+:\d+.*BATCH001|account\.json[\s\S]*BATCH001/);
  });

  test("a linked template that is a symbolic link out of the tree is not read; one inside is", () => {
    const dir = scratch();
    const outside = path.join(path.dirname(dir), "secret.json");
    fs.writeFileSync(outside, template().replace('"acct"', '"outsideacct"').replace('["AAD"]', '["SharedKey"]'));
    fs.writeFileSync(path.join(dir, "inner.json"), template().replace('"acct"', '"inneracct"').replace('["AAD"]', '["SharedKey"]'));
    fs.mkdirSync(path.join(dir, "t"));
    fs.symlinkSync(outside, path.join(dir, "t/out-link.json"));
    fs.symlinkSync("../inner.json", path.join(dir, "t/in-link.json"));
    fs.writeFileSync(
      path.join(dir, "main.json"),
      template("t/out-link.json")
        .replace('"name": "linked"', '"name": "linked1"')
        .replace(
          "  ]\n}",
          `,\n    { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked2", "properties": { "mode": "Incremental", "templateLink": { "relativePath": "t/in-link.json" } } }\n  ]\n}`,
        ),
    );
    const r = cli(dir, ["main.json", "--verbose", "-f", "stylish"]);
    expect(r.stdout).toContain("linked template 't/out-link.json' is outside the linted directory; not read");
    expect(r.stdout).not.toContain("outsideacct");
    expect(r.stdout).toContain("inneracct");
  });

  test("a linted file that is a symbolic link to a file outside the linted directory is refused; one inside is linted", () => {
    const dir = scratch();
    const outside = path.join(path.dirname(dir), "outside.json");
    fs.writeFileSync(outside, good);
    fs.symlinkSync(outside, path.join(dir, "link.json"));
    fs.symlinkSync("account.json", path.join(dir, "same.json"));
    const r = cli(dir, ["link.json", "same.json", "account.json", "-f", "json"]);
    expect(r.code).toBe(2);
    const out = json(r);
    expect(out.errors).toEqual([{ file: "link.json", line: 1, column: 1, message: "file is a symbolic link or path to outside the linted directory; not read", code: "outside-tree" }]);
    expect(out.findings.some((f) => f.file === "same.json" && f.ruleId === "BATCH001")).toBe(true);
    expectAccountReported(out);
  });

  test("a paired parameters file that links out of the tree is refused (its content never shown)", () => {
    const dir = scratch();
    const outside = path.join(path.dirname(dir), "outside.parameters.json");
    fs.writeFileSync(outside, "not json: TOPSECRETVALUE");
    fs.writeFileSync(path.join(dir, "main.json"), template());
    fs.symlinkSync(outside, path.join(dir, "main.parameters.json"));
    const r = cli(dir, [".", "-f", "json"]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain("TOPSECRET");
    expect(json(r).errors).toEqual([expect.objectContaining({ file: "main.parameters.json", code: "outside-tree" })]);
  });
});

describe("no crash loses the run", () => {
  test("a document with more than 130,000 findings (duplicate keys) is reported whole", () => {
    const dir = scratch();
    const dupes = Array.from({ length: 130_000 }, (_, i) => `"k":${i}`).join(",");
    fs.writeFileSync(
      path.join(dir, "dupes.json"),
      `{"id":"/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/d","name":"d","type":"Microsoft.Batch/batchAccounts","properties":{"allowedAuthenticationModes":["AAD"],${dupes}}}`,
    );
    // stylish: the summary line counts the findings (json adds fingerprints, and this test is about linting).
    const r = cli(dir, ["."], undefined, 50_000);
    expect(r.ms).toBeLessThan(50_000);
    expect(r.stdout).not.toMatch(/internal error|could not be linted/);
    const dupesReported = r.stdout.split("\n").filter((l) => l.startsWith("dupes.json:")).length;
    expect(dupesReported).toBeGreaterThan(125_000);
    expect(r.stdout).toMatch(/account\.json:\d+:\d+: error BATCH001/);
    expect(r.code).toBe(1);
  });
});

describe("worker threads", () => {
  test("a worker that dies costs only the tasks it held: they are rejected, a new worker takes the next ones", async () => {
    const dir = scratch();
    const costCenter = path.join(repoRoot, "examples/plugins/cost-center-tag.mjs");
    // A plugin rule that ends its thread on one account (as running out of memory would).
    fs.writeFileSync(
      path.join(dir, "crash.mjs"),
      `const base = (await import(${JSON.stringify(costCenter)})).rules[0];
export const rules = [{ ...base, meta: { ...base.meta, id: "ACME900", name: "crash-on-name" }, check(r) { if (r.name === "crash") process.exit(7); } }];\n`,
    );
    fs.writeFileSync(path.join(dir, "batchlint.config.json"), '{ "plugins": ["./crash.mjs"] }');
    const acct = (name: string) =>
      JSON.stringify({ id: `/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/${name}`, name, type: "Microsoft.Batch/batchAccounts", properties: { allowedAuthenticationModes: ["SharedKey"] } });
    fs.writeFileSync(path.join(dir, "crash.json"), acct("crash"));
    fs.writeFileSync(path.join(dir, "ok.json"), acct("ok"));
    const { LintPool } = (await import(path.join(repoRoot, "dist/src/parallel/pool.js"))) as typeof import("../src/parallel/pool.js");
    const pool = new LintPool({ cwd: dir, base: dir, cliRules: [], configFile: path.join(dir, "batchlint.config.json") }, 1);
    try {
      await expect(pool.run({ kind: "files", files: [path.join(dir, "crash.json")] })).rejects.toThrow(/exited with code 7/);
      const packed = await pool.run({ kind: "files", files: [path.join(dir, "ok.json")] });
      expect(packed.filesLinted).toBe(1);
      expect(packed.counts.findings).toBeGreaterThan(0);
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
