/**
 * The engine: turns one parsed document into findings. It knows documents and locations, never rule logic.
 */
import path from "node:path";
import type { ParsedDoc } from "../parse/document.js";
import { sameIdentity, withRelatedOf, type FileError, type Finding, type Note, type RelatedLocation } from "./findings.js";
import type { DocumentView, ReportInput, Rule, RuleContext, Severity } from "../rule.js";
import { Prop } from "../model/prop.js";
import { typeIs, type Resource } from "../model/resource.js";
import type { Loc } from "../model/tree.js";
import { modelState, type UnknownReads } from "../model/state.js";
import { slot, type RunContext } from "../context.js";
import { recognise } from "../input/recognise.js";
import { languageFor, type LoadOptions } from "../input/language.js";
import { splitPointer } from "../model/value.js";
import { Redactor } from "../post/secrets.js";

export interface RuleSetting {
  readonly severity?: Severity | "off";
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface EngineConfig {
  readonly rules: readonly Rule<string, unknown>[];
  /** Per rule id. */
  readonly settings?: ReadonlyMap<string, RuleSetting>;
  /** List, as notes, the values rules could not decide because they are unknown. */
  readonly reportUnknown?: boolean;
}

/** Documents that findings may point into (the linted file, its parameters files, linked templates). */
export type DocSet = Map<string, ParsedDoc>;

export interface DocumentOutcome {
  findings: Finding[];
  notes: Note[];
  errors: FileError[];
  resources: Resource[];
  /** Replaces the document's secrets in a text (see post/secrets.ts); messages in this outcome are already redacted. */
  redactor?: Redactor;
  /**
   * Set when one resource definition is deployed more than once (a template linked or nested twice, a linked
   * template that links itself): the finding already kept per rule, place, message and resource (see report).
   */
  repeats?: Map<number, number[]>;
}

/*
 * No closure is made per document here (no arrow function or getter stored in an object, no callback holding the
 * document's values). On Node 20 a closure stored in an object per document kept everything it could reach alive
 * through scavenges (99.9% promoted in an audit, half the time spent in GC); classes and their prototype methods
 * do not. The view of a document and the rule context are therefore classes.
 */

/** What document-level rules see of an exported document. */
class ExportView implements DocumentView {
  constructor(
    private readonly doc: ParsedDoc,
    readonly resources: readonly Resource[],
  ) {}
  get file(): string {
    return this.doc.file;
  }
  get duplicateKeys(): DocumentView["duplicateKeys"] {
    return findDuplicateKeys(this.doc);
  }
}

/** What document-level rules see of an ARM template. */
class TemplateDocView extends ExportView {
  constructor(
    doc: ParsedDoc,
    resources: readonly Resource[],
    readonly template: NonNullable<DocumentView["template"]>,
  ) {
    super(doc, resources);
  }
}

/**
 * Lints one document. `ctx` is the run's context (context.ts): the document shares its caches (expression syntax
 * trees, paths, object shapes, rule plans, schema trees) with the other documents of the run, and the rules' reads
 * of unknown values are heard through it.
 */
export function lintDocument(ctx: RunContext, doc: ParsedDoc, config: EngineConfig, docs: DocSet = new Map([[doc.file, doc]]), options: LoadOptions = {}): DocumentOutcome {
  docs.set(doc.file, doc);
  const out: DocumentOutcome = { findings: [], notes: [], errors: [], resources: [] };
  const kind = recognise(doc);
  const language = languageFor(kind);
  if (!language) {
    const message = kind === "arm-parameters" ? "ARM parameters file: used with its template, not linted on its own" : "not an ARM template or exported Azure resource; skipped";
    out.notes.push({ file: doc.file, kind: "skipped", message });
    out.redactor = new Redactor({ docs, resources: out.resources, cliParams: options.cliParams, literal: kind === "export" });
    return out;
  }
  const loaded = language.load(doc, options, ctx);
  const redactor = new Redactor({ docs, resources: out.resources, cliParams: options.cliParams, literal: loaded.literal });
  out.redactor = redactor;
  for (const d of loaded.documents) docs.set(d.file, d);
  for (const n of loaded.notes) out.notes.push({ file: n.file ?? doc.file, kind: n.kind, message: n.message });
  const seenErrors = new Set<string>();
  for (const e of loaded.errors) {
    const k = `${e.file}\u0000${e.offset}\u0000${e.message}`;
    if (seenErrors.has(k)) continue; // the same expression in every copy instance
    seenErrors.add(k);
    const d = docs.get(e.file) ?? doc;
    const p = d.lineIndex.position(e.offset);
    out.errors.push({ file: e.file, line: p.line, column: p.column, message: e.message, code: "evaluation-error" });
  }
  const view: DocumentView = loaded.template ? new TemplateDocView(doc, loaded.resources, loaded.template) : new ExportView(doc, loaded.resources);
  // A loop, not push(...): a document's resources (an exported list's accounts) can outnumber a call's arguments.
  for (const r of view.resources) out.resources.push(r);
  runRules(ctx, view, config, docs, out, redactor);
  if (out.errors.length) out.errors = out.errors.map((e) => ({ ...e, message: redactor.redact(e.message) }));
  if (out.notes.length) out.notes = out.notes.map((n) => ({ ...n, message: redactor.redact(n.message) }));
  return out;
}

/** One enabled rule of a configuration, resolved once: severity, options, resource types. */
interface PlannedRule {
  readonly rule: Rule<string, unknown>;
  /** Severity set in configuration: overrides the severity a report asks for. */
  readonly forced: Severity | undefined;
  readonly severity: Severity;
  readonly options: Record<string, unknown>;
  /** meta.resourceTypes, lower-cased. */
  readonly types: ReadonlySet<string>;
  /** The rule's context, made on first use (see RuleRun). */
  run?: RuleRun;
}

/** Message templates split into text and placeholders, with the messages made from them (see interpolate). */
export type MessageTemplates = Map<string, { parts: string[]; made: Map<string, string> }>;

/** What the engine keeps for a run (and a worker thread): rule plans, message templates, interned strings. */
class EngineState {
  /** Plans per rules array and settings map (an audit lints every file with the same configuration). */
  readonly plans = new WeakMap<readonly Rule<string, unknown>[], WeakMap<object, PlannedRule[]>>();
  /** The last plan looked up: files of one run share their rules array and settings map (ConfigResolver). */
  lastPlan: { rules: object; settings: object; plan: PlannedRule[] } | undefined = undefined;
  /** Per plan and resource type: the rules that check that type or check any document that is not a template. */
  readonly byType = new WeakMap<PlannedRule[], Map<string, PlannedRule[]>>();
  readonly templates: MessageTemplates = new Map();
  /**
   * Audits keep hundreds of thousands of findings: equal strings are shared between them instead of copied
   * (memory, not behaviour: findings are never mutated in place).
   */
  readonly interned = new Map<string, string>();
  /** Off in worker threads: they pack each batch's results into one string table (parallel/transfer.ts). */
  internStrings = true;
}
const ENGINE = slot("the engine's rule plans, message templates and interned strings", () => new EngineState());
const NO_SETTINGS = {};

function planFor(engine: EngineState, config: EngineConfig): PlannedRule[] {
  const key = config.settings ?? NO_SETTINGS;
  const last = engine.lastPlan;
  if (last && last.rules === config.rules && last.settings === key) return last.plan;
  const plan = plannedFor(engine, config, key);
  engine.lastPlan = { rules: config.rules, settings: key, plan };
  return plan;
}

function plannedFor(engine: EngineState, config: EngineConfig, key: object): PlannedRule[] {
  const plans = engine.plans;
  let bySettings = plans.get(config.rules);
  if (!bySettings) plans.set(config.rules, (bySettings = new WeakMap()));
  let plan = bySettings.get(key);
  if (!plan) {
    plan = [];
    for (const rule of config.rules) {
      const setting = config.settings?.get(rule.meta.id);
      if (setting?.severity === "off") continue;
      plan.push({
        rule,
        forced: setting?.severity,
        severity: setting?.severity ?? rule.meta.severity,
        options: ruleOptions(rule, setting),
        types: new Set(rule.meta.resourceTypes.map((t) => t.toLowerCase())),
      });
    }
    bySettings.set(key, plan);
  }
  return plan;
}

/** The rules of a plan that check a resource type or check any document that is not a template. */
function rulesFor(engine: EngineState, plan: PlannedRule[], type: string): PlannedRule[] {
  let m = engine.byType.get(plan);
  if (!m) engine.byType.set(plan, (m = new Map()));
  let list = m.get(type);
  if (!list) m.set(type, (list = plan.filter((p) => (p.rule.check !== undefined && p.types.has(type)) || (p.rule.checkDocument !== undefined && !p.rule.meta.templateOnly))));
  return list;
}

function anyHas(set: ReadonlySet<string>, xs: readonly string[]): boolean {
  for (const x of xs) if (set.has(x)) return true;
  return false;
}

/** Something that replaces secrets in a text: a document's Redactor. */
interface Redacts {
  redact(text: string): string;
}
const NO_REDACTION: Redacts = { redact: (t) => t };

/** How findings name a document's resources, by the resource's place in the document (made on a first finding). */
type Summaries = (Finding["resource"] | undefined)[];

/**
 * What a rule sees while it runs: one per planned rule, made once and pointed at each document in turn (no
 * closures per document, see above). Its functions are made once, so a rule may also take them apart
 * (`const { report } = ctx`).
 */
class RuleRun {
  view: DocumentView | undefined;
  docs: DocSet | undefined;
  out: DocumentOutcome | undefined;
  redactor: Redacts = NO_REDACTION;
  current: Resource | undefined;
  /** The current resource's place in the document, and the document's resource summaries (shared by its rules). */
  index = 0;
  summaries: Summaries | undefined;
  busy = false;
  readonly ctx: RuleContext<string, unknown>;
  constructor(
    readonly planned: PlannedRule,
    readonly engine: EngineState,
  ) {
    const run = this;
    this.ctx = {
      options: planned.options,
      get document(): DocumentView {
        return run.view!;
      },
      resources: (type?: string) => (type ? run.view!.resources.filter((r) => typeIs(r, type)) : run.view!.resources),
      report: (input) => {
        const p = run.planned;
        const out = run.out!;
        const f = makeFinding(run, p.forced ?? input.severity ?? p.severity, input);
        if (out.repeats === undefined) out.findings.push(f);
        else keepOnce(out.findings, out.repeats, f);
      },
      note: (message, at) => {
        const loc = at === undefined ? undefined : toLoc(at);
        const pos = loc && run.docs!.get(loc.file)?.region(loc.pointer, loc.key, loc.anchor);
        // Redacted with the document's other notes (lintDocument).
        run.out!.notes.push({ file: loc?.file ?? run.view!.file, line: pos?.startLine, column: pos?.startColumn, kind: "info", message: `${run.planned.rule.meta.id} ${message}` });
      },
    };
  }
  /** Lets go of the document (the run outlives it). */
  clear(): void {
    this.view = this.docs = this.out = this.current = this.summaries = undefined;
    this.redactor = NO_REDACTION;
    this.busy = false;
  }
}

/** `ctx`: the run the document is part of (the plans, and the observer of unknown reads, are the run's). */
export function runRules(ctx: RunContext, view: DocumentView, config: EngineConfig, docs: DocSet, out: DocumentOutcome, redactor: Redacts = NO_REDACTION): void {
  const engine = ctx.get(ENGINE);
  const model = modelState(ctx);
  const resources = view.resources;
  // Loops, not callbacks: runRules runs once per document, and an audit's every account can be one.
  const types: string[] = [];
  for (const r of resources) types.push(model.lowerKey(r.type));
  // Documents of one resource type (every exported list): a rule either checks all its resources or none.
  let oneType: string | undefined = types[0];
  for (const t of types) if (t !== oneType) oneType = undefined;
  const reportUnknown = config.reportUnknown === true;
  const plan = planFor(engine, config);
  // An export's document (one type, no template) runs only the rules that can apply to it, found once per type.
  const candidates = oneType !== undefined && view.template === undefined ? rulesFor(engine, plan, oneType) : plan;
  const summaries: Summaries = new Array(resources.length);
  if (out.repeats === undefined && definedTwice(resources)) out.repeats = new Map();
  // A document linted while a rule of another runs (a rule that lints) gives the other its observer back.
  const outer = model.observer;
  for (const p of candidates) {
    const { rule } = p;
    const checks = rule.check !== undefined && p.types.size > 0 && (oneType === undefined ? anyHas(p.types, types) : p.types.has(oneType));
    const checksDocument = rule.checkDocument !== undefined && (view.template !== undefined || !rule.meta.templateOnly);
    if (!checks && !checksDocument) continue; // e.g. pool rules on a list of accounts
    let run = p.run;
    if (!run) p.run = run = new RuleRun(p, engine);
    else if (run.busy) run = new RuleRun(p, engine); // a document linted while another is (a rule that lints)
    run.busy = true;
    run.view = view;
    run.docs = docs;
    run.out = out;
    run.redactor = redactor;
    run.summaries = summaries;
    // Every Prop of the run reads through the run's model state: the rule's reads of unknown values are heard here.
    model.observer = reportUnknown ? new UnknownReporter(rule, docs, out) : undefined;
    try {
      if (checks) {
        for (let i = 0; i < resources.length; i++) {
          if (oneType === undefined && !p.types.has(types[i]!)) continue;
          run.current = resources[i]!;
          run.index = i;
          rule.check!(run.current, run.ctx);
        }
        run.current = undefined;
      }
      if (checksDocument) rule.checkDocument!(view, run.ctx);
    } catch (e) {
      out.errors.push({ file: view.file, line: 1, column: 1, code: "internal-error", message: `internal error in rule ${rule.meta.id}: ${(e as Error).stack ?? e}` });
    } finally {
      model.observer = outer;
      run.clear();
    }
  }
}

/**
 * --report-unknown: a note for each unknown value a rule reads (once per place and path). Made per rule and
 * document only when reporting; an object, not a closure (see above).
 */
class UnknownReporter implements UnknownReads {
  private readonly seen = new Set<string>();
  constructor(
    private readonly rule: Rule<string, unknown>,
    private readonly docs: DocSet,
    private readonly out: DocumentOutcome,
  ) {}
  unknownRead(prop: Prop): void {
    const key = `${prop.at.file}#${prop.at.pointer}#${prop.path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const d = this.docs.get(prop.at.file);
    const pos = d?.region(prop.at.pointer);
    this.out.notes.push({
      file: prop.at.file,
      line: pos?.startLine,
      column: pos?.startColumn,
      kind: "unknown",
      message: `${this.rule.meta.id} could not decide: ${prop.path || "value"} is unknown (${prop.reason ?? "not evaluated"})`,
    });
  }
}

/** Every key written twice in one object, as rules see it: the ignored key's place and the kept member's pointer. */
export function findDuplicateKeys(doc: ParsedDoc): DocumentView["duplicateKeys"] {
  const out: { key: string; ignored: Loc; kept: Loc }[] = [];
  for (const d of doc.duplicateKeys()) {
    out.push({ key: d.key, ignored: { file: doc.file, pointer: `#offset:${d.offset}:${d.length}`, key: true }, kept: { file: doc.file, pointer: d.keptPointer, key: true } });
  }
  return out;
}

export function ruleOptions(rule: Rule<string, unknown>, setting?: RuleSetting): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(rule.meta.options ?? {})) o[k] = spec.default;
  return Object.assign(o, setting?.options ?? {});
}

