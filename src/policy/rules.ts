// biome-ignore-all lint/suspicious/noThenProperty: Azure Policy rules are written { if, then }
/**
 * Policy definitions as rules: each loaded definition (load.ts) becomes a Rule with id `policy/<definition name>`
 * (the GUID for built-ins), its text from the definition (displayName, description) and its severity from its
 * effect (Deny → error; Audit, AuditIfNotExists, DeployIfNotExists, Modify, Append → warning; Disabled → the rule
 * reports nothing). The condition is the evaluator's (evaluate.ts, given here as a PolicyEvaluator so that tests
 * can stub it): a `match` is a finding at the value to edit, `unknown` is none (the evaluator's reads of unknown
 * values are noted under --report-unknown), Modify and Append carry a fix when their operations set a literal,
 * and AuditIfNotExists / DeployIfNotExists look for the related resource among the document's resources.
 *
 * Cross-reference: a definition the built-in index marks `sameAs: "BATCH001"` still reports, and says in its
 * message, SARIF help and --explain that it is the same problem as that rule (docs/policy.md).
 */
import { type FixEdit, type FixInput, named, type Prop, type Resource, type Rule, type RuleContext, type Severity, type Value } from "../rule.js";
import { type LoadedPolicy, PolicyLoadError, type PolicyDefinitionData, type PolicySetup } from "./load.js";

type AnyRule = Rule<string, unknown>;

/** The evaluator's verdict on a condition (evaluate.ts Verdict). */
export type PolicyVerdict = { kind: "match"; at: Prop } | { kind: "nomatch" } | { kind: "unknown"; reason: string; at?: Prop };

/** What the evaluator gives a definition: assigned parameters and the alias table (lower-cased alias → property path). */
export interface PolicyEvalContext {
  readonly aliases: ReadonlyMap<string, string>;
  readonly parameters: ReadonlyMap<string, unknown>;
  /** While an existenceCondition is evaluated: the resource the `if` matched, which field() in a value reads. */
  readonly subject?: Resource;
}

/** The evaluator's API (src/policy/evaluate.ts), as the rules use it. */
export interface PolicyEvaluator {
  evaluateIf(def: PolicyDefinitionData, resource: Resource, ctx: PolicyEvalContext): PolicyVerdict;
  resolveEffect(def: PolicyDefinitionData, ctx: PolicyEvalContext): string;
  appliesTo(def: PolicyDefinitionData, resource: Resource): boolean;
  /** Any condition of the definition's language over a resource (an existenceCondition over a related resource). */
  evaluateConditionOn?(condition: unknown, def: PolicyDefinitionData, resource: Resource, ctx: PolicyEvalContext): PolicyVerdict;
}

export const POLICY_RULE_PREFIX = "policy/";

const EFFECT_SEVERITY: Readonly<Record<string, Severity>> = {
  deny: "error",
  audit: "warning",
  auditifnotexists: "warning",
  deployifnotexists: "warning",
  modify: "warning",
  append: "warning",
  denyaction: "error",
  manual: "note",
};

/** Fields every resource has, that are no alias (policy definition structure, "Fields"). */
const PLAIN_FIELDS = /^(type|name|fullname|kind|location|id|identity\.type|identity\.userassignedidentities|tags)$|^tags[.[]/i;

/** The `field` values a condition names (anywhere: allOf, anyOf, not, count and where). */
function fieldsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) fieldsOf(n, out);
  else if (typeof node === "object" && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "field" && typeof v === "string") out.push(v);
      else fieldsOf(v, out);
    }
  }
  return out;
}

