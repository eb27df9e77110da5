/**
 * A Terraform file → the Batch resources its module would deploy (input/language.ts). A .tf file is evaluated as
 * part of its directory's module, as terraform does: every sibling `*.tf`, the variables' values (defaults, then
 * terraform.tfvars, *.auto.tfvars in lexical order, --var-file files in order, --var values: later wins), locals,
 * `count` and `for_each` (0 instances: not deployed; unknown: one instance checked, its findings conditional, as an
 * ARM resource with an unknown `condition`), `dynamic` blocks, references to the module's resources, and local
 * modules (`source = "./sub"`) with the inputs passed. Linting `X.tf` returns the resources declared in X.tf and
 * those of the local modules X.tf calls; linting a .tfvars returns every resource of its directory's module,
 * evaluated with that file as the last var-file (findings land in the .tf files, with the tfvars line as origin).
 *
 * What cannot be evaluated offline (data sources, module outputs, registry and remote modules, what the provider
 * computes) is unknown, with a note: a valid configuration never fails to load.
 */
import path from "node:path";
import type { RunContext } from "../../context.js";
import { Prop } from "../../model/prop.js";
import { ResourceImpl, type Resource } from "../../model/resource.js";
import { modelState, type ModelState } from "../../model/state.js";
import type { Loc, PNode } from "../../model/tree.js";
import { Unknown, type Value } from "../../model/value.js";
import { positionIn } from "../../parse/document.js";
import { EvalError, located, TooComplex } from "../arm/scope.js";
import type { TemplateOptions } from "../arm/template.js";
import { Budget } from "../budget.js";
import type { LoadError, LoadNote } from "../language.js";
import type { Block, Expr, Span } from "./ast.js";
import type { TerraformDoc } from "./doc.js";
import { type Bindings, countBinding, eachBinding, type EvalHost, type Expansion, ModuleEval, type Supplied } from "./load-eval.js";
import { attrOf, listDir, moduleOf, readModuleDir, readTfFile, type ReadHost, type TfModule, type TfModuleCall, type TfResource } from "./load-module.js";
import { TreeBuilder } from "./load-tree.js";
import { cliVarValue, tfvarsValues } from "./load-vars.js";
import { mapBatchAccount } from "./mapping/account.js";
import { mapAzapi } from "./mapping/azapi.js";
import { mapBatchCertificate } from "./mapping/certificate.js";
import { mapDiagnosticSetting } from "./mapping/diagnostic.js";
import { mapBatchPool } from "./mapping/pool.js";
import { mapPrivateDnsZoneGroup, mapPrivateEndpoint } from "./mapping/private-endpoint.js";
import type { Obj } from "./mapping/spec.js";

export interface TerraformLoad {
  readonly resources: Resource[];
  /** The other files findings may point into: the module's other .tf files, tfvars files, called modules' files. */
  readonly documents: TerraformDoc[];
  readonly notes: LoadNote[];
  readonly errors: LoadError[];
}

/** The API version of the model the azurerm provider's Batch resources are read as (the provider's SDK, mapping/). */
export const AZURERM_BATCH_API_VERSION = "2024-07-01";

const BATCH_TYPES: Readonly<Record<string, { readonly type: string; readonly map: (b: Obj, referenced?: string) => Obj; readonly apiVersion?: string }>> = {
  azurerm_batch_account: { type: "Microsoft.Batch/batchAccounts", map: mapBatchAccount },
  azurerm_batch_pool: { type: "Microsoft.Batch/batchAccounts/pools", map: mapBatchPool },
  azurerm_batch_certificate: { type: "Microsoft.Batch/batchAccounts/certificates", map: mapBatchCertificate },
  // Not a Batch type: BATCH021 reads it (the account it sends logs of).
  azurerm_monitor_diagnostic_setting: { type: "Microsoft.Insights/diagnosticSettings", map: mapDiagnosticSetting, apiVersion: "2021-05-01-preview" },
  // Not a Batch type: the Azure Policy definitions on Batch private endpoints read it (mapping/private-endpoint.ts).
  azurerm_private_endpoint: { type: "Microsoft.Network/privateEndpoints", map: mapPrivateEndpoint, apiVersion: "2023-11-01" },
};