function toLoc(at: Prop | Loc, key = false): Loc {
  if (at instanceof Prop) {
    if (key && at.keyAt) return at.keyAt;
    if (at.missing) return { file: at.at.file, pointer: at.at.pointer, key: true, anchor: true };
    return at.at;
  }
  return key ? { ...at, key: true } : at;
}

/** `templates`: the run's (EngineState.templates); by default, none kept. */
export function interpolate(template: string, data: Readonly<Record<string, string | number | boolean>> = {}, ruleId = "", templates: MessageTemplates = new Map()): string {
  // Each template is split once into text and placeholder names (alternating): messages are made per finding.
  let t = templates.get(template);
  if (!t) templates.set(template, (t = { parts: template.split(/\{\{\s*(\w+)\s*\}\}/), made: new Map() }));
  const parts = t.parts;
  if (parts.length === 1) return template;
  // The same values give the same message, made once: an audit repeats a few messages over thousands of findings,
  // and one string object is interned (and packed) by a look-up whose hash is already known.
  let key = "";
  let nul = false; // NUL joins the values in the key: values with one are not memoized
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    if (!Object.hasOwn(data, name)) throw new Error(`rule ${ruleId}: message placeholder {{${name}}} not supplied`);
    const v = String(data[name]);
    if (parts.length > 3) nul ||= v.includes("\u0000");
    key = i === 1 ? v : `${key}\u0000${v}`;
  }
  const made = nul ? undefined : t.made.get(key);
  if (made !== undefined) return made;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += String(data[parts[i]!]) + parts[i + 1]!;
  if (!nul) {
    if (t.made.size >= 1000) t.made.clear(); // values that never repeat (names, ids) do not pile up
    t.made.set(key, out);
  }
  return out;
}

