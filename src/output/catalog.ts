/**
 * Rule metadata rendered for people and tools: SARIF reporting descriptors, --list-rules and --explain. `rule.meta`
 * is the only place rule text is written; src/tools/gen-docs.ts renders the same metadata into docs/rules/.
 */
import type { ReportingDescriptor } from "sarif";
import type { Rule } from "../rule.js";
import { repositoryFileUrl } from "../version.js";

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

export function helpMarkdown(rule: AnyRule): string {
  const m = rule.meta;
  return `${m.docs.summary}\n\n**Why**: ${m.docs.rationale}\n\n**How to fix**: ${m.docs.remediation}\n\n${optionsMarkdown(rule)}**References**\n\n${m.docs.references.map((r) => `- <${r}>`).join("\n")}\n`;
}

export function helpText(rule: AnyRule): string {
  const m = rule.meta;
  return `${m.docs.summary}\n\nWhy: ${m.docs.rationale}\n\nHow to fix: ${m.docs.remediation}\n\nReferences:\n${m.docs.references.map((r) => `  ${r}`).join("\n")}`;
}

export function sarifDescriptor(rule: AnyRule): ReportingDescriptor {
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
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
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
    ["Inputs", m.templateOnly ? "templates only (ARM and Bicep)" : "templates (ARM and Bicep) and exported resources"],
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
  return `${m.id} ${m.name} (${m.severity}; ${m.tags.join(", ")})\n${m.title}\n\n${facts}\n\n${helpText(rule)}\n${
    Object.keys(m.options ?? {}).length
      ? `\nOptions:\n${Object.entries(m.options!)
          .map(([k, o]) => `  ${k} (${o.type}, default ${JSON.stringify(o.default)}): ${o.description}`)
          .join("\n")}\n`
      : ""
  }${uri ? `\nDocumentation: ${uri}\n` : ""}`;
}
