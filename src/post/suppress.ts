/**
 * Suppressions, in order of precedence:
 *  1. inline, in JSON-with-comments files: `// batchlint-disable-next-line BATCH001, task-auth-token-retired -- why`
 *     (also as a block comment); applies to findings that start on the line after the comment; `batchlint-disable-line`
 *     (after the code it excuses) to findings that start on the comment's own line. JSONC, Bicep and Terraform alike,
 *     through `ParsedDoc.comments()`; Terraform's `# ...` line comment too (accepted for any document: only the HCL
 *     reader gives a comment that starts with `#`, so a JSON or Bicep file can never have one);
 *  2. resource metadata: `"metadata": { "batchlint": { "suppress": [ { "rule": "BATCH001", "justification": "..." } ] } }`
 *     applies to findings on that resource;
 *  3. configuration `suppressions: [{ file, resource, rule, justification }]` (kind "external").
 * A suppression without a justification is reported as BATCH990; unused ones (with --report-unused-suppressions)
 * and unknown rule names as BATCH991; a metadata suppression computed by an ARM expression (which a reviewer cannot
 * read in the diff) is not honoured and is reported as BATCH992. They are built-in pseudo-rules: they have metadata
 * (SARIF descriptors, --explain, configurable severity) but no check; this module produces their findings.
 * Configuration suppressions are never evaluated: a `rule` that is not a literal rule id or name is a configuration
 * error (config/config.ts).
 */
import type { ParsedDoc, Region } from "../parse/document.js";
import type { Finding, Suppression } from "../engine/findings.js";
import type { Resource } from "../model/resource.js";
import type { Prop } from "../model/prop.js";
import type { RuleSetting } from "../engine/run.js";
import { defineRule, type Rule, type Severity } from "../rule.js";
import type { ConfigSuppression } from "../config/config.js";
import { INFORMATION_URI } from "../version.js";

export const MISSING_JUSTIFICATION = defineRule({
  meta: {
    id: "BATCH990",
    name: "suppression-without-justification",
    title: "A suppression must give a justification",
    severity: "warning",
    tags: ["hygiene"],
    resourceTypes: [],
    precision: "very-high",
    docs: {
      summary: "Every batchlint suppression (inline comment, resource metadata or configuration) states why the finding is accepted.",
      rationale: "A suppression hides a compliance finding from CI and from code scanning. Reviewers and auditors need the reason next to it; " + "a bare suppression is indistinguishable from silencing the linter.",
      remediation: "Add the reason: `// batchlint-disable-next-line BATCH001 -- reason`, a `justification` in the metadata entry, or a `justification` in the configuration entry.",
      references: [`${INFORMATION_URI}#suppressions`],
    },
    messages: {
      missing: "suppression of {{rules}} has no justification.",
    },
  },
});

export const UNUSED_SUPPRESSION = defineRule({
  meta: {
    id: "BATCH991",
    name: "unused-suppression",
    title: "A suppression does not match any finding",
    severity: "warning",
    tags: ["hygiene"],
    resourceTypes: [],
    precision: "very-high",
    docs: {
      summary: "A suppression names a rule that reports nothing there (shown with --report-unused-suppressions), or a rule that does not exist.",
      rationale: "Stale suppressions hide future regressions at the same place and make the list of accepted risks longer than it is.",
      remediation: "Remove the suppression, or correct the rule id or name it refers to.",
      references: [`${INFORMATION_URI}#suppressions`],
    },
    messages: {
      unused: "suppression of {{rule}} is unused: no such finding here.",
      unknownRule: "suppression names unknown rule '{{rule}}'.",
    },
  },
});

export const NOT_LITERAL_SUPPRESSION = defineRule({
  meta: {
    id: "BATCH992",
    name: "suppression-not-literal",
    title: "A suppression must be written literally, not computed by an expression",
    severity: "error",
    tags: ["security", "hygiene"],
    resourceTypes: [],
    precision: "very-high",
    docs: {
      summary:
        "A resource-metadata suppression is computed by an ARM expression instead of written as literal JSON: `metadata`, " +
        "`metadata.batchlint`, `metadata.batchlint.suppress`, one of its entries, or an entry's `rule` or " +
        "`justification`. batchlint does not honour it: the findings it would hide are reported.",
      rationale:
        "Suppressions are reviewed in pull requests. One computed by an expression (`[json(base64ToString('...'))]`, " +
        "`[variables('s')]`, `[concat('BATCH', '001')]`) hides from the reviewer which rule it silences, so it could switch " +
        "off any compliance check unseen. Only literal rule ids and names count, as in inline comments and configuration " +
        "files, which are never evaluated.",
      remediation: "Write the suppression out as literal JSON (`metadata.batchlint.suppress: [{ rule: BATCH001, justification: ... }]`), " + "or use an inline comment or a configuration-file suppression.",
      references: [`${INFORMATION_URI}#suppressions`],
    },
    messages: {
      expression: "{{what}} is an ARM expression: a suppression must be written literally, so this one suppresses nothing.",
    },
  },
});

