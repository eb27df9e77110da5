/**
 * Rule metadata rendered for people and tools: SARIF reporting descriptors, --list-rules and --explain. `rule.meta`
 * is the only place rule text is written; src/tools/gen-docs.ts renders the same metadata into docs/rules/.
 */
import type { ReportingDescriptor } from "sarif";
import type { Rule } from "../rule.js";
import { repositoryFileUrl } from "../version.js";
import { bicepCodeSpans, inSyntax, type FindingSyntax } from "../model/syntax.js";
import { terraformTerms, terraformTypeOf } from "../model/syntax-terraform.js";

export type AnyRule = Rule<string, unknown>;

export function findRule(rules: readonly AnyRule[], idOrName: string): AnyRule | undefined {
  const k = idOrName.trim().toLowerCase();
  return rules.find((r) => r.meta.id.toLowerCase() === k || r.meta.name.toLowerCase() === k);
}

/** Built-in rules (and pseudo-rules) own the BATCH namespace: config/plugins.ts refuses it to plugin rules. */
export function isBuiltinId(id: string): boolean {
  return /^BATCH\d{3}$/.test(id);
}

/** A built-in rule's page, relative to the repository root. */
export function rulePagePath(id: string): string {
  return `docs/rules/${id}.md`;
}

/**
 * The rule's documentation page at this version's tag in the repository package.json names, so that a report
 * links to the text of the release that made it, and a fork that changes `repository` links to its own pages.
 * Plugin rules get none: their meta has no documentation address (its references are sources, not the rule's
 * page), and a link into batchlint's docs would describe another rule; their SARIF `help` still carries the text.
 */
export function helpUri(rule: AnyRule): string | undefined {
  return isBuiltinId(rule.meta.id) ? repositoryFileUrl(rulePagePath(rule.meta.id)) : undefined;
}

