// biome-ignore-all lint/suspicious/noThenProperty: Azure Policy rules are written { if, then }
/** Loading Azure Policy (src/policy/load.ts): every accepted shape, policy sets, assignments, parameters and errors. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadPolicies, PolicyLoadError } from "../src/policy/load.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batchlint-policy-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, content: unknown): string {
  const f = path.join(dir, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return rel;
}

const RULE = {
  if: {
    allOf: [
      { field: "type", equals: "Microsoft.Batch/batchAccounts" },
      { field: "Microsoft.Batch/batchAccounts/publicNetworkAccess", notEquals: "Disabled" },
    ],
  },
  then: { effect: "[parameters('effect')]" },
};
const PARAMS = { effect: { type: "String", defaultValue: "Audit", allowedValues: ["Audit", "Deny", "Disabled"] } };

const load = (specs: string[], params?: Record<string, unknown>) => loadPolicies(specs, { cwd: dir, params: params ? new Map(Object.entries(params)) : undefined });

function loadError(specs: string[], params?: Record<string, unknown>): string {
  try {
    load(specs, params);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyLoadError);
    return (e as Error).message;
  }
  throw new Error("no error");
}

describe("definition shapes", () => {
  test("as az policy definition show prints it", () => {
    const f = write("show.json", {
      id: "/providers/Microsoft.Authorization/policyDefinitions/abc",
      name: "abc",
      type: "Microsoft.Authorization/policyDefinitions",
      properties: { displayName: "No public access", description: "Desc.", mode: "Indexed", parameters: PARAMS, policyRule: RULE },
    });
    const [p] = load([f]).policies;
    expect(p!.definition).toEqual({ name: "abc", displayName: "No public access", description: "Desc.", mode: "Indexed", parameters: PARAMS, policyRule: RULE });
    expect(p!.parameters).toEqual({});
    expect(p!.source).toBe("show.json");
  });

  test("as the azure-policy repository stores it, properties only: the name is the file's", () => {
    const f = write("repo/MyPolicy.json", { properties: { displayName: "X", mode: "All", policyRule: RULE, parameters: PARAMS } });
    const [p] = load([f]).policies;
    expect(p!.definition.name).toBe("MyPolicy");
    expect(p!.definition.mode).toBe("All");
  });

  test("bare { policyRule, parameters, mode }, and mode defaulting to Indexed", () => {
    const f = write("bare.json", { policyRule: { if: { field: "type", equals: "Microsoft.Batch/batchAccounts" }, then: { effect: "audit" } } });
    const [p] = load([f]).policies;
    expect(p!.definition).toMatchObject({ name: "bare", mode: "Indexed", parameters: {} });
  });

  test("a directory of *.json, sorted, other files ignored; an array of definitions in one file", () => {
    write("d/b.json", [
      { name: "b1", properties: { policyRule: RULE, parameters: PARAMS } },
      { name: "b2", properties: { policyRule: RULE, parameters: PARAMS } },
    ]);
    write("d/a.json", { name: "a", properties: { policyRule: RULE, parameters: PARAMS } });
    write("d/readme.md", "not json");
    expect(load(["d"]).policies.map((p) => p.definition.name)).toEqual(["a", "b1", "b2"]);
  });

  test("the same definition twice runs once; a different one with the same name is an error", () => {
    const f = write("same.json", { name: "a", properties: { policyRule: RULE, parameters: PARAMS } });
    expect(load(["d", f]).policies.filter((p) => p.definition.name === "a")).toHaveLength(1);
    const g = write("other-a.json", { name: "a", properties: { policyRule: { ...RULE, then: { effect: "deny" } } } });
    expect(loadError(["d", g])).toMatch(/other-a\.json: a different policy definition named 'a' was loaded from d.a\.json/);
  });
});

describe("parameters", () => {
  test("--policy-param values (JSON or string) for the definitions that declare them, checked against allowedValues", () => {
    const f = write("p.json", { name: "p", properties: { policyRule: RULE, parameters: PARAMS } });
    expect(load([f], { effect: "Deny" }).policies[0]!.parameters).toEqual({ effect: "Deny" });
    expect(load([f], { EFFECT: "deny" }).policies[0]!.parameters).toEqual({ effect: "deny" });
    // A value no loaded policy allows, or a name none declares, is an error naming the option.
    expect(loadError([f], { effect: "Modify" })).toBe('--policy-param effect: "Modify" is not among the allowedValues of any loaded policy that declares it (p)');
    expect(loadError([f], { nope: 1 })).toBe("--policy-param nope: no loaded policy definition or set declares this parameter");
    // An assignment's value outside allowedValues is an error of the file.
    const a = write("p-assignment.json", { properties: { policyDefinitionId: "p", parameters: { effect: { value: "Modify" } } } });
    expect(loadError([f, a])).toMatch(/p\.json: policy 'p': parameter 'effect' is "Modify", not one of its allowedValues/);
  });

  test("a parameter without default and without a value is an error", () => {
    const f = write("nodefault.json", { name: "nd", properties: { policyRule: RULE, parameters: { effect: { type: "String" } } } });
    expect(loadError([f])).toMatch(/nodefault\.json: policy 'nd': parameter 'effect' has no default value and none is assigned/);
  });

  test("an assignment gives values to the definition it names; --policy-param wins", () => {
    const f = write("asg/def.json", { name: "6f68b69f-0000-0000-0000-000000000000", properties: { policyRule: RULE, parameters: PARAMS } });
    const a = write("asg/assignment.json", {
      name: "my-assignment",
      properties: { policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/6f68b69f-0000-0000-0000-000000000000", parameters: { effect: { value: "Deny" } } },
    });
    expect(load([f, a]).policies[0]!.parameters).toEqual({ effect: "Deny" });
    expect(load([a, f]).policies[0]!.parameters).toEqual({ effect: "Deny" });
    expect(load([f, a], { effect: "Disabled" }).policies[0]!.parameters).toEqual({ effect: "Disabled" });
  });

  test("an assignment of a definition not loaded is an error", () => {
    const a = write("lonely-assignment.json", { properties: { policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/nope", parameters: {} } });
    expect(loadError([a])).toMatch(/lonely-assignment\.json: the assignment's policyDefinitionId '.*\/nope' names no loaded policy definition or set/);
  });
});

describe("policy sets (initiatives)", () => {
  const member = (name: string) => ({ name, properties: { displayName: name, mode: "Indexed", parameters: PARAMS, policyRule: RULE } });

  test("members resolved by the last segment of policyDefinitionId, set parameters mapped into theirs", () => {
    write("set/m1.json", member("m1"));
    write("set/m2.json", member("M2"));
    write("set/m3.json", member("m3"));
    write("set/initiative.json", {
      name: "batch-baseline",
      properties: {
        displayName: "Batch baseline",
        parameters: { effect: { type: "String", defaultValue: "Deny" } },
        policyDefinitions: [
          { policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/m1", parameters: { effect: { value: "[parameters('effect')]" } } },
          { policyDefinitionId: "/subscriptions/0/providers/Microsoft.Authorization/policyDefinitions/m2", parameters: { effect: { value: "Audit" } } },
        ],
      },
    });
    const got = load(["set"]).policies.map((p) => [p.definition.name, p.parameters, p.initiative]);
    expect(got).toEqual([
      ["m1", { effect: "Deny" }, "batch-baseline"],
      ["M2", { effect: "Audit" }, "batch-baseline"],
      ["m3", {}, undefined],
    ]);
    // An assignment of the set gives the set's parameters.
    const a = write("set-assignment.json", { properties: { policyDefinitionId: "/providers/Microsoft.Authorization/policySetDefinitions/batch-baseline", parameters: { effect: { value: "Disabled" } } } });
    expect(load(["set", a]).policies[0]!.parameters).toEqual({ effect: "Disabled" });
  });

  test("a member not loaded, or a set parameter not declared, is an error", () => {
    const s = write("badset/set.json", { name: "s", properties: { policyDefinitions: [{ policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/missing" }] } });
    expect(loadError([s])).toMatch(/badset.set\.json: policy set 's' names '.*\/missing', which is not loaded/);
    write("badset2/m.json", member("m"));
    write("badset2/set.json", { name: "s2", properties: { policyDefinitions: [{ policyDefinitionId: "m", parameters: { effect: { value: "[parameters('nope')]" } } }] } });
    expect(loadError(["badset2"])).toMatch(/refers to 'nope', which policy set 's2' does not declare/);
  });
});

describe("builtin:NAME", () => {
  test("the index lists files and sameAs; without an index, the directory", () => {
    const root = path.join(dir, "vendored");
    fs.mkdirSync(path.join(root, "builtin", "batch"), { recursive: true });
    fs.writeFileSync(path.join(root, "builtin", "batch", "local-auth.json"), JSON.stringify({ name: "6f68b69f", properties: { policyRule: RULE, parameters: PARAMS } }));
    fs.writeFileSync(path.join(root, "builtin", "batch", "other.json"), JSON.stringify({ name: "other", properties: { policyRule: RULE, parameters: PARAMS } }));
    const opts = { cwd: dir, policyDir: root };
    expect(loadPolicies(["builtin:batch"], opts).policies.map((p) => [p.definition.name, p.source, p.sameAs])).toEqual([
      ["6f68b69f", "builtin:batch/local-auth.json", undefined],
      ["other", "builtin:batch/other.json", undefined],
    ]);
    fs.writeFileSync(path.join(root, "builtin", "batch.json"), JSON.stringify({ definitions: [{ file: "batch/local-auth.json", sameAs: "BATCH001" }] }));
    expect(loadPolicies(["builtin:batch"], opts).policies.map((p) => [p.definition.name, p.sameAs])).toEqual([["6f68b69f", "BATCH001"]]);
    expect(() => loadPolicies(["builtin:compute"], opts)).toThrow(/builtin:compute: unknown built-in policy set \(available: builtin:batch\)/);
  });
});

describe("errors name the file", () => {
  test("a missing file", () => {
    expect(loadError(["no-such.json"])).toBe("no-such.json: cannot read policy file: no such file or directory");
  });

  test("invalid JSON, with line:column", () => {
    const f = write("broken.json", '{\n  "properties": {\n    "mode": "All",,\n');
    expect(loadError([f])).toMatch(/^broken\.json:3:19: invalid JSON: /);
  });

  test("an empty file, and an empty directory", () => {
    expect(loadError([write("empty.json", "")])).toMatch(/^empty\.json:1:1: (invalid JSON|empty policy file)/);
    fs.mkdirSync(path.join(dir, "nothing"), { recursive: true });
    expect(loadError(["nothing"])).toBe("nothing: no *.json policy file in this directory");
  });

  test("a JSON file that is no definition, set or assignment", () => {
    expect(loadError([write("template.json", { $schema: "x", resources: [] })])).toMatch(/^template\.json: not a policy definition \(no policyRule\), policy set \(no policyDefinitions\) or assignment/);
    expect(loadError([write("string.json", '"x"')])).toMatch(/^string\.json: not a policy definition, policy set or assignment \(expected a JSON object\)/);
    expect(loadError([write("noeffect.json", { policyRule: { if: {}, then: {} } })])).toMatch(/^noeffect\.json: policyRule\.then\.effect must be a string/);
  });
});

describe("the configuration's `policies`", () => {
  test("paths relative to the configuration file and builtin:batch; their rules may be configured; errors are located", async () => {
    const { parseConfigText, ConfigError } = await import("../src/config/config.js");
    const { rules: builtins } = await import("../rules/index.js");
    const cfgDir = path.join(dir, "cfg");
    write("cfg/policies/pna.json", { name: "no-public", properties: { displayName: "No public access", policyRule: RULE, parameters: PARAMS } });
    const abs = path.join(cfgDir, "batchlint.config.json");
    const cfg = await parseConfigText('{ "policies": ["./policies", "builtin:batch"], "rules": { "policy/no-public": "error", "policy/from-cli": "off" } }', abs, builtins);
    expect(cfg.policies).toEqual(["./policies", "builtin:batch"]);
    expect(cfg.policyRules.map((r) => r.meta.id)).toContain("policy/no-public");
    expect(cfg.policyRules.some((r) => r.meta.id === "policy/6f68b69f-05fe-49cd-b361-777ee9ca7e35")).toBe(true);
    // A policy rule's level; a `policy/...` rule not loaded here (one of --policy) is kept by its id.
    expect(cfg.rules.get("policy/no-public")).toEqual({ severity: "error", options: undefined });
    expect(cfg.rules.get("policy/from-cli")).toEqual({ severity: "off" });
    const err = await parseConfigText('{\n  "policies": ["./nope.json"]\n}', abs, builtins).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as InstanceType<typeof ConfigError>).issues).toEqual([{ line: 2, column: 16, message: "policies: ./nope.json: cannot read policy file: no such file or directory" }]);
  });
});

describe("--policy on the command line (cli/run.ts configurePolicies)", () => {
  test("adds the policy rules to every file's rules; a bad policy is a usage error naming the file", async () => {
    const { configurePolicies } = await import("../src/cli/run.js");
    const { parseCommandLine, UsageError } = await import("../src/cli/args.js");
    const { ConfigResolver } = await import("../src/config/config.js");
    const { rules: builtins } = await import("../rules/index.js");
    const f = write("cli/pna.json", { name: "cli-pna", properties: { policyRule: RULE, parameters: PARAMS } });
    const cl = parseCommandLine(["x.json", "--policy", path.join(dir, f), "--policy-param", "effect=Deny"]) as import("../src/cli/args.js").CommandLine;
    const resolver = new ConfigResolver({ builtins, noLookup: true, cwd: dir });
    const setup = await configurePolicies(cl, resolver, dir);
    expect(setup?.policies.map((p) => [p.definition.name, p.parameters])).toEqual([["cli-pna", { effect: "Deny" }]]);
    const fc = await resolver.resolve(path.join(dir, "x.json"));
    expect(fc.rules.find((r) => r.meta.id === "policy/cli-pna")?.meta.severity).toBe("error");
    expect((await resolver.allRules()).some((r) => r.meta.id === "policy/cli-pna")).toBe(true);
    // Workers get the loaded definitions as plain data: a structured clone of them builds the same rules.
    const { buildPolicyRules } = await import("../src/policy/setup.js");
    expect(buildPolicyRules(structuredClone(setup!), builtins).map((r) => r.meta.id)).toEqual(["policy/cli-pna"]);

    const bad = parseCommandLine(["x.json", "--policy", "missing.json"]) as import("../src/cli/args.js").CommandLine;
    const err = await configurePolicies(bad, new ConfigResolver({ builtins, noLookup: true, cwd: dir }), dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe("--policy: missing.json: cannot read policy file: no such file or directory");
    const orphan = parseCommandLine(["x.json", "--policy-param", "effect=Deny"]) as import("../src/cli/args.js").CommandLine;
    await expect(configurePolicies(orphan, new ConfigResolver({ builtins, noLookup: true, cwd: dir }), dir)).rejects.toThrow("--policy-param given without --policy");
  });
});

describe("a policy both the configuration and --policy load", () => {
  test("runs once, as --policy loaded it, whichever is loaded first", async () => {
    const { configurePolicies } = await import("../src/cli/run.js");
    const { parseCommandLine } = await import("../src/cli/args.js");
    const { ConfigResolver } = await import("../src/config/config.js");
    const { rules: builtins } = await import("../rules/index.js");
    write("both/policies/pna.json", { name: "both-pna", properties: { policyRule: RULE, parameters: PARAMS } });
    write("both/batchlint.config.json", '{ "policies": ["./policies"] }');
    const cl = parseCommandLine(["x.json", "--policy", path.join(dir, "both/policies"), "--policy-param", "effect=Deny"]) as import("../src/cli/args.js").CommandLine;
    for (const configFirst of [true, false]) {
      const resolver = new ConfigResolver({ builtins, configFile: path.join(dir, "both/batchlint.config.json"), cwd: dir });
      if (configFirst) await resolver.load(path.join(dir, "both/batchlint.config.json"));
      await configurePolicies(cl, resolver, dir);
      const fc = await resolver.resolve(path.join(dir, "both/x.json"));
      const mine = fc.rules.filter((r) => r.meta.id === "policy/both-pna");
      expect(mine.map((r) => r.meta.severity)).toEqual(["error"]);
    }
  });
});
