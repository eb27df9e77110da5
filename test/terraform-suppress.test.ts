/**
 * Inline suppressions in Terraform (src/post/suppress.ts through the comments the HCL parser keeps): `#`, `//` and
 * `/* *\/` comments, `batchlint-disable-next-line` and `batchlint-disable-line`, with BATCH990 and BATCH991. The
 * document is a stand-in for TerraformDoc: a BaseDoc whose comments are parseHcl's.
 */
import type { Node } from "jsonc-parser";
import { describe, expect, test } from "vitest";
import { rules } from "../rules/index.js";
import { RunContext } from "../src/context.js";
import type { Finding } from "../src/engine/findings.js";
import { parseHcl } from "../src/input/terraform/read.js";
import { BaseDoc, type Comment, type DuplicateKey } from "../src/parse/source.js";
import type { Region } from "../src/parse/lines.js";
import { applySuppressions, scanDirectives } from "../src/post/suppress.js";

class FakeTfDoc extends BaseDoc {
  readonly reader = "tree" as const;
  readonly value = {};
  readonly root = { type: "object", offset: 0, length: 0 } as Node;
  private readonly parsedComments: readonly Comment[];
  constructor(file: string, text: string) {
    super(file, text, new RunContext());
    this.parsedComments = parseHcl(text, file).comments;
  }
  override comments(): readonly Comment[] {
    return this.parsedComments;
  }
  duplicateKeys(): readonly DuplicateKey[] {
    return [];
  }
  protected localNode(): Node | undefined {
    return undefined;
  }
  protected localRegion(): Region {
    return this.regionOf(0, 0);
  }
  protected knownLineStarts(): undefined {
    return undefined;
  }
}

const find = (name: string) => rules.find((r) => r.meta.id === name.toUpperCase() || r.meta.name === name.toLowerCase());

/** A finding of `ruleId` starting on `line` of the fake document. */
function finding(doc: FakeTfDoc, ruleId: string, line: number): Finding {
  const offset = doc.lineIndex.start(line - 1);
  const region = doc.regionOf(offset + 2, 4);
  return {
    ruleId,
    ruleName: find(ruleId)?.meta.name ?? ruleId,
    severity: "error",
    message: "m",
    messageId: "m",
    file: doc.file,
    region,
    pointer: "",
    related: [],
    resource: { type: "Microsoft.Batch/batchAccounts", label: "a" },
    propertyPath: "",
  };
}

const TEXT = [
  'resource "azurerm_batch_account" "a" {', // 1
  '  name = "acct" # batchlint-disable-line BATCH003 -- a same-line hash comment', // 2
  "  # batchlint-disable-next-line BATCH001, task-auth-token-retired -- batch-cli 1.x still signs with the key; OPS-123", // 3
  '  allowed_authentication_modes = ["SharedKey", "TaskAuthenticationToken"]', // 4
  "  // batchlint-disable-next-line BATCH004 -- the profile is kept for the day access is enabled", // 5
  "  public_network_access_enabled = false", // 6
  "  /* batchlint-disable-next-line BATCH005 */", // 7
  '  pool_allocation_mode = "BatchService"', // 8
  "  /*", // 9
  "   * batchlint-disable-next-line BATCH00X -- a rule that does not exist", // 10
  "   */", // 11
  '  description = "# batchlint-disable-next-line BATCH001 -- in a string, not a comment"', // 12
  '  tags = { x = "y" }', // 13
  "}", // 14
  "#batchlint-disable-next-line", // 15
  'output "x" { value = 1 }', // 16
].join("\n");

describe("Terraform inline suppressions", () => {
  test("scanDirectives reads #, // and /* */ comments; a directive in a string is none", () => {
    const doc = new FakeTfDoc("main.tf", TEXT);
    const ds = scanDirectives(doc, find);
    expect(ds.map((d) => `${d.targetLine} [${d.rules.join(",")}] [${d.unknown.join(",")}] ${d.justification ?? "-"}`)).toEqual([
      "2 [BATCH003] [] a same-line hash comment",
      "4 [BATCH001,BATCH002] [] batch-cli 1.x still signs with the key; OPS-123",
      "6 [BATCH004] [] the profile is kept for the day access is enabled",
      "8 [BATCH005] [] -",
      "12 [] [BATCH00X] a rule that does not exist",
      "16 [] [] -",
    ]);
  });

  test("applySuppressions marks the findings, and reports unjustified, unused and unknown suppressions", () => {
    const doc = new FakeTfDoc("main.tf", TEXT);
    const findings = [finding(doc, "BATCH001", 4), finding(doc, "BATCH002", 4), finding(doc, "BATCH004", 6), finding(doc, "BATCH005", 8), finding(doc, "BATCH001", 12), finding(doc, "BATCH006", 16)];
    const extra = applySuppressions(doc, findings, [], { rules, reportUnused: true });
    expect(findings.map((f) => `${f.ruleId} ${f.region.startLine} ${f.suppression ? `${f.suppression.source} ${f.suppression.justification ?? "-"}` : "active"}`)).toEqual([
      "BATCH001 4 main.tf:3:3 batch-cli 1.x still signs with the key; OPS-123",
      "BATCH002 4 main.tf:3:3 batch-cli 1.x still signs with the key; OPS-123",
      "BATCH004 6 main.tf:5:3 the profile is kept for the day access is enabled",
      "BATCH005 8 main.tf:7:3 -",
      "BATCH001 12 active",
      "BATCH006 16 main.tf:15:1 -",
    ]);
    expect(extra.map((f) => `${f.ruleId} ${f.region.startLine}:${f.region.startColumn} ${f.message}`)).toEqual([
      "BATCH991 2:17 suppression of BATCH003 is unused: no such finding here.",
      "BATCH990 7:3 suppression of BATCH005 has no justification.",
      "BATCH991 9:3 suppression names unknown rule 'BATCH00X'.",
      "BATCH990 15:1 suppression of all rules has no justification.",
    ]);
  });

  test("a # comment that is not a directive, and CRLF line ends", () => {
    const text = [
      'resource "azurerm_batch_account" "a" {',
      "  # batchlint-disable-next-lines BATCH001 -- not the directive (a longer word)",
      '  allowed_authentication_modes = ["SharedKey"] # batchlint-disable-line BATCH001 -- crlf',
      "}",
    ].join("\r\n");
    const doc = new FakeTfDoc("crlf.tf", text);
    expect(scanDirectives(doc, find).map((d) => `${d.targetLine} ${d.rules.join(",")} ${d.justification}`)).toEqual(["3 BATCH001 crlf"]);
  });
});
