/** Spawning the built CLI in scratch directories (shared by the config, suppression, baseline, plugin and fix tests). */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./helpers.js";
import { rules as allRules } from "../rules/index.js";

/**
 * These tests exercise configuration, suppression, baseline, plugin and fix mechanics on the four core rules;
 * the rest of the catalogue is switched off so each test sees only the findings it is about.
 */
const CORE = new Set(["BATCH001", "BATCH002", "BATCH003", "BATCH004"]);
export const coreRules = allRules.filter((r) => CORE.has(r.meta.id));
const others = allRules.filter((r) => !CORE.has(r.meta.id)).map((r) => r.meta.id);

export const bin = path.join(repoRoot, "dist/bundle/cli.js");

export function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const info = args.some((a) => ["--list-rules", "--explain", "--print-config", "--help", "--version"].includes(a));
  const mentioned = new Set(args.filter((a) => /^BATCH\d{3}[=:]/.test(a)).map((a) => a.slice(0, 8)));
  const off = info ? [] : others.filter((id) => !mentioned.has(id)).flatMap((id) => ["--rule", `${id}=off`]);
  const r = spawnSync(process.execPath, [bin, ...args, ...off], { cwd: opts.cwd ?? repoRoot, input: opts.input ?? "", encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch directory with the given files (paths relative to it). */
export function scratch(files: Record<string, string> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-t-")));
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

export function write(dir: string, name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

export const exampleExport = fs.readFileSync(path.join(repoRoot, "examples/export-az-noncompliant.json"), "utf8");

/** A REST-shape exported account with the given properties. */
export function account(name: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ id: `/subscriptions/0/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/${name}`, name, type: "Microsoft.Batch/batchAccounts", location: "westeurope", ...extra, properties }, null, 2)}\n`;
}

/** An ARM template text with the given resources (already-serialised JSONC allowed). */
export function template(resources: string): string {
  return `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
${resources}
  ]
}
`;
}