/** Built-in pseudo-rules, configurable like rules (e.g. `"BATCH990": "error"`). */
export const SUPPRESSION_RULES: readonly Rule<string, unknown>[] = [MISSING_JUSTIFICATION, UNUSED_SUPPRESSION, NOT_LITERAL_SUPPRESSION];

const DIRECTIVE = "batchlint-disable-next-line";
/** The same directive for the line the comment is on, written after the code (`x: 1 // batchlint-disable-line ...`). */
const SAME_LINE_DIRECTIVE = "batchlint-disable-line";
/** The common prefix: a document without it has no directive, so its comments are not walked. */
const DIRECTIVE_PREFIX = "batchlint-disable-";

/** The directive the comment body starts with (a whole word: `batchlint-disable-lines` is not one), or undefined. */
function directiveOf(body: string): string | undefined {
  for (const d of [DIRECTIVE, SAME_LINE_DIRECTIVE]) if (body.startsWith(d) && (body.length === d.length || /\s/.test(body[d.length]!))) return d;
  return undefined;
}

export interface InlineDirective {
  /** Ids (resolved) or, for unknown names, the text as written; empty = every rule. */
  readonly rules: readonly string[];
  readonly unknown: readonly string[];
  readonly justification?: string;
  /** The line the directive applies to (1-based). */
  readonly targetLine: number;
  readonly offset: number;
  readonly length: number;
}

type FindRule = (idOrName: string) => Rule<string, unknown> | undefined;

/** Finds `batchlint-disable-next-line` and `batchlint-disable-line` comments among the document's comments (so strings are never mistaken for comments). */
export function scanDirectives(doc: ParsedDoc, findRule: FindRule): InlineDirective[] {
  const text = doc.text;
  if (!text.includes(DIRECTIVE_PREFIX)) return [];
  const out: InlineDirective[] = [];
  for (const { offset, length, block } of doc.comments()) {
    // `//`, `/*` or (Terraform) `#`: the delimiter is dropped.
    let body = text.slice(offset + (text.charCodeAt(offset) === 35 /* # */ ? 1 : 2), offset + length);
    if (block) body = body.replace(/\*\/$/, "");
    body = body.replace(/^[\s*]+/, "").trimEnd();
    const directive = directiveOf(body);
    if (!directive) continue;
    const rest = body.slice(directive.length);
    const sep = rest.search(/(^|\s)--(\s|$)/);
    const ruleText = sep >= 0 ? rest.slice(0, sep) : rest;
    const justification =
      sep >= 0
        ? rest
            .slice(sep)
            .replace(/^\s*--/, "")
            .trim()
        : "";
    const rules: string[] = [];
    const unknown: string[] = [];
    for (const name of ruleText.split(/[\s,]+/).filter(Boolean)) {
      const r = findRule(name);
      if (r) rules.push(r.meta.id);
      else unknown.push(name);
    }
    const targetLine = directive === DIRECTIVE ? doc.lineIndex.position(offset + length).line + 1 : doc.lineIndex.position(offset).line;
    out.push({ rules, unknown, justification: justification || undefined, targetLine, offset, length });
  }
  return out;
}

export interface SuppressOptions {
  readonly rules: readonly Rule<string, unknown>[];
  readonly settings?: ReadonlyMap<string, RuleSetting>;
  readonly configSuppressions?: readonly ConfigSuppression[];
  /** Called when a configuration suppression suppresses a finding. */
  readonly onConfigSuppressionUsed?: (s: ConfigSuppression) => void;
  readonly reportUnused?: boolean;
  /** Shows a configuration file path in `suppression.source` (default: as is). */
  readonly displayPath?: (abs: string) => string;
}

interface MetaSuppression {
  readonly rule: string;
  readonly justification?: string;
  readonly resourcePointer: string;
  readonly region: Region;
  used: boolean;
}

function findIn(rules: readonly Rule<string, unknown>[]): FindRule {
  return (idOrName) => {
    const k = idOrName.trim().toLowerCase();
    return rules.find((r) => r.meta.id.toLowerCase() === k || r.meta.name.toLowerCase() === k);
  };
}