/** The account an attribute of a resource names by its computed id: (Terraform type, nested block or "", attribute). */
const ACCOUNT_REFERENCES: Readonly<Record<string, readonly [string, string]>> = {
  azurerm_monitor_diagnostic_setting: ["", "target_resource_id"],
  azurerm_private_endpoint: ["private_service_connection", "private_connection_resource_id"],
};

/** Attributes of a `module` block that are not inputs of the module. */
const MODULE_META = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

export function loadTerraform(doc: TerraformDoc, options: TemplateOptions, run: RunContext): TerraformLoad {
  const out: TerraformLoad = { resources: [], documents: [], notes: [], errors: [] };
  const loader = new Loader(doc, options, out, new Budget(options.limits), modelState(run), run);
  try {
    loader.load();
  } catch (e) {
    const err = located(e, loader.current.file, loader.current.o);
    if (!(err instanceof TooComplex)) throw err;
    out.errors.push(err);
    out.resources.length = 0;
  }
  return out;
}

/** A module instance being walked: its evaluation, and its Terraform address prefix. */
interface Walk {
  readonly ev: ModuleEval;
  readonly conditional: boolean;
  readonly depth: number;
  /** Directories of the modules the walk is inside (a module calling itself is a cycle). */
  readonly inside: readonly string[];
  /** Whether a resource of the module is one the load returns (of the linted file, or of a module it calls). */
  readonly returns: (r: TfResource) => boolean;
}

/** Accounts before pools: a pool is linked to its account (Resource.parent) made before it. */
function accountsFirst(rs: readonly TfResource[]): TfResource[] {
  return [...rs].sort((a, b) => Number(b.type === "azurerm_batch_account") - Number(a.type === "azurerm_batch_account"));
}

class Loader implements EvalHost, ReadHost {
  readonly notes: LoadNote[];
  readonly errors: LoadError[];
  readonly readFile?: (absPath: string) => string;
  readonly display?: (absPath: string) => string;
  readonly context: RunContext;
  /** Every Terraform document of the load, by shown name (notes are placed with their text). */
  private readonly docs = new Map<string, TerraformDoc>();
  private readonly noted = new Set<string>();
  private readonly modules = new Map<string, TfModule | string>();
  /** The accounts made, by name: a pool names its account's resource as its parent. */
  private readonly accounts = new Map<string, ResourceImpl>();
  /** The module instances whose accounts in files not linted were made (accountNamed). */
  private readonly contextMade = new Set<ModuleEval>();
  /** What is being evaluated (a budget error is located there). */
  current: { file: string; o: number };
  private rootDir: string | undefined;

  constructor(
    readonly doc: TerraformDoc,
    readonly options: TemplateOptions,
    readonly out: TerraformLoad,
    readonly budget: Budget,
    readonly model: ModelState,
    run: RunContext,
  ) {
    this.notes = out.notes;
    this.errors = out.errors;
    this.readFile = options.absPath ? options.readFile : undefined;
    this.display = options.display;
    this.context = run;
    this.current = { file: doc.file, o: 0 };
    this.docs.set(doc.file, doc);
  }

  chars(n: number): void {
    this.budget.chars(n);
  }

  unparsed(doc: TerraformDoc): void {
    this.addDocument(doc);
  }

