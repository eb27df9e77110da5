/** Parse errors through the built CLI (in-process: parse.test.ts). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot } from "./helpers.js";

describe("parse errors quote structure, never a secret", () => {
  test("a broken document right after a secret never prints it, in any format", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-parse-secret-"));
    const files: Record<string, string> = {
      "unterminated.json": '{\n  "properties": {\n    "password": "Hx7SecretA-cut-by-a-line-break\n  }\n}\n',
      "colon.json": '{"accountKey" "Hx7SecretB0123456789abcdefABCDEFghij=="}',
      "comma.json": '{"sasTokens": ["sv=1" "sv=2022-11-02&sig=Hx7SecretC0123456789abcdef"]}',
      "bare.json": '{"adminPassword": Hx7SecretD-bare-word}',
      "connection.json": '{"storage": AccountKey=Hx7SecretE0123456789ABCdef+/==;}',
      "sas.json": '{"url": https?sv=1&sig=Hx7SecretF0123456789abc}',
      "tab.json": '{"password": "Hx7Secret\tG0123456789"}',
      "comment.json": '{"a": 1} /* password: Hx7SecretH0123456789',
      "template.json":
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "parameters": {"pw": {"type": "securestring", "defaultValue": "Hx7SecretI0123456789\n}}, "resources": []}',
      "key.json": '{"connectionString": "DefaultEndpointsProtocol=https;AccountKey=Hx7SecretJ0123456789" "x": 1}',
    };
    try {
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      const names = Object.keys(files);
      for (const format of ["stylish", "json", "sarif", "github", "markdown", "junit", "html"]) {
        const r = spawnSync(process.execPath, [path.join(repoRoot, "dist/bundle/cli.js"), "-f", format, "--no-color", ...names], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
        expect(r.status, `${format}: ${r.stderr}`).toBe(2);
        const out = r.stdout + r.stderr;
        expect(out.toLowerCase(), format).not.toContain("hx7secret");
        if (format === "json") {
          const errors = (JSON.parse(r.stdout) as { errors: { file: string; code: string }[] }).errors;
          expect(errors.map((e) => e.file).sort()).toEqual([...names].sort());
          expect(new Set(errors.map((e) => e.code))).toEqual(new Set(["invalid-json"]));
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
