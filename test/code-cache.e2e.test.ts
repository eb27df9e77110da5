/**
 * The bundle's code cache (scripts/loader.cjs): made by a first run in the user's cache folder, used by the next
 * ones, never trusted when someone else could have written it, and never a reason for a run to differ or fail.
 * Whether V8 took a cache is told by the file: the loader rewrites it only when there was none or V8 rejected it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

let dir: string;
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-code-cache-")), "cache");
});

function lint(env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, "dist/bundle/cli.js", "examples/", "-f", "json"], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, BATCHLINT_NO_CACHE: "", BATCHLINT_CACHE_DIR: dir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cacheFiles(): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** The one cache file, with what tells whether it was rewritten. */
function cacheFile() {
  const files = cacheFiles();
  expect(files).toEqual([expect.stringMatching(new RegExp(`^code-[0-9a-f]{16}-${process.version.replace(/\./g, "\\.")}-${process.arch}\\.bin$`))]);
  const file = path.join(dir, files[0]!);
  const st = fs.statSync(file);
  return { file, ino: st.ino, mtimeMs: st.mtimeMs, mode: st.mode & 0o777, size: st.size };
}

describe("code cache", () => {
  test("a first run makes it, private to the user; the next runs use it and print the same bytes", () => {
    const first = lint();
    expect(first.status).toBe(1);
    expect(first.stderr).toBe("");
    const made = cacheFile();
    expect(made.size).toBeGreaterThan(100_000);
    if (process.platform !== "win32") {
      expect(made.mode).toBe(0o600);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    }
    for (let i = 0; i < 2; i++) {
      const again = lint();
      expect(again).toEqual(first);
      const used = cacheFile();
      expect([used.ino, used.mtimeMs]).toEqual([made.ino, made.mtimeMs]);
    }
  });

  test("the CLI's first run warms the cache with every input language, not only its own file's", () => {
    // The same lint through the loader without the CLI's warm-up: the cache holds what that run compiled.
    const script = path.join(path.dirname(dir), "plain.cjs");
    fs.writeFileSync(script, `require(${JSON.stringify(path.join(repoRoot, "dist/bundle/loader.js"))}).bundle().runCli();\n`);
    const plain = spawnSync(process.execPath, [script, "examples/template-compliant.jsonc"], { cwd: repoRoot, env: { ...process.env, BATCHLINT_NO_CACHE: "", BATCHLINT_CACHE_DIR: dir } });
    expect(plain.status).toBe(0);
    const small = cacheFile().size;
    fs.rmSync(dir, { recursive: true });
    const cli = spawnSync(process.execPath, ["dist/bundle/cli.js", "examples/template-compliant.jsonc"], { cwd: repoRoot, env: { ...process.env, BATCHLINT_NO_CACHE: "", BATCHLINT_CACHE_DIR: dir } });
    expect(cli.status).toBe(0);
    expect(cacheFile().size).toBeGreaterThan(small * 1.15);
  });

  test("a damaged cache is rejected and replaced, and the run is the same", () => {
    const first = lint();
    const made = cacheFile();
    fs.writeFileSync(made.file, Buffer.alloc(made.size, 0x5a), { mode: 0o600 });
    expect(lint()).toEqual(first);
    const replaced = cacheFile();
    expect(replaced.ino).not.toBe(made.ino);
    expect(fs.readFileSync(replaced.file).every((b) => b === 0x5a)).toBe(false);
    fs.writeFileSync(replaced.file, "short");
    expect(lint()).toEqual(first);
    expect(cacheFile().size).toBeGreaterThan(100_000);
  });

  test.skipIf(process.platform === "win32")("a cache others may write is not used, and is replaced by the user's own", () => {
    const first = lint();
    const made = cacheFile();
    fs.chmodSync(made.file, 0o666);
    expect(lint()).toEqual(first);
    const replaced = cacheFile();
    expect(replaced.ino).not.toBe(made.ino);
    expect(replaced.mode).toBe(0o600);
  });

  test("a run with other V8 flags, whose cache V8 refuses, is the same", () => {
    const first = lint();
    expect(lint({}, ["--max-semi-space-size=2", "--no-opt"])).toEqual(first);
    expect(lint()).toEqual(first);
  });

  test("BATCHLINT_NO_CACHE=1 writes nothing; an unwritable folder costs nothing but the cache", () => {
    const first = lint();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(lint({ BATCHLINT_NO_CACHE: "1" })).toEqual(first);
    expect(fs.existsSync(dir)).toBe(false);
    // A file where the folder should be: nothing can be written under it.
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(dir, "not a folder");
    expect(lint()).toEqual(first);
    expect(fs.readFileSync(dir, "utf8")).toBe("not a folder");
  });
});