/** A Terraform file (input/terraform/doc.ts), told by its kind without importing the reader. */
function isTerraform(doc: ParsedDoc | undefined): doc is ParsedDoc & { readonly terraformKind: string } {
  return doc !== undefined && "terraformKind" in doc;
}

/** Describes where an origin value lives, e.g. "value from parameters file a.parameters.json". */
export function originMessage(loc: Loc, findingFile: string, docs?: DocSet): string {
  const segs = splitPointer(loc.pointer);
  const other = loc.file !== findingFile ? ` in ${path.basename(loc.file)}` : "";
  // A variable of a variables copy loop ("copy": [{ "name": "rules", ... }]) is named by its element's name.
  if (segs[0]?.toLowerCase() === "variables" && segs[1]?.toLowerCase() === "copy" && segs.length >= 3 && /^\d+$/.test(segs[2]!)) {
    const name = docs?.get(loc.file)?.valueAt(`/${segs[0]}/${segs[1]}/${segs[2]}/name`);
    if (typeof name === "string") return `value from variable '${name}'${other}`;
  }
  if (segs[0]?.toLowerCase() === "parameters" && segs.length >= 3 && segs[2]!.toLowerCase() === "value") {
    return `value from parameters file, parameter '${segs[1]}'${other}`;
  }
  if (segs[0]?.toLowerCase() === "parameters" && segs.length >= 3 && segs[2]!.toLowerCase() === "defaultvalue") {
    return `value from the default of parameter '${segs[1]}'${other}`;
  }
  if (segs[0]?.toLowerCase() === "variables" && segs.length >= 2) return `value from variable '${segs[1]}'${other}`;
  if (segs[0] === "cli") return `value from --param ${segs[1] ?? ""}`;
  const pi = segs.findIndex((s, i) => i > 0 && s.toLowerCase() === "parameters" && segs[i + 2]?.toLowerCase() === "value");
  if (pi > 0) {
    return `value passed to parameter '${segs[pi + 1]}' by the nested deployment${other}`;
  }
  // Terraform (input/terraform/doc.ts names its places so): a variable's default, a local, a module call's input, a .tfvars entry.
  const doc = docs?.get(loc.file);
  if (isTerraform(doc)) {
    if (segs[0] === "variable" && segs.length === 3 && segs[2] === "default") return `value from variable '${segs[1]}' default${other}`;
    if (segs[0] === "locals" && segs.length === 2) return `value from local '${segs[1]}'${other}`;
    if (segs[0] === "module" && segs.length === 3) return `value from the caller's input '${segs[2]}' of module '${segs[1]}'${other}`;
    if (doc.terraformKind === "tfvars" && segs.length >= 1) return `value from ${path.basename(loc.file)}`;
  }
  return other ? `value from ${path.basename(loc.file)}` : "value from here";
}

