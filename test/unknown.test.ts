/**
 * No rule reports on an unknown value: every ARM invalid fixture is rewritten so that each resource's name,
 * identity and properties come from reference() (unknown), and must then produce no finding of its rule.
 * Rules about the template itself (parameters, outputs, apiVersion, resource types present) are excluded.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { lintText } from "../src/pipeline/run.js";
import { repoRoot } from "./helpers.js";
import { RunContext } from "../src/context.js";
import { Prop } from "../src/model/prop.js";
import { modelState } from "../src/model/state.js";
import type { PNode } from "../src/model/tree.js";

const NOT_VALUE_BASED = new Set(["BATCH020", "BATCH021", "BATCH901", "BATCH902", "BATCH905"]);
/** Fixtures whose finding is about a literal outside name/identity/properties, which stays known. */
const LITERAL_ELSEWHERE = new Set(["BATCH904/arm-property-outside-properties.json"]);

function unknownify(resources: unknown[]): void {
  for (const r of resources as Record<string, unknown>[]) {
    if (!r || typeof r !== "object") continue;
    for (const key of ["name", "identity", "properties"]) if (key in r) r[key] = `[reference('x').${key}]`;
    if (Array.isArray(r.resources)) unknownify(r.resources);
  }
}

describe("no rule fires on an unknown value", () => {
  for (const rule of rules) {
    if (NOT_VALUE_BASED.has(rule.meta.id)) continue;
    const dir = path.join(repoRoot, "fixtures", rule.meta.id, "invalid");
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith("arm-") && /\.jsonc?$/.test(f) && !LITERAL_ELSEWHERE.has(`${rule.meta.id}/${f}`)) : [];
    for (const file of files) {
      test(`${rule.meta.id} ${file}`, () => {
        const doc = JSON.parse(
          fs
            .readFileSync(path.join(dir, file), "utf8")
            .replace(/^\s*\/\/.*$|\/\*[\s\S]*?\*\//gm, "")
            .replace(/,(\s*[}\]])/g, "$1"),
        );
        unknownify(Array.isArray(doc.resources) ? doc.resources : Object.values(doc.resources));
        const r = lintText(JSON.stringify(doc, null, 2), file, { rules: [rule] });
        expect(r.errors).toEqual([]);
        expect(r.findings.map((f) => f.message)).toEqual([]);
      });
    }
  }
});