function optionsMarkdown(rule: AnyRule): string {
  const opts = Object.entries(rule.meta.options ?? {});
  if (!opts.length) return "";
  return `**Options**\n\n${opts.map(([k, o]) => `- \`${k}\` (${o.type}, default \`${JSON.stringify(o.default)}\`): ${o.description}`).join("\n")}\n\n`;
}

/** What a finding is about, for rule text in Terraform terms: its ARM resource type, and its pointer (the Terraform block's type). */
export interface FindingAbout {
  readonly resource: { readonly type: string };
  readonly pointer: string;
}

/** The ARM resource type a rule's text is about when it checks one type only (else both the account's and the pools' names apply). */
function ruleResourceType(rule: AnyRule): string | undefined {
  return rule.meta.resourceTypes.length === 1 ? rule.meta.resourceTypes[0] : undefined;
}

/**
 * A rule's remediation as shown with a finding: in the syntax of the finding's file (model/syntax.ts), so a finding
 * in Bicep reads `['AAD']` where the rule's text says `["AAD"]`, and one in Terraform `allowed_authentication_modes =
 * ["AAD"]` (the names of the resource the finding is about, `about`, else of the rule's resource type).
 */
export function remediationFor(rule: AnyRule, syntax: FindingSyntax | undefined, about?: FindingAbout): string {
  if (syntax !== "terraform") return inSyntax(rule.meta.docs.remediation, syntax);
  return inSyntax(rule.meta.docs.remediation, syntax, about?.resource.type || ruleResourceType(rule), about && terraformTypeOf(about.pointer));
}

/**
 * A related location's text as shown with a finding, in the syntax of the finding's file (the pipeline converts the
 * finding's own message; a rule's related text, `publicNetworkAccess is set here`, is converted here). Where a value
 * came from (`value from variable 'x' default`, engine/run.ts originMessage) is written for that syntax already.
 */
export function relatedMessageFor(message: string, f: { readonly syntax?: FindingSyntax; readonly resource: { readonly type: string; readonly pointer?: string }; readonly pointer: string }): string {
  if (!f.syntax) return message;
  const origin = /(?:^|: )value (?:from|passed) /.exec(message);
  if (origin?.index === 0) return message;
  const head = origin ? message.slice(0, origin.index) : message;
  const tf = f.syntax === "terraform" ? terraformTypeOf(f.resource.pointer ?? f.pointer) : undefined;
  return inSyntax(head, f.syntax, f.resource.type || undefined, tf) + (origin ? message.slice(origin.index) : "");
}

/** The remediation in Bicep, when it differs from the text as written (it has a JSON snippet). */
function bicepRemediation(rule: AnyRule): string | undefined {
  const b = bicepCodeSpans(rule.meta.docs.remediation);
  return b === rule.meta.docs.remediation ? undefined : b;
}

/** The remediation in Terraform terms (an azurerm_batch_* resource), when it differs from the text as written. */
function terraformRemediation(rule: AnyRule): string | undefined {
  const t = terraformTerms(rule.meta.docs.remediation, ruleResourceType(rule));
  return t === rule.meta.docs.remediation ? undefined : t;
}

/**
 * With `bicep` (`terraform`), the remediation's Bicep (Terraform) form follows it, when it differs: SARIF help of a
 * run with findings in that syntax.
 */
export function helpMarkdown(rule: AnyRule, bicep = false, terraform = false): string {
  const m = rule.meta;
  const b = bicep ? bicepRemediation(rule) : undefined;
  const t = terraform ? terraformRemediation(rule) : undefined;
  return (
    `${m.docs.summary}\n\n**Why**: ${m.docs.rationale}\n\n**How to fix**: ${m.docs.remediation}\n\n${b ? `**How to fix in Bicep**: ${b}\n\n` : ""}${t ? `**How to fix in Terraform**: ${t}\n\n` : ""}${optionsMarkdown(rule)}${m.docs.references.length ? `**References**\n\n${m.docs.references.map((r) => `- <${r}>`).join("\n")}\n` : ""}`.trimEnd() +
    "\n"
  );
}

export function helpText(rule: AnyRule, bicep = false, terraform = false): string {
  const m = rule.meta;
  const b = bicep ? bicepRemediation(rule) : undefined;
  const t = terraform ? terraformRemediation(rule) : undefined;
  return `${m.docs.summary}\n\nWhy: ${m.docs.rationale}\n\nHow to fix: ${m.docs.remediation}\n\n${b ? `How to fix in Bicep: ${b}\n\n` : ""}${t ? `How to fix in Terraform: ${t}\n\n` : ""}${m.docs.references.length ? `References:\n${m.docs.references.map((r) => `  ${r}`).join("\n")}` : ""}`.trimEnd();
}

/** With `bicep` (`terraform`: the run has findings in Bicep, in Terraform), the help carries the remediation's form in that syntax too. */
export function sarifDescriptor(rule: AnyRule, bicep = false, terraform = false): ReportingDescriptor {
  const m = rule.meta;
  const properties: Record<string, unknown> = {
    tags: [...m.tags],
    precision: m.precision ?? "high",
    "problem.severity": m.severity === "note" ? "recommendation" : m.severity,
  };
  if (m.securitySeverity !== undefined) properties["security-severity"] = m.securitySeverity.toFixed(1);
  const uri = helpUri(rule);
  return {
    id: m.id,
    name: m.name,
    shortDescription: { text: m.title },
    fullDescription: { text: m.docs.summary },
    help: { text: helpText(rule, bicep, terraform), markdown: helpMarkdown(rule, bicep, terraform) },
    ...(uri !== undefined ? { helpUri: uri } : {}),
    defaultConfiguration: { level: m.severity },
    properties,
  };
}

export function listRulesText(rules: readonly AnyRule[]): string {
  const w = Math.max(...rules.map((r) => r.meta.name.length));
  return `${rules.map((r) => `${r.meta.id}  ${r.meta.name.padEnd(w)}  ${r.meta.severity.padEnd(7)}  ${r.meta.title}`).join("\n")}\n`;
}

/** The facts of a rule beside its text, as --explain prints them and docs/rules/<ID>.md tabulates them. */
export function ruleFacts(rule: AnyRule): [string, string][] {
  const m = rule.meta;
  const facts: [string, string][] = [
    ["Severity", m.severity],
    ["Tags", m.tags.join(", ")],
    ["Resource types", m.resourceTypes.length ? m.resourceTypes.join(", ") : "the whole document"],
    ["Inputs", m.templateOnly ? "templates and configurations only (ARM, Bicep, Terraform)" : "templates and configurations (ARM, Bicep, Terraform, plan JSON) and exported resources"],
    ["Precision", m.precision ?? "high"],
  ];
  if (m.securitySeverity !== undefined) facts.push(["Security severity", m.securitySeverity.toFixed(1)]);
  facts.push(["Fixable", m.fixable ? "yes (--fix)" : "no"]);
  return facts;
}

export function explainText(rule: AnyRule): string {
  const m = rule.meta;
  const uri = helpUri(rule);
  const facts = ruleFacts(rule)
    .map(([k, v]) => `${`${k}:`.padEnd(19)}${v}`)
    .join("\n");
  // Not about a file: the remediation in Bicep and in Terraform too, when they differ.
  return `${m.id} ${m.name} (${m.severity}; ${m.tags.join(", ")})\n${m.title}\n\n${facts}\n\n${helpText(rule, true, true)}\n${
    Object.keys(m.options ?? {}).length
      ? `\nOptions:\n${Object.entries(m.options!)
          .map(([k, o]) => `  ${k} (${o.type}, default ${JSON.stringify(o.default)}): ${o.description}`)
          .join("\n")}\n`
      : ""
  }${uri ? `\nDocumentation: ${uri}\n` : ""}`;
}