/** Aliases (fields with a namespace) that the table does not have: a configuration error naming the first. */
function checkAliases(p: LoadedPolicy, aliases: ReadonlyMap<string, string>): void {
  const def = p.definition;
  const ops = modifyOperations(def).map((o) => o.field);
  for (const f of [...fieldsOf(def.policyRule.if), ...ops]) {
    if (PLAIN_FIELDS.test(f) || !f.includes("/") || /^\[/.test(f)) continue;
    if (!aliases.has(f.toLowerCase())) throw new PolicyLoadError(p.source, `policy '${def.name}' uses the alias '${f}', which batchlint does not know (not in its Microsoft.Batch alias table)`);
  }
}

/**
 * The resource types the definition's `if` limits it to: a `{ field: "type", equals | in }` at its top or in its
 * top-level allOf. Undefined: any type.
 */
export function typesOf(cond: unknown): string[] | undefined {
  if (typeof cond !== "object" || cond === null || Array.isArray(cond)) return undefined;
  const c = cond as Record<string, unknown>;
  if (typeof c.field === "string" && c.field.toLowerCase() === "type") {
    if (typeof c.equals === "string" && !c.equals.startsWith("[")) return [c.equals];
    if (Array.isArray(c.in) && c.in.every((t) => typeof t === "string" && !t.startsWith("["))) return c.in as string[];
    return undefined;
  }
  if (Array.isArray(c.allOf)) {
    for (const sub of c.allOf) {
      const t = typesOf(sub);
      if (t) return t;
    }
  }
  return undefined;
}

interface Operation {
  readonly operation: string;
  readonly field: string;
  readonly value?: unknown;
}

/** Modify's `details.operations`, Append's `details` (an array of { field, value }): what the policy would write. */
function modifyOperations(def: PolicyDefinitionData): Operation[] {
  const details = def.policyRule.then.details;
  const list = Array.isArray(details) ? details.map((d) => ({ operation: "add", ...(d as object) })) : typeof details === "object" && details !== null ? (details as { operations?: unknown }).operations : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter((o): o is Operation => typeof o === "object" && o !== null && typeof (o as Operation).field === "string" && typeof (o as Operation).operation === "string");
}

/** A literal value (or `[parameters('x')]` of an assigned value): what a fix may write. Undefined: not literal. */
function literal(v: unknown, params: ReadonlyMap<string, unknown>, def: PolicyDefinitionData): Value | undefined {
  if (typeof v === "string") {
    const m = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(v);
    if (m) {
      const key = Object.keys(def.parameters).find((k) => k.toLowerCase() === m[1]!.toLowerCase());
      if (key === undefined) return undefined;
      return literal(params.has(key) ? params.get(key) : def.parameters[key]!.defaultValue, new Map(), def);
    }
    if (v.startsWith("[[")) return v.slice(1);
    if (v.startsWith("[")) return undefined;
    return v;
  }
  if (v === undefined) return undefined;
  return v as Value;
}

/** The fix of a Modify or Append: its operations on a literal path (no `[*]`), as edits of the resource. */
function fixOf(def: PolicyDefinitionData, resource: Resource, ec: PolicyEvalContext): FixInput | undefined {
  const edits: FixEdit[] = [];
  for (const op of modifyOperations(def)) {
    const path = ec.aliases.get(op.field.toLowerCase()) ?? (PLAIN_FIELDS.test(op.field) ? op.field : undefined);
    if (path === undefined || path.includes("[*]") || op.field.toLowerCase() === "type") return undefined;
    const target = resource.get(path);
    const kind = op.operation.toLowerCase();
    if (kind === "remove") {
      if (target.unknown) return undefined;
      if (!target.missing) edits.push({ op: "remove", at: target });
      continue;
    }
    const value = literal(op.value, ec.parameters, def);
    if (value === undefined) return undefined;
    if (!target.missing) {
      if (kind === "add" || target.unknown) continue; // add leaves an existing value alone
      edits.push({ op: "replace", at: target, value });
      continue;
    }
    // Set it in the nearest object that exists, creating the objects in between (`properties` of an account without one).
    const segs = path.split(".");
    if (segs.some((x) => x === "" || x.includes("["))) return undefined;
    let i = segs.length - 1;
    while (i > 0 && resource.get(segs.slice(0, i).join(".")).missing) i--;
    const parent = i === 0 ? resource.root : resource.get(segs.slice(0, i).join("."));
    if (!parent.known || !parent.isObject) return undefined;
    let nested: Value = value;
    for (let j = segs.length - 1; j > i; j--) nested = { [segs[j]!]: nested };
    edits.push({ op: "set", at: parent, key: segs[i]!, value: nested });
  }
  if (edits.length === 0) return undefined;
  return { description: `apply the operations of policy '${def.displayName ?? def.name}'`, edits };
}

// ---------------------------------------------------------------------------------------------------------
// AuditIfNotExists / DeployIfNotExists

interface ExistenceDetails {
  readonly type: string;
  readonly name?: string;
  readonly existenceCondition?: unknown;
  /** `existenceScope: "Subscription"` (or a `resourceGroupName`): the related resource may be anywhere there. */
  readonly anywhere: boolean;
}

function existenceDetails(def: PolicyDefinitionData, params: ReadonlyMap<string, unknown>): ExistenceDetails | undefined {
  const d = def.policyRule.then.details;
  if (typeof d !== "object" || d === null || Array.isArray(d)) return undefined;
  const x = d as Record<string, unknown>;
  if (typeof x.type !== "string") return undefined;
  return {
    type: x.type,
    // A name given by a parameter (`[parameters('profileName')]`) is its assigned or default value; another expression is not checked.
    name: typeof x.name === "string" ? stringOr(literal(x.name, params, def)) : undefined,
    existenceCondition: x.existenceCondition,
    anywhere: (typeof x.existenceScope === "string" && x.existenceScope.toLowerCase() === "subscription") || x.resourceGroupName !== undefined,
  };
}

function stringOr(v: Value | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

type Relation = "yes" | "no" | "unknown";

/** Whether `r` is related to `resource`: its child, an extension resource scoped to it, or named under it. */
function relatedTo(r: Resource, resource: Resource): Relation {
  if (r === resource) return "no";
  if (r.parent === resource) return "yes";
  // Exported resources carry their ids: a child's or an extension's starts with its parent's.
  if (r.id !== undefined && resource.id !== undefined && r.id.toLowerCase().startsWith(`${resource.id.toLowerCase()}/`)) return "yes";
  const own = resource.name?.toLowerCase();
  const scope = r.get("scope");
  if (!scope.missing) {
    if (scope.unknown) return "unknown";
    const s = scope.str()?.toLowerCase();
    if (s === undefined) return "no";
    if (own === undefined) return "unknown";
    if (resource.id !== undefined && s === resource.id.toLowerCase()) return "yes";
    const typed = `${resource.type.toLowerCase()}/${own}`;
    return s === own || s.endsWith(`/${typed}`) || s === typed ? "yes" : "no";
  }
  if (r.name === undefined) return "unknown";
  if (own === undefined) return "unknown";
  // Child and provider forms: "<account>/<child>", "<account>/Microsoft.Insights/<setting>".
  return r.name.toLowerCase().startsWith(`${own}/`) ? "yes" : "no";
}

/**
 * A private endpoint connection is made by the private endpoint that names the account (Microsoft.Network/
 * privateEndpoints, `privateLinkServiceConnections[*].properties.privateLinkServiceId`), approved when it is created:
 * a template deploys the endpoint, not the connection. "yes" when an endpoint of the file names the resource.
 */
function endpointFor(resources: readonly Resource[], resource: Resource): Relation {
  let unknown = false;
  for (const r of resources) {
    if (r.type.toLowerCase() !== "microsoft.network/privateendpoints") continue;
    const conns = r.get("properties.privateLinkServiceConnections");
    if (conns.unknown) {
      unknown = true;
      continue;
    }
    for (const c of conns.items()) {
      const id = c.get("properties.privateLinkServiceId");
      if (id.unknown) {
        unknown = true;
        continue;
      }
      const s = id.str()?.toLowerCase();
      const own = resource.name?.toLowerCase();
      if (s === undefined) continue;
      if (own === undefined) {
        unknown = true;
        continue;
      }
      // The id as a template builds it ("/subscriptions/…/Microsoft.Batch/batchAccounts/acct"), or the typed name the
      // Terraform mapping writes for `azurerm_batch_account.acct.id` ("Microsoft.Batch/batchAccounts/acct").
      const typed = `${resource.type.toLowerCase()}/${own}`;
      if (s === typed || s.endsWith(`/${typed}`) || (resource.id !== undefined && s === resource.id.toLowerCase())) return "yes";
    }
  }
  return unknown ? "unknown" : "no";
}

/** The related resource's name as the policy names it (the last segment). */
function lastSegment(name: string): string {
  const parts = name.split("/");
  return parts[parts.length - 1]!.toLowerCase();
}

/** Types a related resource may have: `Microsoft.Insights/diagnosticSettings` is also written `<type>/providers/Microsoft.Insights/diagnosticSettings`. */
function typeMatches(r: Resource, wanted: string): boolean {
  const t = r.type.toLowerCase();
  const w = wanted.toLowerCase();
  return t === w || t.endsWith(`/providers/${w}`);
}

// ---------------------------------------------------------------------------------------------------------

const MESSAGES = {
  nonCompliant: "{{resource}} is not compliant with policy '{{policy}}' ({{effect}}){{same}}.",
  modify: "{{resource}} is not compliant with policy '{{policy}}' ({{effect}}: Azure Policy would change it on deployment){{same}}.",
  missing: "{{resource}} has no related {{type}} in this file that complies with policy '{{policy}}' ({{effect}}){{same}}.",
} as const;

type PolicyMessage = keyof typeof MESSAGES;

const EFFECT_NAMES: Readonly<Record<string, string>> = {
  deny: "Deny",
  audit: "Audit",
  auditifnotexists: "AuditIfNotExists",
  deployifnotexists: "DeployIfNotExists",
  modify: "Modify",
  append: "Append",
  disabled: "Disabled",
};

const NOUNS: Readonly<Record<string, string>> = {
  "microsoft.batch/batchaccounts": "Batch account",
  "microsoft.batch/batchaccounts/pools": "pool",
  "microsoft.batch/batchaccounts/certificates": "certificate",
  "microsoft.batch/batchaccounts/applications": "application",
};

/** A resource as messages name it: `Batch account 'acct'`, else the last segment of its type and its name. */
function describe(resource: Resource): string {
  return named(NOUNS[resource.type.toLowerCase()] ?? resource.type.split("/").pop() ?? "resource", resource, true);
}

/**
 * The rules of loaded policies. `aliases`: lower-cased alias → property path. Throws a PolicyLoadError for an alias
 * the table lacks, or a rule id that collides with another rule's (`existing`).
 */
export function policyRules(setup: PolicySetup, evaluator: PolicyEvaluator, aliases: ReadonlyMap<string, string>, existing: readonly AnyRule[] = []): AnyRule[] {
  const out: AnyRule[] = [];
  for (const p of setup.policies) {
    checkAliases(p, aliases);
    const rule = policyRule(p, evaluator, aliases);
    const clash = [...existing, ...out].find((r) => r.meta.id.toLowerCase() === rule.meta.id.toLowerCase());
    if (clash) throw new PolicyLoadError(p.source, `policy '${p.definition.name}' gives rule id ${rule.meta.id}, which another rule has`);
    out.push(rule);
  }
  return out;
}

function policyRule(p: LoadedPolicy, evaluator: PolicyEvaluator, aliases: ReadonlyMap<string, string>): AnyRule {
  const def = p.definition;
  const ec: PolicyEvalContext = { aliases, parameters: new Map(Object.entries(p.parameters)) };
  const effect = evaluator.resolveEffect(def, ec).toLowerCase();
  if (effect === "unknown" || !/^[a-z]+$/.test(effect))
    throw new PolicyLoadError(p.source, `policy '${def.name}': its effect cannot be worked out (${JSON.stringify(def.policyRule.then.effect)}); assign the parameter it names`);
  const effectName = EFFECT_NAMES[effect] ?? effect;
  const disabled = effect === "disabled";
  const types = typesOf(def.policyRule.if);
  const same = p.sameAs ? `; the same problem as ${p.sameAs} reports` : "";
  const title = (def.displayName ?? def.name).replace(/\.\s*$/, "").trim() || def.name;
  // Ids compare case-insensitively everywhere; lower-cased, a configuration's `policy/...` key matches it as written.
  const idName = `${POLICY_RULE_PREFIX}${def.name.toLowerCase()}`;
  const existence = effect === "auditifnotexists" || effect === "deployifnotexists" ? existenceDetails(def, new Map(Object.entries(p.parameters))) : undefined;
  const fixable = effect === "modify" || effect === "append";
  const base = {
    resource: "",
    policy: title,
    effect: effectName,
    same: p.sameAs ? ` (the same problem as ${p.sameAs})` : "",
  };

  const checkOne = (resource: Resource, ctx: RuleContext<PolicyMessage, unknown>, docLevel: boolean) => {
    if (disabled || !evaluator.appliesTo(def, resource)) return;
    let verdict: PolicyVerdict;
    try {
      verdict = evaluator.evaluateIf(def, resource, ec);
    } catch (e) {
      // A rule the evaluator cannot read (an operator it does not know): said, not a finding, not a crash.
      ctx.note(`could not evaluate policy '${title}': ${(e as Error).message}`, resource.root);
      return;
    }
    if (verdict.kind === "nomatch") return;
    const data = { ...base, resource: describe(resource) };
    const about = docLevel ? { resource } : {};
    // A match decided by no single value is reported at the resource's type (its root may be a whole file: an export).
    if (verdict.kind === "match" && verdict.at === resource.root) {
      const type = resource.get("type");
      if (!type.missing) verdict = { kind: "match", at: type };
    }
    if (verdict.kind === "unknown") {
      // The evaluator's reads of unknown values are noted under --report-unknown; reading the place again says where.
      void verdict.at?.value;
      return;
    }
    if (existence) {
      // What is missing is a related resource, not a value of this one: the `if` only selects (type, location, a
      // setting the policy's deployment needs), so the finding is at the resource, as BATCH021 reports "not set".
      const type = resource.get("type");
      checkExistence(resource, type.missing ? resource.root : type, existence, ctx, data, about);
      return;
    }
    if (fixable) {
      const fix = fixOf(def, resource, ec);
      ctx.report({ messageId: "modify", at: verdict.at, data, ...(fix ? { fix } : {}), ...about });
      return;
    }
    ctx.report({ messageId: "nonCompliant", at: verdict.at, data, ...about });
  };

  const checkExistence = (resource: Resource, at: Prop, details: ExistenceDetails, ctx: RuleContext<PolicyMessage, unknown>, data: Record<string, string>, about: { resource?: Resource }) => {
    const all = ctx.resources();
    const candidates = all.filter((r) => typeMatches(r, details.type));
    let unknown = false;
    /** Why the existence condition of a related resource is undecided (the evaluator's reason), for the note. */
    let reason: string | undefined;
    if (details.type.toLowerCase().endsWith("/privateendpointconnections")) {
      const e = endpointFor(all, resource);
      if (e === "yes") return;
      if (e === "unknown") unknown = true;
    }
    const existenceDef: PolicyDefinitionData = { ...def, mode: "All", policyRule: { if: details.existenceCondition ?? {}, then: def.policyRule.then } };
    for (const r of candidates) {
      const rel = details.anywhere ? "yes" : relatedTo(r, resource);
      if (rel === "no") continue;
      if (rel === "unknown") {
        unknown = true;
        continue;
      }
      if (details.name !== undefined && (r.name === undefined || lastSegment(r.name) !== details.name.toLowerCase())) {
        if (r.name === undefined) unknown = true;
        continue;
      }
      if (details.existenceCondition === undefined) return;
      let v: PolicyVerdict;
      try {
        const onRelated = { ...ec, subject: resource };
        v = evaluator.evaluateConditionOn ? evaluator.evaluateConditionOn(details.existenceCondition, def, r, onRelated) : evaluator.evaluateIf(existenceDef, r, onRelated);
      } catch (e) {
        v = { kind: "unknown", reason: (e as Error).message };
      }
      if (v.kind === "match") return;
      if (v.kind === "unknown") {
        unknown = true;
        reason ??= v.reason;
      }
    }
    // A file that holds no resource of the type (a template of accounts only, a list of accounts) says nothing of
    // their absence: they may be deployed elsewhere. Only related resources the file deploys are judged.
    const endpoints = details.type.toLowerCase().endsWith("/privateendpointconnections") && all.some((r) => typeMatches(r, "Microsoft.Network/privateEndpoints"));
    const none = candidates.length === 0 && !endpoints;
    if (unknown || none) {
      const why = none ? `this file deploys no ${details.type}; one deployed elsewhere is not seen here` : `a related ${details.type} could not be decided${reason ? ` (${reason})` : ""}`;
      ctx.note(`could not decide policy '${title}' (${effectName}) for ${data.resource}: ${why}`, at);
      return;
    }
    ctx.report({ messageId: "missing", at, data: { ...data, type: details.type }, ...about });
  };

  const meta = {
    id: idName,
    name: `policy-${def.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")}`,
    title,
    severity: EFFECT_SEVERITY[effect] ?? "warning",
    tags: ["security"] as const,
    resourceTypes: types ?? [],
    precision: "high" as const,
    docs: {
      summary: (def.description ?? title).trim(),
      rationale: `Azure Policy definition '${def.name}'${p.initiative ? ` (in policy set '${p.initiative}')` : ""}, effect ${effectName}${disabled ? " (disabled: this rule reports nothing)" : ""}${same}.`,
      remediation: fixable ? "Apply the policy's operations (batchlint --fix writes them where the value is a literal)." : "Change the resource so that the policy's condition no longer matches it.",
      references: def.name.match(/^[0-9a-f-]{36}$/i)
        ? [`https://portal.azure.com/#blade/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F${def.name}`]
        : [],
    },
    messages: MESSAGES,
    fixable,
  };
  if (types) {
    return {
      meta,
      check(resource, ctx) {
        checkOne(resource, ctx, false);
      },
    } satisfies Rule<PolicyMessage, unknown> as AnyRule;
  }
  return {
    meta,
    checkDocument(doc, ctx) {
      for (const r of doc.resources) checkOne(r, ctx, true);
    },
  } satisfies Rule<PolicyMessage, unknown> as AnyRule;
}