/** A pool whose inbound NAT pool's backendPort is a parameter without a value: unknown to every rule. */
function poolWithUnknownPort(): string {
  const natPool = {
    name: "ssh",
    protocol: "TCP",
    backendPort: "[parameters('port')]",
    frontendPortRangeStart: 50000,
    frontendPortRangeEnd: 50099,
    networkSecurityGroupRules: [{ priority: 150, access: "Allow", sourceAddressPrefix: "*" }],
  };
  const pool = {
    type: "Microsoft.Batch/batchAccounts/pools",
    apiVersion: "2024-07-01",
    name: "acct/pool1",
    properties: { vmSize: "Standard_D2s_v3", networkConfiguration: { endpointConfiguration: { inboundNatPools: [natPool] } } },
  };
  const template = { $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", contentVersion: "1.0.0.0", parameters: { port: { type: "int" } }, resources: [pool] };
  return JSON.stringify(template, null, 2);
}

describe("--report-unknown hears every read of an unknown value", () => {
  test("a rule that reads the unknown port with num() (BATCH109) gets its could-not-decide note, as BATCH111 and BATCH903 do", () => {
    const text = poolWithUnknownPort();
    const r = lintText(text, "pool.json", { rules, reportUnknown: true });
    const undecided = r.notes.filter((n) => n.kind === "unknown").map((n) => n.message.split(" ")[0]);
    for (const id of ["BATCH109", "BATCH111", "BATCH903"]) expect(undecided, id).toContain(id);
    const batch109 = r.notes.find((n) => n.kind === "unknown" && n.message.startsWith("BATCH109 "))!;
    expect(batch109.message).toBe("BATCH109 could not decide: properties.networkConfiguration.endpointConfiguration.inboundNatPools[0].backendPort is unknown (parameter 'port' has no value)");
    // At the expression that is unknown.
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"backendPort"'));
    expect(batch109).toMatchObject({ file: "pool.json", line: line + 1, column: lines[line]!.indexOf('"[parameters') + 1 });
    // Without the option, no note, and the same findings.
    const quiet = lintText(text, "pool.json", { rules });
    expect(quiet.notes.filter((n) => n.kind === "unknown")).toEqual([]);
    expect(quiet.findings).toEqual(r.findings);
  });

  /** What a Prop gives out that is not its value: where it is, where it came from, and the way to other Props. */
  const NOT_READS = new Set(["constructor", "read", "at", "keyAt", "path", "origins", "evaluated", "reason", "get", "follow", "child"]);

  function unknownProp(): { prop: Prop; heard: string[]; model: ReturnType<typeof modelState> } {
    const model = modelState(new RunContext());
    const heard: string[] = [];
    model.observer = { unknownRead: (p) => heard.push(p.path) };
    const node: PNode = { t: "unk", reason: "parameter 'p' has no value", at: { file: "t.json", pointer: "/resources/0/properties/x" }, origins: [] };
    return { prop: Prop.of(model, node, "properties.x"), heard, model };
  }

  test("every accessor of a Prop that gives out something of its value tells the run's observer when the value is unknown", () => {
    const members = Object.getOwnPropertyNames(Prop.prototype);
    const reads = members.filter((m) => !NOT_READS.has(m));
    // The accessors known today; a new one is checked below whatever its name.
    expect(reads).toEqual(expect.arrayContaining(["state", "known", "missing", "unknown", "value", "items", "entries", "isArray", "isObject", "size", "str", "num", "bool", "is", "isNot", "display"]));
    for (const name of reads) {
      for (const below of [false, true]) {
        const { prop, heard } = unknownProp();
        // An unknown value's members are unknown too, at their own path.
        const p = below ? prop.get("a.b") : prop;
        const d = Object.getOwnPropertyDescriptor(Prop.prototype, name)!;
        if (d.get) void d.get.call(p);
        else (d.value as (...args: unknown[]) => unknown).call(p);
        expect(heard, `${name}${below ? " below an unknown value" : ""}`).toEqual([below ? "properties.x.a.b" : "properties.x"]);
      }
    }
    // Where the value is and the way to other Props are not reads.
    for (const name of NOT_READS) {
      if (name === "constructor" || name === "read") continue;
      const { prop, heard } = unknownProp();
      const d = Object.getOwnPropertyDescriptor(Prop.prototype, name)!;
      if (d.get) void d.get.call(prop);
      else (d.value as (...args: unknown[]) => unknown).call(prop, name === "follow" ? { segs: ["a"], lower: ["a"], suffix: ".a", alone: "a" } : "a");
      expect(heard, name).toEqual([]);
    }
  });

  test("known and missing values are not heard; the observer is the run's, and unset it hears nothing", () => {
    const { prop, heard, model } = unknownProp();
    const other = modelState(new RunContext());
    const known = Prop.of(model, { t: "val", value: 1, at: { file: "t.json", pointer: "/a" }, origins: [] }, "a");
    void known.num();
    void known.state;
    void known.value;
    void Prop.missing(model, { file: "t.json", pointer: "" }, "b").num();
    expect(heard).toEqual([]);
    // A Prop of another run reports to that run's observer (none here), not to this one's.
    void Prop.of(other, { t: "unk", reason: "r", at: { file: "u.json", pointer: "/x" }, origins: [] }, "x").num();
    expect(heard).toEqual([]);
    model.observer = undefined;
    void prop.num();
    expect(heard).toEqual([]);
  });
});
