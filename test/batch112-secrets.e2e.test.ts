/** No output of the built CLI prints a secret of the BATCH112 fixtures (BATCH112 and the redactor in-process: batch112-secrets.test.ts). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { findEmbeddedSecrets } from "../src/post/secrets.js";
import { bin } from "./cli-run.js";
import { repoRoot } from "./helpers.js";

describe("no output prints a secret of the BATCH112 fixtures, even quoted by a plugin that echoes every value", () => {
  const FORMATS = ["stylish", "json", "sarif", "github", "markdown", "junit", "html"];
  const dir = path.join(repoRoot, "fixtures/BATCH112");
  const files = ["invalid", "valid"].flatMap((k) => fs.readdirSync(path.join(dir, k)).map((f) => path.join(dir, k, f)));
  const texts = files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
  // The key material of every SAS, key and connection string in the fixtures (except the public emulator key), the
  // literal passwords, in the form written and URL-decoded.
  const secrets = [
    ...new Set([
      ...[...texts.matchAll(/"((?:\\.|[^"\\])*)"/g)].flatMap((m) => findEmbeddedSecrets(JSON.parse(`"${m[1]}"`)).map((s) => s.secret)),
      "N0t-a-real-Passw0rd",
      "P@ssw0rd-not-real",
      "not-a-real-password",
      "bm90LWEtcmVhbC1rZXk=",
    ]),
  ].flatMap((s) => [s, decodeURIComponent(s)]);

  test.each(FORMATS)("%s", (format) => {
    expect(new Set(secrets).size).toBeGreaterThanOrEqual(11); // 5 keys and signatures, 2 URL-decoded, 4 passwords
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-b112-"));
    try {
      fs.cpSync(dir, tmp, { recursive: true, filter: (f) => !f.endsWith(".findings.txt") });
      fs.copyFileSync(path.join(repoRoot, "test/fixtures/secrets/echo-plugin.mjs"), path.join(tmp, "echo-plugin.mjs"));
      fs.writeFileSync(path.join(tmp, "batchlint.config.json"), JSON.stringify({ plugins: ["./echo-plugin.mjs"] }));
      const r = spawnSync(process.execPath, [bin, ".", "--report-unknown", "-f", format], { cwd: tmp, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toContain("BATCH112");
      expect(r.stdout).toContain("ECHO001");
      expect(r.stdout).toContain("redacted");
      for (const s of secrets) {
        expect(r.stdout.includes(s), `${format} output contains ${s.slice(0, 6)}...`).toBe(false);
        expect(r.stderr.includes(s)).toBe(false);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