/** Worker threads pack each batch's results into one string table (parallel/transfer.ts): interning there is wasted. */
export function stopInterning(ctx: RunContext): void {
  ctx.get(ENGINE).internStrings = false;
}
/** Audits keep hundreds of thousands of findings: equal strings are shared between them instead of copied. */
function intern(engine: EngineState, s: string): string {
  if (!engine.internStrings) return s;
  const interned = engine.interned;
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size > 200_000) interned.clear();
  interned.set(s, s);
  return s;
}
const NO_RELATED: readonly RelatedLocation[] = Object.freeze([]);
/**
 * How findings name the current resource: made once per resource, shared by its findings (memory: an audit keeps
 * hundreds of thousands). Kept by the resource's place in the document (a WeakMap look-up per finding cost more).
 */
/** A document-level finding about no resource (an unused parameter). */
const NO_RESOURCE: Finding["resource"] = Object.freeze({ type: "", label: "" });

function resourceSummary(run: RuleRun, r: Resource): Finding["resource"] {
  const summaries = run.summaries;
  if (summaries === undefined) return summaryOf(r, run.redactor);
  return (summaries[run.index] ??= summaryOf(r, run.redactor));
}
function summaryOf(r: Resource, redactor: Redacts): Finding["resource"] {
  return Object.freeze({
    type: r.type,
    label: redactor.redact(r.label),
    id: r.id === undefined ? r.id : redactor.redact(r.id),
    name: r.name === undefined ? r.name : redactor.redact(r.name),
    file: r.file,
    pointer: r.at.pointer,
  });
}

