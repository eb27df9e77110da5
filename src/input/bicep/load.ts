/**
 * A Bicep file → the resources Azure would deploy (input/language.ts): resources with their values located in
 * the .bicep text, `existing` not deployed (the children in its body are), `if (false)` not deployed and an unknown
 * condition marked conditional, `[for ...]` a resource per element (with its index, as ARM's copy), nested child
 * resources and `parent:` with full type and name (also under an `existing` parent: parents.ts), linked to a parent
 * deployed here; local modules followed with the parameters passed (their origin the caller's `params:` member),
 * registry modules noted and not followed; imports followed (imports.ts); a .bicepparam applied to its template.
 */
import path from "node:path";
import type { RunContext } from "../../context.js";
import { Prop } from "../../model/prop.js";
import { ResourceImpl, type Resource } from "../../model/resource.js";
import { modelState, type ModelState } from "../../model/state.js";
import { nodeFromValue, type Loc, type PNode, type PropEntry } from "../../model/tree.js";
import { childOrigins, escapePointerToken, isObject, isUnknown, joinPointer, provenance, Unknown, type Value } from "../../model/value.js";
import { canonicalType } from "../export/resources.js";
import { EvalError, TooComplex, type DeploymentContext, type EvalNote, type SuppliedParam } from "../arm/scope.js";
import { suppliedParameters, type TemplateOptions } from "../arm/template.js";
import { EXPR_CACHES } from "../arm/expression/index.js";
import { Budget } from "../budget.js";
import type { LoadError, LoadNote } from "../language.js";
import { positionIn } from "../../parse/document.js";
import type { Decl, Expr, ObjExpr, ResourceDecl, Span } from "./ast.js";
import type { BicepDoc } from "./doc.js";
import { parseBicepDoc } from "./read.js";
import { BicepFiles, unreadable } from "./imports.js";
import { existingInstance, type ParentInfo, parentOf } from "./parents.js";
import { BicepScope, type Bindings, type Supplied } from "./scope.js";

export interface BicepLoad {
  readonly resources: Resource[];
  /** The template linted: the file itself, or the one a .bicepparam uses (once read). */
  template?: BicepDoc;
  readonly documents: BicepDoc[];
  readonly notes: LoadNote[];
  readonly errors: LoadError[];
}

/** Root keys that are Bicep's own (references to other resources), not members of the deployed resource. */
const BICEP_KEYS = new Set(["parent", "dependsOn", "scope"]);

export function loadBicep(doc: BicepDoc, options: TemplateOptions, run: RunContext): BicepLoad {
  const out: BicepLoad = { resources: [], documents: [], notes: [], errors: [] };
  const budget = new Budget(options.limits);
  const walker = new Walker(options, out, budget, run, modelState(run));
  try {
    if (doc.bicepKind === "bicepparam") walker.parametersFile(doc);
    else {
      out.template = doc;
      walker.file(walker.scope(doc, { params: suppliedParameters(options.parameterFiles ?? [], options.cliParams) }), undefined, 0);
    }
  } catch (e) {
    if (!(e instanceof TooComplex)) throw e;
    out.errors.push(e);
    out.resources.length = 0;
  }
  return out;
}

/** An evaluation error of one resource is recorded and the rest evaluated; a budget error stops the file. */
function recoverable(e: unknown): e is EvalError {
  return e instanceof EvalError && !(e instanceof TooComplex);
}

class Walker {
  private readonly noted = new Set<string>();
  /** The text of each file evaluated here (by its shown name): a note's `#offset:o:n` place becomes its line:column. */
  private readonly texts = new Map<string, string>();
  /** The Bicep files of the load (modules and imports), each read once; the scopes of imported files. */
  readonly files: BicepFiles;

  constructor(
    readonly options: TemplateOptions,
    readonly out: BicepLoad,
    readonly budget: Budget,
    readonly run: RunContext,
    readonly model: ModelState,
    files?: BicepFiles,
  ) {
    // An imported file's scope: no parameters given, its file functions read beside it, notes told once here.
    const scope = (doc: BicepDoc, abs: string, deploy: DeploymentContext) => {
      this.texts.set(doc.file, doc.text);
      return new BicepScope(doc, { params: new Map() }, deploy, budget, run.get(EXPR_CACHES), (n) => this.note(n), { ...options, absPath: abs }, this.files);
    };
    this.files = files ?? new BicepFiles({ ...options, budget, documents: out.documents, scope });
  }