/** Severity of a pseudo-rule under the file's settings, or undefined when it is off. */
export function pseudoSeverity(rule: Rule<string, unknown>, settings?: ReadonlyMap<string, RuleSetting>): Severity | undefined {
  const s = settings?.get(rule.meta.id)?.severity;
  if (s === "off") return undefined;
  return s ?? rule.meta.severity;
}

export function pseudoFinding(rule: Rule<string, unknown>, severity: Severity, messageId: string, data: Record<string, string>, file: string, region: Region): Finding {
  const template = rule.meta.messages[messageId]!;
  return {
    ruleId: rule.meta.id,
    ruleName: rule.meta.name,
    severity,
    message: template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => data[k] ?? ""),
    messageId,
    file,
    region,
    pointer: "",
    related: [],
    resource: { type: "", label: "" },
    propertyPath: "",
  };
}

/** Resource-name match for configuration suppressions: name, label, id or the id's last segment; `*` wildcards. */
export function resourceMatches(pattern: string | undefined, r: Finding["resource"]): boolean {
  if (pattern === undefined || pattern === "*") return true;
  const re = new RegExp(`^${pattern.replace(/[.+^$()|\\[\]{}?]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
  const candidates = [r.name, r.label, r.id, r.id?.split("/").pop()].filter((x): x is string => !!x);
  return candidates.some((c) => re.test(c));
}

/**
 * Marks suppressed findings (sets `finding.suppression`) and returns the findings the pseudo-rules add.
 * `findings` are the findings of one linted document; `resources` its resources.
 */
export function applySuppressions(doc: ParsedDoc, findings: Finding[], resources: readonly Resource[], opts: SuppressOptions): Finding[] {
  const extra: Finding[] = [];
  // The rule finder is made only when a suppression names a rule (most documents have none).
  let finder: FindRule | undefined;
  const find: FindRule = (idOrName) => (finder ??= findIn([...opts.rules, ...SUPPRESSION_RULES]))(idOrName);
  const missingSev = pseudoSeverity(MISSING_JUSTIFICATION, opts.settings);
  const unusedSev = pseudoSeverity(UNUSED_SUPPRESSION, opts.settings);

  // 1. inline directives
  const directives = scanDirectives(doc, find);
  const directiveUse = directives.map(() => new Set<string>());
  // 2. resource metadata
  const metas: MetaSuppression[] = [];
  const seen = new Set<string>();
  const notLiteralSev = pseudoSeverity(NOT_LITERAL_SUPPRESSION, opts.settings);
  /** Regions already reported as not literal (a copied resource shares its metadata expression). */
  const notLiteralSeen = new Set<string>();
  const notLiteral = (p: Prop): void => {
    const region = doc.region(p.at.pointer);
    const k = `${region.charOffset}:${region.charLength}`;
    if (!notLiteralSev || notLiteralSeen.has(k)) return;
    notLiteralSeen.add(k);
    extra.push(pseudoFinding(NOT_LITERAL_SUPPRESSION, notLiteralSev, "expression", { what: p.path }, doc.file, region));
  };
  for (const r of resources) {
    if (r.file !== doc.file || seen.has(r.at.pointer)) continue;
    seen.add(r.at.pointer);
    const list = literalSuppressList(r.root, doc, notLiteral);
    if (!list) continue;
    for (const item of list.items()) {
      if (item.at.file !== doc.file) continue;
      const ruleProp = item.get("rule");
      const justProp = item.get("justification");
      const computed = [item, ruleProp, justProp].find((p) => !isWritten(p, doc));
      if (computed) {
        notLiteral(computed);
        continue;
      }
      const name = ruleProp.str();
      if (name === undefined) continue;
      const region = doc.region(item.at.pointer);
      const rule = find(name);
      if (!rule) {
        if (unusedSev) extra.push(pseudoFinding(UNUSED_SUPPRESSION, unusedSev, "unknownRule", { rule: name }, doc.file, doc.region(ruleProp.at.pointer)));
        continue;
      }
      const justification = justProp.str()?.trim() || undefined;
      metas.push({ rule: rule.meta.id, justification, resourcePointer: r.at.pointer, region, used: false });
    }
  }

  for (const f of findings) {
    if (f.suppression) continue;
    let s: Suppression | undefined;
    if (f.file === doc.file) {
      const i = directives.findIndex((d) => d.targetLine === f.region.startLine && (d.rules.length === 0 ? d.unknown.length === 0 : d.rules.includes(f.ruleId)));
      if (i >= 0) {
        const d = directives[i]!;
        directiveUse[i]!.add(f.ruleId);
        const p = doc.lineIndex.position(d.offset);
        s = { kind: "inSource", justification: d.justification, source: `${doc.file}:${p.line}:${p.column}` };
      }
    }
    if (!s) {
      const m = metas.find((m) => m.rule === f.ruleId && belongsTo(f, m.resourcePointer, doc.file));
      if (m) {
        m.used = true;
        s = { kind: "inSource", justification: m.justification, source: `${doc.file}:${m.region.startLine}:${m.region.startColumn}` };
      }
    }
    if (!s && opts.configSuppressions?.length) {
      const c = opts.configSuppressions.find((c) => c.rule === f.ruleId && resourceMatches(c.resource, f.resource));
      if (c) {
        opts.onConfigSuppressionUsed?.(c);
        s = { kind: "external", justification: c.justification, source: `${opts.displayPath ? opts.displayPath(c.source.file) : c.source.file}:${c.source.line}:${c.source.column}` };
      }
    }
    if (s) f.suppression = s;
  }

  // Reports about the suppressions themselves.
  directives.forEach((d, i) => {
    const region = doc.regionOf(d.offset, d.length);
    const names = d.rules.length ? d.rules.join(", ") : "all rules";
    if (!d.justification && missingSev) extra.push(pseudoFinding(MISSING_JUSTIFICATION, missingSev, "missing", { rules: names }, doc.file, region));
    if (unusedSev) {
      for (const u of d.unknown) extra.push(pseudoFinding(UNUSED_SUPPRESSION, unusedSev, "unknownRule", { rule: u }, doc.file, region));
      if (opts.reportUnused) {
        if (d.rules.length === 0 && d.unknown.length === 0 && directiveUse[i]!.size === 0) extra.push(pseudoFinding(UNUSED_SUPPRESSION, unusedSev, "unused", { rule: "all rules" }, doc.file, region));
        for (const r of d.rules) if (!directiveUse[i]!.has(r)) extra.push(pseudoFinding(UNUSED_SUPPRESSION, unusedSev, "unused", { rule: r }, doc.file, region));
      }
    }
  });
  for (const m of metas) {
    if (!m.justification && missingSev) extra.push(pseudoFinding(MISSING_JUSTIFICATION, missingSev, "missing", { rules: m.rule }, doc.file, m.region));
    if (!m.used && opts.reportUnused && unusedSev) extra.push(pseudoFinding(UNUSED_SUPPRESSION, unusedSev, "unused", { rule: m.rule }, doc.file, m.region));
  }
  return extra;
}

/**
 * The resource's `metadata.batchlint.suppress` list when it is written literally. `metadata`, `batchlint` or
 * `suppress` computed by an expression is reported through `notLiteral` (unless the computed `metadata` holds no
 * `batchlint` at all: ordinary metadata may well be a parameter) and yields nothing.
 */
function literalSuppressList(root: Prop, doc: ParsedDoc, notLiteral: (p: Prop) => void): Prop | undefined {
  const metadata = root.get("metadata");
  // Unknown metadata (a parameter without a value): nothing can be read from it, so nothing is suppressed.
  if (metadata.state !== "known") return undefined;
  const batchlint = metadata.get("batchlint");
  if (batchlint.missing) return undefined;
  const list = batchlint.get("suppress");
  for (const p of [metadata, batchlint, list]) {
    if (!isWritten(p, doc)) {
      notLiteral(p);
      return undefined;
    }
  }
  return list.known ? list : undefined;
}

/**
 * True when a value is written literally in the document (or absent), false when an ARM expression computed it.
 * An escaped string (`"[[text]"`, the literal text `[text]`) is evaluated by the engine but written literally.
 */
function isWritten(p: Prop, doc: ParsedDoc): boolean {
  if (!p.evaluated) return true;
  if (p.at.file !== doc.file) return false;
  const src = doc.valueAt(p.at.pointer);
  return typeof src === "string" && src.startsWith("[[") && p.node?.t === "val";
}

/** A finding belongs to a resource when it was reported on it, or (document-level findings) lies inside it. */
function belongsTo(f: Finding, resourcePointer: string, file: string): boolean {
  if (f.resource.pointer !== undefined) return f.resource.pointer === resourcePointer && (f.resource.file ?? f.file) === file;
  return f.file === file && (f.pointer === resourcePointer || f.pointer.startsWith(`${resourcePointer}/`));
}