function makeFinding(run: RuleRun, severity: Severity, input: ReportInput<string>): Finding {
  const { rule } = run.planned;
  const { current, redactor, engine } = run;
  const resource = current ?? input.resource;
  const docs = run.docs!;
  const template = rule.meta.messages[input.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id}: unknown messageId '${input.messageId}'`);
  // Rules may quote values; secrets (secure parameters, passwords, keys, SAS tokens) never leave the engine.
  let message = redactor.redact(interpolate(template, input.data, rule.meta.id, engine.templates));
  const loc = toLoc(input.at, input.atKey);
  const doc = docs.get(loc.file);
  if (!doc) throw new Error(`rule ${rule.meta.id}: location in unknown document ${loc.file}`);
  // No closure here: its context would be allocated for every finding, related locations or not.
  let related: RelatedLocation[] | undefined;
  // Where the value came from (parameter default, parameters file, variable): the place the value is written.
  if (input.at instanceof Prop) for (const o of input.at.origins) related = addRelated(related, o, originMessage(o, loc.file, docs), docs, redactor);
  if (input.related)
    for (const r of input.related) {
      if (r instanceof Prop || !("message" in r)) {
        const l = toLoc(r as Prop | Loc);
        related = addRelated(related, l, "related location", docs, redactor);
      } else {
        related = addRelated(related, toLoc(r.at), r.message, docs, redactor);
        if (r.at instanceof Prop) for (const o of r.at.origins) related = addRelated(related, o, `${r.message}: ${originMessage(o, loc.file, docs)}`, docs, redactor);
      }
    }
  // A Terraform instance (count, for_each) is named by its address, as terraform names it: `azurerm_batch_account.a["k"]`.
  if (resource?.copy) message += isTerraform(docs.get(resource.file)) ? ` (instance ${redactor.redact(resource.label)})` : ` [copy '${resource.copy.name}' index ${resource.copy.index}]`;
  if (resource?.conditional) message += " (if the resource's condition holds)";
  const propertyPath = input.at instanceof Prop ? input.at.path || "/" : loc.pointer;
  return {
    ruleId: rule.meta.id,
    ruleName: rule.meta.name,
    severity,
    message: intern(engine, message),
    messageId: input.messageId,
    file: loc.file,
    region: doc.region(loc.pointer, loc.key, loc.anchor),
    pointer: loc.pointer, // unique per resource in an audit (/data/17/...): interning would only churn
    related: related ?? NO_RELATED,
    resource: current ? resourceSummary(run, current) : resource ? summaryOf(resource, redactor) : NO_RESOURCE,
    propertyPath: intern(engine, propertyPath),
    conditional: resource?.conditional || undefined,
    fixInput: input.fix && redactedFix(input.fix, redactor),
  };
}

/** Whether two of the resources come from one definition (one place in one file). */
function definedTwice(resources: readonly Resource[]): boolean {
  if (resources.length < 2) return false;
  const seen = new Set<string>();
  for (const r of resources) {
    const k = `${r.at.file}\u0000${r.at.pointer}`;
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

/**
 * Keeps a finding unless an equal one is kept (findings.ts findingIdentity). The instances of a definition deployed
 * more than once are one resource to edit in one place, told once (a template linking itself at every level gave
 * 510,167 findings, 30,103 of them different, 388 MB of JSON). Copy instances stay apart: their messages name the
 * index. Where the value came from is merged: each deployment may pass it from elsewhere.
 */
function keepOnce(findings: Finding[], kept: Map<number, number[]>, f: Finding): void {
  // By place first (a number): the identities of findings at one place are compared, not made into strings for a map.
  const place = f.region.charOffset;
  const list = kept.get(place);
  if (list === undefined) {
    kept.set(place, [findings.length]);
    findings.push(f);
    return;
  }
  for (const i of list) {
    if (sameIdentity(findings[i]!, f)) {
      findings[i] = withRelatedOf(findings[i]!, f);
      return;
    }
  }
  list.push(findings.length);
  findings.push(f);
}

/** Adds a related location (once per place and message) and gives the list back (made on the first one). */
function addRelated(related: RelatedLocation[] | undefined, l: Loc, text: string, docs: DocSet, redactor: Redacts): RelatedLocation[] | undefined {
  const msg = redactor.redact(text);
  const d = docs.get(l.file);
  if (!d) return related;
  const region = d.region(l.pointer, l.key, l.anchor);
  related ??= [];
  if (!related.some((r) => r.file === l.file && r.message === msg && r.region.charOffset === region.charOffset)) related.push({ file: l.file, region, message: msg });
  return related;
}

function redactedFix(fix: NonNullable<ReportInput<string>["fix"]>, redactor: Redacts): ReportInput<string>["fix"] {
  const description = redactor.redact(fix.description);
  return description === fix.description ? fix : { ...fix, description };
}