  scope(doc: BicepDoc, supplied: Supplied): BicepScope {
    this.texts.set(doc.file, doc.text);
    return new BicepScope(doc, supplied, this.options.deployment ?? {}, this.budget, this.run.get(EXPR_CACHES), (n) => this.note(n), this.options, this.files);
  }

  private note(n: EvalNote): void {
    const key = `${n.file}\u0000${n.pointer}\u0000${n.message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    const at = n.pointer ? /^#offset:(\d+):\d+$/.exec(n.pointer) : null;
    const text = at ? this.texts.get(n.file) : undefined;
    const pos = at && text !== undefined ? positionIn(text, Number(at[1])) : undefined;
    const place = pos ? `${pos.line}:${pos.column}` : n.pointer;
    this.out.notes.push({ file: n.file, kind: "info", message: place ? `${place}: ${n.message}` : n.message });
  }

  /** The resources and modules of one file, evaluated in `scope`. */
  file(scope: BicepScope, conditional: boolean | undefined, nesting: number): void {
    for (const d of scope.doc.parsed.decls) {
      try {
        if (d.kind === "resource") this.declaration(scope, d, `/resources/${escapePointerToken(d.name)}`, undefined, undefined, conditional === true);
        else if (d.kind === "module") this.module(scope, d, nesting, conditional === true);
      } catch (e) {
        if (!recoverable(e)) throw e;
        this.out.errors.push(e);
      }
    }
  }

  /** A resource declaration: each instance of its loop, if any. */
  private declaration(scope: BicepScope, d: ResourceDecl, ptr: string, parent: ParentInfo | undefined, b: Bindings | undefined, conditional: boolean): void {
    // Referenced, not deployed here; the children declared in its body are deployed, named under it.
    if (d.existing) {
      this.instances(scope, d.body, b, conditional, (body, bindings, cond) => this.existingChildren(scope, d, body, ptr, parent, bindings, cond));
      return;
    }
    // The copy loop is named by the symbolic name, as the compiled template names it.
    this.instances(scope, d.body, b, conditional, (body, bindings, cond, copy) => this.instance(scope, d, body, ptr, parent, bindings, cond, copy), d.name);
  }

  /** Calls `each` for every deployed instance of a body (`[for ...]`, `if (...)`), with its bindings and condition. */
  private instances(
    scope: BicepScope,
    body: Expr,
    b: Bindings | undefined,
    conditional: boolean,
    each: (obj: Expr, b: Bindings | undefined, conditional: boolean, copy?: { name: string; index: number }) => void,
    loopName?: string,
  ): void {
    if (body.k === "for") {
      const src = scope.evaluate(body.src, b).value;
      if (isUnknown(src) || !Array.isArray(src)) {
        // An unknown list: one representative instance, whose item and index are unknown, checked as conditional.
        const why = new Unknown(isUnknown(src) ? `a loop over an unknown value (${src.reason})` : "a loop over a value that is not an array");
        let inner: Bindings = { name: body.item, value: why, up: b };
        if (body.index) inner = { name: body.index, value: why, up: inner };
        this.conditioned(scope, body.body, inner, true, each);
        return;
      }
      if (src.length > this.budget.limits.maxCopy) throw new EvalError(`a loop of ${src.length} instances exceeds the limit of ${this.budget.limits.maxCopy}`, scope.file, body.src.o);
      for (const [i, item] of src.entries()) {
        let inner: Bindings = { name: body.item, value: item, up: b };
        if (body.index) inner = { name: body.index, value: i, up: inner };
        this.conditioned(scope, body.body, inner, conditional, each, { name: loopName ?? body.item, index: i });
      }
      return;
    }
    this.conditioned(scope, body, b, conditional, each);
  }

  private conditioned(
    scope: BicepScope,
    body: Expr,
    b: Bindings | undefined,
    conditional: boolean,
    each: (obj: Expr, b: Bindings | undefined, conditional: boolean, copy?: { name: string; index: number }) => void,
    copy?: { name: string; index: number },
  ): void {
    if (body.k !== "if") {
      each(body, b, conditional, copy);
      return;
    }
    const c = scope.evaluate(body.cond, b).value;
    if (c === false) return;
    each(body.body, b, conditional || c !== true, copy);
  }

  private instance(scope: BicepScope, d: ResourceDecl, body: Expr, ptr: string, parent: ParentInfo | undefined, b: Bindings | undefined, conditional: boolean, copy: { name: string; index: number } | undefined): void {
    if (body.k !== "obj") {
      this.out.notes.push({ file: scope.file, kind: "info", message: `${ptr}: the body of resource '${d.name}' is not an object; not checked` });
      return;
    }
    const at = d.type.indexOf("@");
    const written = at < 0 ? d.type : d.type.slice(0, at);
    // A nested child written without a version (`'pools'`) has its parent's, as the compiler gives it.
    const apiVersion = at < 0 ? parent?.apiVersion : d.type.slice(at + 1);
    const parentMember = body.members.find((m) => m.m === "prop" && m.key === "parent");
    const parentRes = parent ?? (parentMember?.m === "prop" ? parentOf(scope, parentMember.value, this.symbolic, 0) : undefined);
    const type = canonicalType(parent && !written.split("/")[0]!.includes(".") ? `${parent.type}/${written}` : written);
    if (this.out.resources.length >= this.budget.limits.maxResources) throw new TooComplex(`too complex: more than ${this.budget.limits.maxResources} resources`, scope.file, d.o);

    const doc = scope.doc;
    doc.mark(ptr, body, d.nameSpan, true);
    doc.mark(`${ptr}/type`, { o: d.typeSpan.o, e: d.typeSpan.e });
    doc.mark(`${ptr}/apiVersion`, at >= 0 ? { o: d.typeSpan.o + 1 + at + 1, e: d.typeSpan.e - 1 } : d.typeSpan);
    const tree = this.tree(scope, body, ptr, b, true);
    if (tree.t === "obj") {
      const props = tree.props as Map<string, PropEntry>;
      const typeAt: Loc = { file: scope.file, pointer: `${ptr}/type` };
      props.set("type", { key: "type", keyAt: typeAt, node: { t: "val", value: type, at: typeAt, origins: [] } });
      if (apiVersion !== undefined) props.set("apiversion", { key: "apiVersion", node: { t: "val", value: apiVersion, at: { file: scope.file, pointer: `${ptr}/apiVersion` }, origins: [] } });
    }
    const root = Prop.of(this.model, tree);
    const rawName = root.get("name").str();
    const parentKnown = parentMember === undefined || parentRes !== undefined;
    const name = rawName === undefined || !parentKnown ? undefined : parentRes ? (parentRes.name === undefined ? undefined : `${parentRes.name}/${rawName}`) : rawName;
    const label = name ?? `${type} '${d.name}'`;
    // A parent declared `existing` is not deployed here: no resource to link, and none of its properties is known.
    const res = new ResourceImpl(type, apiVersion, name, label, root, root.get("properties"), "template", conditional, copy, parentRes?.res);
    this.out.resources.push(res);
    this.symbolic.set(d, res);

    for (const m of body.members) {
      if (m.m !== "resource") continue;
      try {
        this.declaration(scope, m.decl, `${ptr}/resources/${escapePointerToken(m.decl.name)}`, { type: res.type, name: res.name, apiVersion, res }, b, conditional);
      } catch (e) {
        if (!recoverable(e)) throw e;
        this.out.errors.push(e);
      }
    }
  }

  /** The child resources declared in the body of an `existing` one: deployed, their names and types under its own. */
  private existingChildren(scope: BicepScope, d: ResourceDecl, body: Expr, ptr: string, parent: ParentInfo | undefined, b: Bindings | undefined, conditional: boolean): void {
    if (body.k !== "obj" || !body.members.some((m) => m.m === "resource")) return;
    const self = existingInstance(scope, d, body, parent, b, this.symbolic, 0);
    for (const m of body.members) {
      if (m.m !== "resource") continue;
      try {
        this.declaration(scope, m.decl, `${ptr}/resources/${escapePointerToken(m.decl.name)}`, self, b, conditional);
      } catch (e) {
        if (!recoverable(e)) throw e;
        this.out.errors.push(e);
      }
    }
  }

  /** The resource of each declaration deployed once (the last instance): `parent:` of a later one names it. */
  private readonly symbolic = new Map<ResourceDecl, ResourceImpl>();

  /** A literal object or array is a tree of located members; any other expression is its evaluated value. */
  private tree(scope: BicepScope, x: Expr, ptr: string, b: Bindings | undefined, root = false): PNode {
    const at: Loc = { file: scope.file, pointer: ptr };
    if (x.k === "obj" && x.members.some((m) => m.m === "spread")) return this.spreadTree(scope, x, ptr, b, root);
    if (x.k === "obj") {
      const props = new Map<string, PropEntry>();
      this.budget.made(x.members.length);
      for (const m of (x as ObjExpr).members) {
        if (m.m !== "prop" || (root && BICEP_KEYS.has(m.key))) {
          if (m.m === "prop" && m.key === "scope") props.set("scope", { key: "scope", keyAt: { file: scope.file, pointer: `${ptr}/scope`, key: true }, node: this.scopeOf(scope, m.value, `${ptr}/scope`, m.keySpan) });
          continue;
        }
        let key = m.key;
        try {
          key = scope.memberKey(m, b);
        } catch (e) {
          if (!recoverable(e)) throw e;
          this.out.errors.push(e);
        }
        const p = `${ptr}/${escapePointerToken(key)}`;
        scope.doc.mark(p, m.value, m.keySpan, m.value.k === "obj" || m.value.k === "arr");
        props.set(key.toLowerCase(), { key, keyAt: { file: scope.file, pointer: p, key: true }, node: this.tree(scope, m.value, p, b) });
      }
      return { t: "obj", props, at, origins: [] };
    }
    if (x.k === "arr" && !x.items.some((i) => i.k === "spread")) {
      this.budget.made(x.items.length);
      const items = x.items.map((item, i) => {
        scope.doc.mark(`${ptr}/${i}`, item, undefined, item.k === "obj" || item.k === "arr");
        return this.tree(scope, item, `${ptr}/${i}`, b);
      });
      return { t: "arr", items, at, origins: [] };
    }
    if (x.k === "str" && x.holes.length === 0) return { t: "val", value: x.parts[0]!, at, origins: [] };
    if (x.k === "num" || x.k === "bool") return { t: "val", value: x.v, at, origins: [] };
    if (x.k === "null") return { t: "val", value: null, at, origins: [] };
    try {
      const r = scope.evaluate(x, b);
      this.budget.made(this.budget.extent(r.value).elements);
      return nodeFromValue(r.value, at, r.origins);
    } catch (e) {
      if (!recoverable(e)) throw e;
      this.out.errors.push(e);
      return { t: "unk", reason: e.message, at, origins: [], ev: true };
    }
  }

  /**
   * An object with spread members (`{ ...base, key: value }`, the compiled shallowMerge()): each member located where
   * it is written, a later one winning over an earlier one; a member a spread gives is located at its `...`, with
   * the origins of the value spread. A spread of a value not known makes the object unknown, as its evaluation does.
   */
  private spreadTree(scope: BicepScope, x: ObjExpr, ptr: string, b: Bindings | undefined, root: boolean): PNode {
    const at: Loc = { file: scope.file, pointer: ptr };
    this.budget.made(x.members.length);
    // The values spread, and the member each key comes from (the last one giving it).
    const spread = new Map<number, { value: Record<string, Value>; origins: Loc[] }>();
    const winner = new Map<string, number>();
    for (const [i, m] of x.members.entries()) {
      if (m.m === "resource" || (m.m === "prop" && root && BICEP_KEYS.has(m.key))) continue;
      if (m.m === "prop") {
        winner.set(m.key.toLowerCase(), i);
        continue;
      }
      let r: { value: Value; origins: Loc[] };
      try {
        r = scope.evaluate(m.x, b);
      } catch (e) {
        if (!recoverable(e)) throw e;
        this.out.errors.push(e);
        return { t: "unk", reason: e.message, at, origins: [], ev: true };
      }
      if (r.value === null) continue;
      if (isUnknown(r.value)) return { t: "unk", reason: `an object with a spread of an unknown value (${r.value.reason})`, at, origins: r.origins, ev: true };
      if (!isObject(r.value)) {
        const e = new EvalError("only an object can be spread into an object", scope.file, m.o);
        this.out.errors.push(e);
        return { t: "unk", reason: e.message, at, origins: [], ev: true };
      }
      this.budget.made(this.budget.extent(r.value).elements);
      spread.set(i, { value: r.value, origins: r.origins });
      for (const k of Object.keys(r.value)) if (!(root && BICEP_KEYS.has(k))) winner.set(k.toLowerCase(), i);
    }
    const props = new Map<string, PropEntry>();
    for (const [i, m] of x.members.entries()) {
      if (m.m === "prop") {
        if (winner.get(m.key.toLowerCase()) !== i) continue;
        const p = `${ptr}/${escapePointerToken(m.key)}`;
        scope.doc.mark(p, m.value, m.keySpan, m.value.k === "obj" || m.value.k === "arr");
        props.set(m.key.toLowerCase(), { key: m.key, keyAt: { file: scope.file, pointer: p, key: true }, node: this.tree(scope, m.value, p, b) });
        continue;
      }
      const s = spread.get(i);
      if (!s) continue;
      const src = provenance.get(s.value);
      for (const [k, v] of Object.entries(s.value)) {
        if (winner.get(k.toLowerCase()) !== i) continue;
        const p = `${ptr}/${escapePointerToken(k)}`;
        scope.doc.mark(p, m);
        const origins = [...(src ? [{ file: src.file, pointer: joinPointer(src.pointer, k) }] : s.origins), ...(childOrigins.get(s.value)?.get(k) ?? [])];
        props.set(k.toLowerCase(), { key: k, keyAt: { file: scope.file, pointer: p, key: true }, node: nodeFromValue(v, { file: scope.file, pointer: p }, origins) });
      }
    }
    return { t: "obj", props, at, origins: [] };
  }

  /**
   * `scope: acct` of an extension resource (a diagnostic setting, a lock, a role assignment): the resource it
   * applies to, as the compiled template writes it (`Microsoft.Batch/batchAccounts/<name>`); any other scope
   * (`resourceGroup(...)`, a loop's instance, a resource whose name is not known) is unknown.
   */
  private scopeOf(scope: BicepScope, x: Expr, ptr: string, key: Span): PNode {
    const at: Loc = { file: scope.file, pointer: ptr };
    scope.doc.mark(ptr, x, key);
    const sym = x.k === "id" ? scope.symbols.get(x.name) : undefined;
    // A top-level resource (a nested child's written type is not its full type); of a loop, a name per instance.
    if (sym?.kind === "resource" && sym.decl.body.k !== "for" && sym.decl.type.split("/")[0]!.includes(".")) {
      let name: Value;
      try {
        name = (scope.resourceRef(sym.decl) as Record<string, Value>).name!;
      } catch (e) {
        if (!recoverable(e)) throw e;
        name = null;
      }
      if (typeof name === "string") return { t: "val", value: `${sym.decl.type.split("@")[0]}/${name}`, at, origins: [] };
    }
    return { t: "unk", reason: "the scope is only known at deployment", at, origins: [] };
  }

  /** A module: a local file followed with the parameters passed; a registry module noted. */
  private module(scope: BicepScope, d: Extract<Decl, { kind: "module" }>, nesting: number, conditional: boolean): void {
    const ptr = `/modules/${escapePointerToken(d.name)}`;
    scope.doc.mark(ptr, d, d.nameSpan);
    const notFollowed = (why: string): void => {
      this.out.notes.push({ file: scope.file, kind: "info", message: `module '${d.name}' (${d.path}): ${why}; its resources are not checked` });
    };
    if (/^(?:br|br\/[^:]+|ts|ts\/[^:]+):/i.test(d.path)) {
      notFollowed("a registry module is not followed");
      return;
    }
    if (!this.options.absPath || !this.options.readFile) {
      notFollowed("a module of text not read from a file is not followed");
      return;
    }
    if (nesting + 1 > this.budget.limits.maxNesting) throw new EvalError(`modules nested deeper than ${this.budget.limits.maxNesting} levels`, scope.file, d.o);
    const abs = path.resolve(path.dirname(this.options.absPath), d.path);
    const mod = this.files.read(abs, scope.doc.context);
    if (!("parsed" in mod)) {
      notFollowed(unreadable(mod.error));
      return;
    }
    const modDoc = mod;
    this.instances(
      scope,
      d.body,
      undefined,
      conditional,
      (body, b, cond) => {
        if (body.k !== "obj") return;
        const supplied = this.passed(scope, body, ptr, b);
        // Deployed to another scope (`scope: resourceGroup('x')`): its subscription and resource group are not this
        // deployment's, so resourceGroup(), subscription() and the ids of its resources are not known there.
        const elsewhere = body.members.some((m) => m.m === "prop" && m.key === "scope");
        const deployment = elsewhere ? { ...this.options.deployment, subscriptionId: undefined, resourceGroup: undefined } : this.options.deployment;
        const child = new Walker({ ...this.options, absPath: abs, deployment }, this.out, this.budget, this.run, this.model, this.files);
        this.budget.deeper(() => child.file(child.scope(modDoc, supplied), cond, nesting + 1));
      },
      d.name,
    );
  }

  /** The `params:` of a module call, evaluated in the caller: each value's origin is its member there. */
  private passed(scope: BicepScope, body: ObjExpr, ptr: string, b: Bindings | undefined): Supplied {
    const member = body.members.find((m) => m.m === "prop" && m.key === "params");
    const params = new Map<string, SuppliedParam>();
    if (member?.m !== "prop") return { params };
    if (member.value.k !== "obj" || member.value.members.some((m) => m.m === "spread")) {
      const v = scope.evaluate(member.value, b).value;
      if (isUnknown(v) || v === null || typeof v !== "object" || Array.isArray(v)) return { params, unknownRest: true };
      for (const [k, x] of Object.entries(v)) params.set(k.toLowerCase(), { value: x as Value, origin: { file: scope.file, pointer: `${ptr}/params` } });
      return { params };
    }
    scope.doc.mark(`${ptr}/params`, member.value, member.keySpan, true);
    for (const m of member.value.members) {
      if (m.m !== "prop") continue;
      const p = `${ptr}/parameters/${escapePointerToken(m.key)}/value`;
      scope.doc.mark(p, m.value, m.keySpan);
      let value: Value;
      try {
        value = scope.evaluate(m.value, b).value;
      } catch (e) {
        if (!recoverable(e)) throw e;
        this.out.errors.push(e);
        value = new Unknown(e.message);
      }
      params.set(m.key.toLowerCase(), { value, origin: { file: scope.file, pointer: p } });
    }
    return { params };
  }

  /** A .bicepparam: its template (`using`) evaluated with the values it gives; findings land in the template. */
  parametersFile(doc: BicepDoc): void {
    const using = doc.parsed.decls.find((d) => d.kind === "using");
    if (using?.kind !== "using") {
      this.out.notes.push({ file: doc.file, kind: "info", message: "a parameters file with no `using` template: nothing to check" });
      return;
    }
    // `extends 'base.bicepparam'`: the base file's values are not read here, so the parameters this file does not
    // set are unknown (not their defaults), and so is `base`.
    const extended = doc.parsed.decls.some((d) => d.kind === "other" && d.keyword === "extends");
    if (extended) this.out.notes.push({ file: doc.file, kind: "info", message: "the parameters file it extends is not read: the parameters not set here are unknown" });
    const own = this.scope(doc, { params: new Map() });
    const params = new Map<string, SuppliedParam>();
    for (const d of doc.parsed.decls) {
      if (d.kind !== "param" || !d.value) continue;
      const p = `/parameters/${escapePointerToken(d.name)}/value`;
      doc.mark(p, d.value, d.nameSpan);
      let value: Value;
      try {
        value = own.evaluate(d.value, undefined).value;
      } catch (e) {
        if (!recoverable(e)) throw e;
        this.out.errors.push(e);
        value = new Unknown(e.message);
      }
      if (typeof value === "string") doc.givenParameter(d.name, value);
      params.set(d.name.toLowerCase(), { value, origin: { file: doc.file, pointer: p } });
    }
    if (/^(?:br|ts)[:/]/i.test(using.path) || !this.options.absPath || !this.options.readFile) {
      this.out.notes.push({ file: doc.file, kind: "info", message: `template '${using.path}' is not a local file read here; not checked` });
      return;
    }
    const abs = path.resolve(path.dirname(this.options.absPath), using.path);
    let template: BicepDoc;
    try {
      template = parseBicepDoc(this.options.readFile(abs), this.options.display ? this.options.display(abs) : abs, doc.context, "bicep");
    } catch (e) {
      this.out.notes.push({ file: doc.file, kind: "info", message: `template '${using.path}' could not be read: ${(e as Error).message}` });
      return;
    }
    this.out.documents.push(template);
    this.out.template = template;
    const walker = new Walker({ ...this.options, absPath: abs }, this.out, this.budget, this.run, this.model, this.files);
    walker.file(walker.scope(template, { params, unknownRest: extended }), undefined, 0);
  }
}