  note(file: string, at: Span | undefined, message: string): void {
    const text = this.docs.get(file)?.text;
    const pos = at && text !== undefined ? positionIn(text, at.o) : undefined;
    const m = pos ? `${pos.line}:${pos.column}: ${message}` : message;
    const key = `${file}\u0000${m}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notes.push({ file, kind: "info", message: m });
  }

  private addDocument(d: TerraformDoc): void {
    if (d === this.doc || this.docs.get(d.file) === d) return;
    this.docs.set(d.file, d);
    this.out.documents.push(d);
  }

  load(): void {
    const doc = this.doc;
    const abs = this.options.absPath;
    const dir = abs && this.readFile ? path.dirname(abs) : undefined;
    this.rootDir = dir;
    const tfvars = doc.terraformKind === "tfvars";
    let docs: TerraformDoc[];
    if (!dir) {
      if (tfvars) {
        this.note(doc.file, undefined, "a .tfvars file not read from a directory sets the variables of no module: nothing to check");
        return;
      }
      docs = [doc];
    } else {
      const read = readModuleDir(this, dir, tfvars ? undefined : { abs: abs!, doc });
      if (typeof read === "string") {
        this.note(doc.file, undefined, `the other files of the module are not read: ${read}`);
        docs = tfvars ? [] : [doc];
      } else docs = tfvars || read.includes(doc) ? read : [doc, ...read];
      if (tfvars && docs.length === 0) this.note(doc.file, undefined, "no .tf file beside it: the variables it sets are of no module read here; nothing to check");
    }
    for (const d of docs) this.addDocument(d);
    const mod = moduleOf(dir, docs);
    if (dir) this.modules.set(dir, mod);
    const ev = new ModuleEval(this, mod, this.rootValues(mod, dir), "", { module: ".", root: ".", cwd: "." });
    const mine = (d: TerraformDoc) => tfvars || d === doc;
    const walk: Walk = { ev, conditional: false, depth: 0, inside: dir ? [dir] : [], returns: (r) => mine(r.doc) };
    for (const r of accountsFirst(mod.resources)) if (mine(r.doc)) this.resource(walk, r);
    for (const c of mod.calls) if (mine(c.doc)) this.call(walk, c);
  }

  /** The root module's variable values: tfvars files and --var values, in terraform's order (later wins). */
  private rootValues(mod: TfModule, dir: string | undefined): Map<string, Supplied> {
    const values = new Map<string, Supplied>();
    const files: TerraformDoc[] = [];
    // A .tfvars linted is the last var-file, unless terraform reads it by itself (terraform.tfvars, *.auto.tfvars).
    const lintedAbs = this.doc.terraformKind === "tfvars" ? this.options.absPath : undefined;
    const automatic = (abs: string) => dir !== undefined && path.dirname(abs) === dir && /^terraform\.tfvars$|\.auto\.tfvars$/.test(path.basename(abs));
    const own = lintedAbs && !automatic(lintedAbs) ? lintedAbs : undefined;
    const read = (abs: string) => {
      if (lintedAbs && path.resolve(abs) === path.resolve(lintedAbs)) {
        if (!own) files.push(this.doc);
        return;
      }
      const shown = this.display ? this.display(abs) : abs;
      if (!/\.tfvars$/i.test(abs)) {
        this.note(this.doc.file, undefined, `variables file ${shown} is not read: only .tfvars files are (not Terraform's JSON syntax)`);
        return;
      }
      const r = readTfFile(this, abs);
      if (typeof r === "string") this.note(this.doc.file, undefined, `variables file ${shown} is not read: ${r}`);
      else if (r) files.push(r);
    };
    if (dir) {
      const names = listDir(dir);
      if (typeof names !== "string") {
        if (names.includes("terraform.tfvars")) read(path.join(dir, "terraform.tfvars"));
        for (const n of names.filter((x) => /\.auto\.tfvars$/.test(x)).sort()) read(path.join(dir, n));
      }
    }
    // The --var-file files, each after the --var options given before it (terraform applies them in the order given);
    // the linted .tfvars, the last var-file; then the --var options given after every --var-file.
    const before = new Map<TerraformDoc, number>();
    (this.options.terraformVarFiles ?? []).forEach((f, k) => {
      const n = files.length;
      read(f);
      if (files.length > n) before.set(files[n]!, k);
    });
    if (own) files.push(this.doc);
    // The --var options in that order too: each before the first var-file given after it (place: how many came
    // before it), those after every --var-file after all the files, the linted .tfvars included.
    const varFiles = this.options.terraformVarFiles?.length ?? 0;
    const pending = [...(this.options.terraformVars ?? [])].map(([name, text]) => ({ name, text, place: Math.min(this.options.terraformVarsAfter?.get(name) ?? varFiles, varFiles) })).sort((a, b) => a.place - b.place);
    const cliVars = (upTo: number) => {
      for (let v = pending[0]; v !== undefined && v.place <= upTo; v = pending[0]) {
        pending.shift();
        values.set(v.name, { value: cliVarValue(mod.variables.get(v.name), v.text, this), origins: [] });
      }
    };
    for (const f of files) {
      // Before the linted .tfvars: whatever --var came before a --var-file that could not be read.
      const k = own && f === this.doc ? varFiles - 1 : before.get(f);
      if (k !== undefined) cliVars(k);
      if (f.terraformKind !== "tfvars") continue;
      this.addDocument(f);
      for (const [name, s] of tfvarsValues(f, this)) values.set(name, s);
    }
    cliVars(varFiles);
    return values;
  }

  /**
   * Each instance of a resource block, if it is one batchlint checks: returned, or (`into`) only made, as the
   * account a returned pool names (its parent), declared in another file of the module.
   */
  private resource(w: Walk, r: TfResource, into: Resource[] = this.out.resources): void {
    if (r.mode !== "resource") return;
    const known = BATCH_TYPES[r.type];
    if (!known && r.type !== "azapi_resource") return;
    this.current = { file: r.doc.file, o: r.block.o };
    try {
      if (!known) {
        const t = attrOf(r.block, "type");
        const type = t ? w.ev.evaluate(t.value, undefined) : undefined;
        if (typeof type !== "string" || !/^microsoft\.batch\//i.test(type)) return;
      }
      this.instances(w, r.block, `${w.ev.address}${r.type}.${r.name}`, undefined, (b, conditional, address, copy) => this.instance(w, r, b, conditional, address, into, copy));
    } catch (e) {
      if (!(e instanceof EvalError) || e instanceof TooComplex) throw e;
      this.errors.push(e);
    }
  }

  /** Calls `each` for every instance of a block with `count` / `for_each` (an unknown one: one instance, conditional). */
  private instances(w: Walk, block: Block, address: string, b: Bindings | undefined, each: (b: Bindings | undefined, conditional: boolean, address: string, copy?: { name: string; index: number }) => void): void {
    const x: Expansion = w.ev.expansion(block, b);
    if (x.k === "one") each(b, w.conditional, address);
    else if (x.k === "count") for (let i = 0; i < x.n; i++) each(countBinding(i), w.conditional, `${address}[${i}]`, { name: address, index: i });
    else if (x.k === "each") for (const [i, [k, v]] of x.entries.entries()) each(eachBinding(k, v, x.origins), w.conditional, `${address}[${JSON.stringify(k)}]`, { name: address, index: i });
    else {
      const why = new Unknown(`the ${x.by} of ${address} is unknown (${x.reason})`);
      each(x.by === "count" ? countBinding(why) : eachBinding(why, why, []), true, address);
    }
  }

  private instance(w: Walk, r: TfResource, b: Bindings | undefined, conditional: boolean, address: string, into: Resource[], copy?: { name: string; index: number }): void {
    if (into.length >= this.budget.limits.maxResources) throw new TooComplex(`too complex: more than ${this.budget.limits.maxResources} resources`, r.doc.file, r.block.o);
    const tree = new TreeBuilder(w.ev, r.doc, (x, why) => this.note(r.doc.file, x, `${address}: ${why}`), r.type === "azapi_resource").body(r.block.body, r.ptr, b, true);
    let type: string;
    let apiVersion: string;
    let body: Obj;
    const known = BATCH_TYPES[r.type];
    if (known) {
      type = known.type;
      apiVersion = known.apiVersion ?? AZURERM_BATCH_API_VERSION;
      const ref = ACCOUNT_REFERENCES[r.type];
      const refBlock = ref === undefined ? undefined : ref[0] === "" ? r.block : r.block.body.items.find((i): i is Block => i.kind === "block" && i.type === ref[0]);
      body = known.map(tree, ref && refBlock ? this.referencedName(w, refBlock, ref[1], b, ["azurerm_batch_account"]) : undefined);
    } else {
      // azapi_resource (mapping/azapi.ts): the type and API version it names, its body the ARM body.
      const m = mapAzapi(tree, this.referencedName(w, r.block, "parent_id", b, ["azapi_resource", "azurerm_batch_account"]));
      if (!m) return;
      ({ type, apiVersion, body } = m);
    }
    const props = body.props as Map<string, { key: string; keyAt?: Loc; node: PNode }>;
    const typeAt: Loc = { file: r.doc.file, pointer: `${r.ptr}/type` };
    r.doc.mark(typeAt.pointer, r.block.labels[0] ?? r.block.typeSpan);
    props.set("type", { key: "type", keyAt: typeAt, node: { t: "val", value: type, at: typeAt, origins: [] } });
    props.set("apiversion", { key: "apiVersion", node: { t: "val", value: apiVersion, at: typeAt, origins: [] } });
    const root = Prop.of(this.model, body);
    let name = root.get("name").str();
    let parent: ResourceImpl | undefined;
    if (r.type === "azurerm_batch_pool" || r.type === "azurerm_batch_certificate") {
      const acct = tree.props.get("account_name")?.node;
      const acctName = acct?.t === "val" && typeof acct.value === "string" ? acct.value : undefined;
      parent = acctName === undefined ? undefined : this.accountNamed(w, acctName);
      name = name === undefined || acctName === undefined ? undefined : `${acctName}/${name}`;
    }
    if (r.type === "azapi_resource" && type.split("/").length > 2 && name !== undefined) parent = this.accounts.get(name.split("/")[0]!);
    const res = new ResourceImpl(type, apiVersion, name, address, root, root.get("properties"), "template", conditional, copy, parent);
    if (type === "Microsoft.Batch/batchAccounts" && name !== undefined && !this.accounts.has(name)) this.accounts.set(name, res);
    into.push(res);
    if (r.type === "azurerm_private_endpoint") this.dnsZoneGroups(tree, res, name, conditional, address, into);
  }

  /** An endpoint's `private_dns_zone_group` blocks as its child resources (Microsoft.Network/privateEndpoints/privateDnsZoneGroups). */
  private dnsZoneGroups(tree: Obj, endpoint: ResourceImpl, endpointName: string | undefined, conditional: boolean, address: string, into: Resource[]): void {
    const groups = tree.props.get("private_dns_zone_group")?.node;
    if (groups?.t !== "arr") return;
    const type = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
    const apiVersion = BATCH_TYPES.azurerm_private_endpoint!.apiVersion!;
    for (const g of groups.items) {
      const body = mapPrivateDnsZoneGroup(g, endpointName);
      if (!body) continue;
      const props = body.props as Map<string, { key: string; keyAt?: Loc; node: PNode }>;
      props.set("type", { key: "type", node: { t: "val", value: type, at: g.at, origins: [] } });
      props.set("apiversion", { key: "apiVersion", node: { t: "val", value: apiVersion, at: g.at, origins: [] } });
      const root = Prop.of(this.model, body);
      into.push(new ResourceImpl(type, apiVersion, root.get("name").str(), `${address}.private_dns_zone_group`, root, root.get("properties"), "template", conditional, undefined, endpoint));
    }
  }

  /**
   * The name of the resource an attribute names by its id: `parent_id = azapi_resource.acct.id` (an azapi child's
   * account) or `target_resource_id = azurerm_batch_account.a.id` (a diagnostic setting's account), with an index, or
   * as the only interpolation of a string, is computed, so unknown, but that resource's `name` is written: it is
   * read instead. Undefined for any other expression, or a resource type not in `types`.
   */
  private referencedName(w: Walk, block: Block, attr: string, b: Bindings | undefined, types: readonly string[]): string | undefined {
    let x: Expr | undefined = attrOf(block, attr)?.value;
    for (;;) {
      if (x?.k === "paren") x = x.x;
      else if (x?.k === "template" && x.parts.length === 1 && x.parts[0]!.p === "interp") x = x.parts[0]!.x;
      else break;
    }
    if (x?.k !== "attr" || x.name !== "id") return undefined;
    const ref = x.x.k === "index" ? x.x.x : x.x;
    if (ref.k !== "attr" || ref.x.k !== "var" || !types.includes(ref.x.name)) return undefined;
    const v = w.ev.evaluate({ ...x, name: "name" }, b);
    return typeof v === "string" ? v : undefined;
  }

  /**
   * The account of a pool, by name: one made in this load, else one the module declares in a file not linted (made
   * once per module instance, not returned: the pool's rules read it as its parent, as they would in one template).
   */
  private accountNamed(w: Walk, name: string): ResourceImpl | undefined {
    const made = this.accounts.get(name);
    if (made || this.contextMade.has(w.ev)) return made;
    this.contextMade.add(w.ev);
    const context: Resource[] = [];
    for (const r of w.ev.mod.resources) if (r.type === "azurerm_batch_account" && !w.returns(r)) this.resource(w, r, context);
    return this.accounts.get(name);
  }

  /** A `module` block: a local module followed with the inputs passed; a registry or remote one noted. */
  private call(w: Walk, c: TfModuleCall): void {
    const src = attrOf(c.block, "source")?.value;
    const lit = src?.k === "template" && src.parts.length === 1 ? src.parts[0] : undefined;
    const source = lit?.p === "lit" ? lit.v : undefined;
    const shown = `module '${c.name}'${source === undefined ? "" : ` (${source})`}`;
    const notFollowed = (why: string) => this.note(c.doc.file, c.block.labels[0], `${shown}: ${why}; its resources are not checked`);
    if (source === undefined) {
      notFollowed("its source is not a literal string");
      return;
    }
    if (!/^\.\.?(?:[\\/]|$)/.test(source)) {
      notFollowed("a module from a registry or a remote source is not read (batchlint works offline)");
      return;
    }
    const base = w.ev.mod.dir;
    if (!base) {
      notFollowed("a module of text not read from a file is not followed");
      return;
    }
    const dir = path.resolve(base, source);
    if (w.inside.includes(dir)) {
      notFollowed("the module calls itself (a cycle)");
      return;
    }
    if (w.depth + 1 > this.budget.limits.maxNesting) {
      // The evaluation budget's limit, as for Bicep modules and nested deployments: an error of the call.
      this.errors.push(new EvalError(`modules nested deeper than ${this.budget.limits.maxNesting} levels`, c.doc.file, c.block.o));
      return;
    }
    let mod = this.modules.get(dir);
    if (mod === undefined) {
      const read = readModuleDir(this, dir);
      mod = typeof read === "string" ? read : moduleOf(dir, read);
      this.modules.set(dir, mod);
    }
    if (typeof mod === "string") {
      notFollowed(mod);
      return;
    }
    for (const d of mod.docs) this.addDocument(d);
    const child = mod;
    this.current = { file: c.doc.file, o: c.block.o };
    try {
      this.instances(w, c.block, `${w.ev.address}module.${c.name}`, undefined, (b, conditional, address) => {
        const inputs = new Map<string, Supplied>();
        for (const item of c.block.body.items) {
          if (item.kind !== "attr" || MODULE_META.has(item.name)) continue;
          const p = `${c.ptr}/${item.name}`;
          c.doc.mark(p, item.value, item.nameSpan);
          const value: Value = w.ev.evaluate(item.value, b);
          inputs.set(item.name, { value, origins: [{ file: c.doc.file, pointer: p }] });
        }
        const rel = this.rootDir ? path.relative(this.rootDir, dir).split(path.sep).join("/") || "." : source;
        const ev = new ModuleEval(this, child, inputs, `${address}.`, { module: rel, root: ".", cwd: "." });
        const inner: Walk = { ev, conditional, depth: w.depth + 1, inside: [...w.inside, dir], returns: () => true };
        this.budget.deeper(() => {
          for (const r of accountsFirst(child.resources)) this.resource(inner, r);
          for (const cc of child.calls) this.call(inner, cc);
        });
      });
    } catch (e) {
      if (!(e instanceof EvalError) || e instanceof TooComplex) throw e;
      this.errors.push(e);
    }
  }
}
