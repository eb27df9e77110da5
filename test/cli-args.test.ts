/** The command line as parsed and checked before a run (src/cli/args.ts), in process. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { HELP, lintRequest, parseCommandLine, UsageError, type CommandLine } from "../src/cli/args.js";
import { FORMATTERS } from "../src/output/index.js";

function request(argv: string[]) {
  const cl = parseCommandLine(argv);
  if ("error" in cl) throw new Error(cl.error);
  return lintRequest(cl as CommandLine, FORMATTERS, process.cwd());
}

describe("formats", () => {
  test("each known format is accepted", () => {
    for (const f of Object.keys(FORMATTERS)) expect(request(["x.json", "-f", f]).outputs.map((o) => o.format)).toEqual([f]);
  });
  test("names of Object.prototype's members are unknown formats, a usage error (they crashed the report)", () => {
    for (const f of ["toString", "__proto__", "constructor", "hasOwnProperty"]) expect(() => request(["x.json", "-f", f])).toThrow(UsageError);
  });
});

describe("Terraform --var and --var-file", () => {
  const tmp = () => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-var-file-")));
  test("--var NAME=VALUE is repeatable, splits at the first '=', keeps the value as written, and the last of a name wins", () => {
    const r = request(["main.tf", "--var", "pool_name=p1", '--var=tags={a = "b=c"}', "--var", "empty=", "--var", "pool_name=p2"]);
    expect([...r.terraformVars]).toEqual([
      ["pool_name", "p2"],
      ["tags", '{a = "b=c"}'],
      ["empty", ""],
    ]);
    expect(r.terraformVarFiles).toEqual([]);
    // --param is another option: its values are not Terraform's.
    expect(r.cliParams.size).toBe(0);
  });
  test.each([
    ["pool_name", "--var expects NAME=VALUE, got 'pool_name'"],
    ["=x", "--var: '' is not a variable name (in '=x')"],
    ["pool name=x", "--var: 'pool name' is not a variable name (in 'pool name=x')"],
    ["1st=x", "--var: '1st' is not a variable name (in '1st=x')"],
  ])("--var %s is a usage error", (spec, message) => {
    expect(() => request(["main.tf", "--var", spec])).toThrow(new UsageError(message));
  });
  test("--var-file is repeatable, resolved against the current directory, in the order given", () => {
    const dir = tmp();
    try {
      fs.writeFileSync(path.join(dir, "a.tfvars"), 'x = "a"\n');
      fs.writeFileSync(path.join(dir, "b.tfvars"), 'x = "b"\n');
      const cl = parseCommandLine(["main.tf", "--var-file", "b.tfvars", "--var-file=a.tfvars"]) as CommandLine;
      expect(cl.varFiles).toEqual(["b.tfvars", "a.tfvars"]);
      expect(lintRequest(cl, FORMATTERS, dir).terraformVarFiles).toEqual([path.join(dir, "b.tfvars"), path.join(dir, "a.tfvars")]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test("a --var-file that is missing or a directory is a usage error naming it", () => {
    const dir = tmp();
    try {
      const req = (f: string) => lintRequest(parseCommandLine(["main.tf", "--var-file", f]) as CommandLine, FORMATTERS, dir);
      expect(() => req("missing.tfvars")).toThrow(new UsageError("--var-file: cannot read 'missing.tfvars': no such file"));
      fs.mkdirSync(path.join(dir, "env"));
      expect(() => req("env")).toThrow(new UsageError("--var-file: 'env' is not a file"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test("--var and --var-file need a value", () => {
    expect(parseCommandLine(["--var"])).toEqual({ error: "option '--var' needs a value" });
    expect(parseCommandLine(["--var-file", "--quiet"])).toMatchObject({ error: expect.stringContaining("option '--var-file' needs a value") });
  });
  test("--help lists both", () => {
    expect(HELP).toMatch(/^ {6}--var NAME=VALUE /m);
    expect(HELP).toMatch(/^ {6}--var-file FILE /m);
  });
});

describe("Azure Policy: --policy and --policy-param", () => {
  test("--policy is repeatable and kept as given; --policy-param values are JSON when they parse, else strings", () => {
    const cl = parseCommandLine(["x.json", "--policy", "builtin:batch", "--policy=./mine", "--policy-param", "effect=Deny", "--policy-param", 'list=["a","b"]', "--policy-param", "n=3"]) as CommandLine;
    expect(cl.policies).toEqual(["builtin:batch", "./mine"]);
    const r = lintRequest(cl, FORMATTERS, process.cwd());
    expect([...r.policyParams]).toEqual([
      ["effect", "Deny"],
      ["list", ["a", "b"]],
      ["n", 3],
    ]);
  });
  test("--policy-param without '=' or name is a usage error; the options are in the help", () => {
    expect(() => request(["x.json", "--policy-param", "effect"])).toThrow("--policy-param expects NAME=VALUE, got 'effect'");
    expect(() => request(["x.json", "--policy-param", "=x"])).toThrow(UsageError);
    expect(HELP).toContain("--policy PATH");
    expect(HELP).toContain("--policy-param NAME=VALUE");
    expect(parseCommandLine(["x.json", "--policy"])).toEqual({ error: "option '--policy' needs a value" });
  });
});
