/**
 * ARM template → the resources Azure would deploy, with every value evaluated where it can be known:
 * resources in array form and the languageVersion 2.0 object form (symbolic names; `existing` skipped),
 * `condition` (false → not deployed; unknown → checked and marked conditional), resource `copy` loops,
 * property `copy`, nested child resources (full type and name), pools linked to their account by name,
 * nested `Microsoft.Resources/deployments` with inline templates (inner and outer scope) and linked templates
 * with a local `relativePath`.
 */
import fs from "node:fs";
import path from "node:path";
import type { Node } from "jsonc-parser";
import { decode, parseDocument, type ParsedDoc } from "../../parse/document.js";
import { childKey, childNode, childProperty, nodeFromJson, sameKeyIgnoringCase } from "../../model/literal.js";
import { Prop } from "../../model/prop.js";
import { nodeFromSyntax } from "../../model/syntax-tree.js";
import { modelState, type ModelState } from "../../model/state.js";
import { RunContext, slot } from "../../context.js";
import { ResourceImpl, type Resource } from "../../model/resource.js";
import { nodeFromValue, type Loc, type PNode, type PropEntry } from "../../model/tree.js";
import type { TemplateView } from "../../rule.js";
import { escapePointerToken, isUnknown, Unknown, type Value } from "../../model/value.js";
import { canonicalType } from "../export/resources.js";
import { EXPR_CACHES, isExpression } from "./expression/index.js";
import { Budget, type BudgetUse, type EvalLimits } from "../budget.js";
import { EvalError, Scope, TooComplex, located, valueFromNode, type DeploymentContext, type EvalNote, type SuppliedParam } from "./scope.js";

export interface TemplateOptions {
  /** Parsed parameters files, in order (later wins). */
  readonly parameterFiles?: readonly ParsedDoc[];
  /** --param name=value (values already parsed: JSON when it parses, else the string). */
  readonly cliParams?: ReadonlyMap<string, Value>;
  readonly deployment?: DeploymentContext;
  /** Terraform: --var NAME=VALUE, as written (Terraform reads a value as HCL for a complex-typed variable, else as a string). */
  readonly terraformVars?: ReadonlyMap<string, string>;
  /** Terraform: --var-file FILE, absolute paths in the order given (later wins; after terraform.tfvars and *.auto.tfvars). */
  readonly terraformVarFiles?: readonly string[];
  /**
   * Terraform: for a --var, how many --var-file files came before it on the command line (its last occurrence):
   * terraform applies -var and -var-file in the order given. Absent: after all of them.
   */
  readonly terraformVarsAfter?: ReadonlyMap<string, number>;
  /** Limits and work budget of evaluation (budget.ts); those not given are the defaults. */
  readonly limits?: Partial<EvalLimits>;
  /** Reads a linked template by absolute path (default: fs). Linked docs are added to `docs`. */
  readonly readFile?: (absPath: string) => string;
  /**
   * Reads at most `max` bytes (and never more than the run's file size limit) of a file the template names, inside
   * the linted tree (Bicep's load*Content functions); throws an InputError (code "outside-tree", "too-large") else.
   */
  readonly readBytes?: (absPath: string, max: number) => Buffer;
  /** Absolute path of the template on disk, to resolve templateLink.relativePath; absent for stdin. */
  readonly absPath?: string;
  /** Display path for a linked template's absolute path. */
  readonly display?: (absPath: string) => string;
}

export interface TemplateResult {
  resources: Resource[];
  template: TemplateView;
  notes: { pointer: string; message: string; file?: string }[];
  /** Evaluation errors (unknown function, cycle, limits): file, offset, message. */
  errors: EvalError[];
  /** Other documents the resources point into (linked templates). */
  linked: ParsedDoc[];
  /** What the evaluation used of its budget (to tune the defaults and to see how near a template comes). */
  budget: BudgetUse;
}

/**
 * The raw template for document-level rules; each part is built on first use (most rules never ask). A class,
 * not an object of getters: a closure kept per document held the whole document through scavenges (engine/run.ts).
 */
export function templateView(doc: ParsedDoc, model: ModelState): TemplateView {
  return new RawTemplateView(doc, model);
}

class RawTemplateView implements TemplateView {
  private _root: Prop | undefined;
  private _parameters: Prop | undefined;
  private _outputs: Prop | undefined;
  constructor(
    private readonly doc: ParsedDoc,
    private readonly model: ModelState,
  ) {}
  get file(): string {
    return this.doc.file;
  }
  get root(): Prop {
    return (this._root ??= Prop.of(this.model, nodeFromSyntax(this.model, this.doc.root, this.doc.file, "")));
  }
  get parameters(): Prop {
    return (this._parameters ??= this.section("parameters"));
  }
  get outputs(): Prop {
    return (this._outputs ??= this.section("outputs"));
  }
  private section(name: string): Prop {
    const { doc, model } = this;
    const key = childKey(doc.root, name);
    const node = childNode(doc.root, name);
    return key && node ? Prop.of(model, nodeFromSyntax(model, node, doc.file, `/${escapePointerToken(key)}`), name) : Prop.missing(model, { file: doc.file, pointer: "" }, name);
  }
}

/** Parameters supplied by parameters files and --param for a top-level template. */
export function suppliedParameters(files: readonly ParsedDoc[], cli?: ReadonlyMap<string, Value>): Map<string, SuppliedParam> {
  const out = new Map<string, SuppliedParam>();
  for (const pf of files) {
    const params = childNode(pf.root, "parameters");
    const key = childKey(pf.root, "parameters");
    if (params?.type !== "object" || !key) continue;
    for (const p of params.children ?? []) {
      const [k, v] = p.children ?? [];
      if (!k || !v) continue;
      const name = String(k.value);
      const base = `/${escapePointerToken(key)}/${escapePointerToken(name)}`;
      const valueKey = childKey(v, "value");
      const value = childNode(v, "value");
      if (value && valueKey) {
        const ptr = `${base}/${escapePointerToken(valueKey)}`;
        out.set(name.toLowerCase(), { value: valueFromNode(value, pf.file, ptr), origin: { file: pf.file, pointer: ptr } });
      } else if (childNode(v, "reference")) {
        out.set(name.toLowerCase(), { value: new Unknown(`parameter '${name}' is a Key Vault reference`), origin: { file: pf.file, pointer: base } });
      }
    }
  }
  for (const [name, value] of cli ?? []) out.set(name.toLowerCase(), { value, origin: { file: "<command line>", pointer: `/cli/${escapePointerToken(name)}` } });
  return out;
}

/**
 * Evaluates a template and its nested and linked templates with one work budget. When the budget runs out (or a
 * value goes over its size limit, or the file over its resource limit), evaluation stops with one located "too
 * complex" error and no resource is checked: a part of a deployment could make the rules report what the whole
 * would not. `run` is the run's context (context.ts), whose caches the evaluation uses (expression syntax trees, objects' lower-cased keys);
 * without one, the template gets caches of its own.
 */
export function loadTemplate(doc: ParsedDoc, options: TemplateOptions = {}, run: RunContext = new RunContext()): TemplateResult {
  const budget = new Budget(options.limits);
  const model = modelState(run);
  const result: TemplateResult = { resources: [], template: templateView(doc, model), notes: [], errors: [], linked: [], budget: budget.use };
  // An expression that cannot be evaluated is noted once per place and message (a copy loop evaluates it per instance).
  const noted = new Set<string>();
  const note = (n: EvalNote): void => {
    const key = `${n.file}\u0000${n.pointer}\u0000${n.message}`;
    if (noted.has(key)) return;
    noted.add(key);
    result.notes.push(n);
  };
  const scope = new Scope(doc, doc.root, "", suppliedParameters(options.parameterFiles ?? [], options.cliParams), options.deployment ?? {}, budget.limits, budget, run.get(EXPR_CACHES), note);
  const walker = new Walker(options, result, budget, run, model);
  try {
    walker.template(scope, doc.root, "", 0, false);
  } catch (e) {
    const err = located(e, doc.file, 0);
    if (!(err instanceof TooComplex)) throw err;
    result.errors.push(err);
    result.resources = [];
  }
  linkParents(result.resources);
  result.budget = budget.use;
  return result;
}

/** An evaluation error of one part of a template is recorded and the rest evaluated; a budget error stops it. */
function recoverable(e: unknown): e is EvalError {
  return e instanceof EvalError && !(e instanceof TooComplex);
}

class Walker {
  constructor(
    readonly options: TemplateOptions,
    readonly out: TemplateResult,
    readonly budget: Budget,
    readonly run: RunContext,
    readonly model: ModelState,
    /** Linked templates read so far, by absolute path: a template linked many times is read and parsed once. */
    readonly linkedDocs = new Map<string, ParsedDoc>(),
    /** Deployments reported as nested too deeply (file and offset). */
    readonly tooDeep = new Set<string>(),
  ) {}

  /** Walks the resources of a (possibly nested) template evaluated in `scope`. */
  template(scope: Scope, tmpl: Node, pointer: string, nesting: number, conditional: boolean): void {
    const list = childNode(tmpl, "resources");
    const key = childKey(tmpl, "resources");
    if (!list || !key) return;
    this.list(scope, list, `${pointer}/${escapePointerToken(key)}`, undefined, nesting, conditional);
  }

  list(scope: Scope, list: Node, pointer: string, parent: ResourceImpl | undefined, nesting: number, conditional: boolean): void {
    const entries: [Node, string, string | undefined][] =
      list.type === "array"
        ? (list.children ?? []).map((c, i) => [c, `${pointer}/${i}`, undefined])
        : list.type === "object"
          ? (list.children ?? []).filter((p) => p.children?.length === 2).map((p) => [p.children![1]!, `${pointer}/${escapePointerToken(String(p.children![0]!.value))}`, String(p.children![0]!.value)])
          : [];
    for (const [node, ptr, symbolic] of entries) {
      if (node.type !== "object") continue;
      try {
        this.resource(scope, node, ptr, symbolic, parent, nesting, conditional);
      } catch (e) {
        const err = located(e, scope.file, node.offset);
        if (recoverable(err)) this.out.errors.push(err);
        else throw err;
      }
    }
  }

  resource(scope: Scope, node: Node, ptr: string, symbolic: string | undefined, parent: ResourceImpl | undefined, nesting: number, parentConditional: boolean): void {
    const existing = childNode(node, "existing");
    if (existing?.type === "boolean" && existing.value === true) return; // referenced, not deployed by this template
    const copy = childNode(node, "copy");
    if (copy?.type === "object") {
      const nameNode = childNode(copy, "name");
      const loopName = nameNode?.type === "string" ? String(nameNode.value) : "copy";
      const countNode = childNode(copy, "count");
      const count = countNode ? scope.evaluate(countNode, `${ptr}/copy/count`).value : 0;
      if (isUnknown(count)) {
        // Unknown count: check one representative instance with an unknown copyIndex().
        scope.withCopy(loopName, new Unknown(`copyIndex('${loopName}') with an unknown count`), () => this.instance(scope, node, ptr, symbolic, parent, nesting, true, undefined));
        return;
      }
      const n = scope.checkCount(count, countNode!);
      for (let i = 0; i < n; i++) {
        scope.withCopy(loopName, i, () => this.instance(scope, node, ptr, symbolic, parent, nesting, parentConditional, { name: loopName, index: i }));
      }
      return;
    }
    this.instance(scope, node, ptr, symbolic, parent, nesting, parentConditional, undefined);
  }

  instance(scope: Scope, node: Node, ptr: string, symbolic: string | undefined, parent: ResourceImpl | undefined, nesting: number, parentConditional: boolean, copy: { name: string; index: number } | undefined): void {
    const condNode = childNode(node, "condition");
    let conditional = parentConditional;
    if (condNode) {
      const c = scope.evaluate(condNode, `${ptr}/condition`).value;
      if (c === false || (typeof c === "string" && c.toLowerCase() === "false")) return;
      if (isUnknown(c)) conditional = true;
    }
    const typeNode = childNode(node, "type");
    const rawType: Value = typeNode ? scope.evaluate(typeNode, `${ptr}/type`).value : undefined!;
    if (typeof rawType !== "string") {
      this.out.notes.push({ pointer: ptr, message: "resource type cannot be determined; resource skipped", file: scope.file });
      return;
    }
    // A nested child declares its type relative to its parent ("pools", "providers/diagnosticSettings") or in full
    // (a namespace with a dot: "Microsoft.Batch/batchAccounts/pools").
    const type = canonicalType(parent && !rawType.split("/")[0]!.includes(".") ? `${parent.type}/${rawType}` : rawType);
    if (this.out.resources.length >= this.budget.limits.maxResources) {
      throw new TooComplex(`too complex: more than ${this.budget.limits.maxResources.toLocaleString("en-US")} resources after expanding copy loops, nested deployments and linked templates`, scope.file, node.offset);
    }
    // Each instance is a new tree for the rules: its literal members count as made.
    this.budget.made(literalSize(node, this.run.get(LITERAL_SIZES)));
    const tree = this.evaluatedTree(scope, node, ptr);
    const root = Prop.of(this.model, tree);
    const rawName = root.get("name").str();
    const name = rawName !== undefined && parent?.name !== undefined && !rawName.includes("/") ? `${parent.name}/${rawName}` : rawName;
    const label = name ?? symbolic ?? (root.get("name").unknown ? `${type} (name not known)` : type);
    const res = new ResourceImpl(type, root.get("apiVersion").str(), name, label, root, root.get("properties"), "template", conditional, copy, parent);
    this.out.resources.push(res);

    if (type.toLowerCase() === "microsoft.resources/deployments") this.nested(scope, node, ptr, res, nesting, conditional);

    const children = childNode(node, "resources");
    const childrenKey = childKey(node, "resources");
    if (children && childrenKey) this.list(scope, children, `${ptr}/${escapePointerToken(childrenKey)}`, res, nesting, conditional);
  }

  /** The resource object with every expression evaluated (child `resources` excluded), errors recorded. */
  evaluatedTree(scope: Scope, node: Node, ptr: string): PNode {
    const onString = (value: string, at: Loc, n: Node): PNode | undefined => {
      if (!isExpression(value) && !value.startsWith("[[")) return undefined;
      try {
        const r = scope.evaluate(n, at.pointer);
        return nodeFromValue(this.materialised(r.value, scope, n), at, r.origins);
      } catch (e) {
        if (!recoverable(e)) throw e;
        this.out.errors.push(e);
        return { t: "unk", reason: e.message, at, origins: [], ev: true };
      }
    };
    const propsNode = childNode(node, "properties");
    const isDeployment = String(childNode(node, "type")?.value ?? "").toLowerCase() === "microsoft.resources/deployments";
    const isLoops = (v: Node) => v.type === "array" && (v.children ?? []).length > 0 && (v.children ?? []).every((c) => childNode(c, "input") && childNode(c, "name"));
    // Whether an object is the resource's `properties` or inside it: by the syntax nodes' parents, not by comparing
    // pointers (every object of every resource is asked; its pointer is the very member the `properties` key names).
    const underProps = (obj: Node): boolean => {
      if (propsNode === undefined) return false;
      for (let n: Node | undefined = obj; n !== undefined && n !== node; n = n.parent) if (n === propsNode) return true;
      return false;
    };
    const skip = (obj: Node, key: string, value: Node): boolean => {
      // Only "copy", "template" and "resources" are left out: compared without lower-casing every member's key.
      if (obj === node) return sameKeyIgnoringCase(key, "resources") || sameKeyIgnoringCase(key, "copy");
      if (obj === propsNode && isDeployment && sameKeyIgnoringCase(key, "template")) return true;
      return sameKeyIgnoringCase(key, "copy") && underProps(obj) && isLoops(value);
    };
    // Property copy: { "copy": [ { "name": "ipRules", "count": 2, "input": {...} } ] } at any depth of properties.
    const expand = (obj: Node, objPtr: string): PropEntry[] | undefined => {
      if (!underProps(obj)) return undefined;
      const copy = childProperty(obj, "copy");
      const copyKey = copy?.children?.[0] ? String(copy.children[0].value) : undefined;
      const loops = copy?.children?.[1];
      if (!copyKey || !loops || !isLoops(loops)) return undefined;
      const out: PropEntry[] = [];
      (loops.children ?? []).forEach((loop, i) => {
        const loopName = String(childNode(loop, "name")!.value);
        const at: Loc = { file: scope.file, pointer: `${objPtr}/${escapePointerToken(copyKey)}/${i}` };
        try {
          const value = this.materialised(scope.expandCopy(loop, `${at.pointer}/input`), scope, loop);
          out.push({ key: loopName, keyAt: { file: scope.file, pointer: `${at.pointer}/name` }, node: nodeFromValue(value, { file: scope.file, pointer: `${at.pointer}/input` }) });
        } catch (e) {
          if (!recoverable(e)) throw e;
          this.out.errors.push(e);
        }
      });
      return out;
    };
    const tree = nodeFromJson(this.model, node, scope.file, ptr, onString, skip, expand);
    return tree;
  }

  /**
   * A value about to be copied into a resource's tree (nodeFromValue): every element of it is made again, however
   * often it is shared inside (a variable built from another one twice, 40 times, is 80 objects to evaluate but
   * 2^40 to copy), so its extent is charged first; measured in time linear in what it is made of.
   */
  materialised(value: Value, scope: Scope, at: Node): Value {
    try {
      this.budget.made(this.budget.extent(value).elements);
    } catch (e) {
      throw located(e, scope.file, at.offset);
    }
    return value;
  }

  /** Nested deployment: inline template (inner or outer scope) or a local linked template. */
  nested(scope: Scope, node: Node, ptr: string, res: ResourceImpl, nesting: number, conditional: boolean): void {
    try {
      this.budget.deeper(() => this.deployment(scope, node, ptr, res, nesting, conditional));
    } catch (e) {
      throw located(e, scope.file, node.offset);
    }
  }

  private deployment(scope: Scope, node: Node, ptr: string, res: ResourceImpl, nesting: number, conditional: boolean): void {
    if (nesting + 1 > scope.limits.maxNesting) {
      // Once per deployment, not once per way of reaching it (a template linking itself twice reaches it 2^16 times).
      const key = `${scope.file}\u0000${node.offset}`;
      if (!this.tooDeep.has(key)) this.out.errors.push(new EvalError(`nested deployments deeper than ${scope.limits.maxNesting} levels`, scope.file, node.offset));
      this.tooDeep.add(key);
      return;
    }
    const propsKey = childKey(node, "properties");
    const props = childNode(node, "properties");
    if (!props || !propsKey) return;
    const propsPtr = `${ptr}/${escapePointerToken(propsKey)}`;
    const inline = childNode(props, "template");
    const link = childNode(props, "templateLink");
    const scopeOpt = childNode(childNode(props, "expressionEvaluationOptions"), "scope");
    const inner = scopeOpt?.type === "string" && String(scopeOpt.value).toLowerCase() === "inner";
    if (inline?.type === "object") {
      const tPtr = `${propsPtr}/${escapePointerToken(childKey(props, "template")!)}`;
      if (inner) {
        const supplied = this.nestedParameters(scope, props, propsPtr);
        const child = new Scope(scope.doc, inline, tPtr, supplied, scope.deploy, scope.limits, this.budget, scope.caches, scope.note);
        this.template(child, inline, tPtr, nesting + 1, conditional);
      } else {
        // Outer scope: the nested template's expressions see the parent's parameters and variables.
        this.template(scope, inline, tPtr, nesting + 1, conditional);
      }
      return;
    }
    if (link?.type === "object") {
      const rel = childNode(link, "relativePath");
      const relValue = rel ? scope.evaluate(rel, `${propsPtr}/templateLink/relativePath`).value : undefined;
      if (typeof relValue !== "string" || !this.options.absPath) {
        this.out.notes.push({ pointer: propsPtr, message: `linked template of deployment '${res.label}' is not a local relativePath; not checked`, file: scope.file });
        return;
      }
      const abs = path.resolve(path.dirname(this.options.absPath), relValue);
      const known = this.linkedDocs.get(abs);
      if (known) {
        this.linkedTemplate(scope, known, abs, props, propsPtr, nesting, conditional);
        return;
      }
      let linkedDoc: ParsedDoc;
      try {
        const text = this.options.readFile ? this.options.readFile(abs) : decode(fs.readFileSync(abs), abs);
        linkedDoc = parseDocument(text, this.options.display ? this.options.display(abs) : abs);
      } catch (e) {
        // Refused by the reader (pipeline/run.ts, pipeline/read.ts): the template itself is valid, the deployment is left unchecked.
        // The note names the path as written, never anything read from the target.
        const code = (e as { code?: unknown }).code;
        const message = code === "outside-tree" ? `linked template '${relValue}' is outside the linted directory; not read` : `linked template ${relValue} could not be read: ${(e as Error).message}`;
        this.out.notes.push({ pointer: propsPtr, message, file: scope.file });
        return;
      }
      this.out.linked.push(linkedDoc);
      this.linkedDocs.set(abs, linkedDoc);
      // Reading and parsing it scans its text.
      this.budget.chars(linkedDoc.text.length);
      this.linkedTemplate(scope, linkedDoc, abs, props, propsPtr, nesting, conditional);
    }
  }

  /** A linked template's resources, with the deployment's parameters (evaluated in the linking scope). */
  private linkedTemplate(scope: Scope, linkedDoc: ParsedDoc, abs: string, props: Node, propsPtr: string, nesting: number, conditional: boolean): void {
    const supplied = this.nestedParameters(scope, props, propsPtr);
    const child = new Scope(linkedDoc, linkedDoc.root, "", supplied, scope.deploy, scope.limits, this.budget, scope.caches, scope.note);
    const walker = new Walker({ ...this.options, absPath: abs }, this.out, this.budget, this.run, this.model, this.linkedDocs, this.tooDeep);
    walker.template(child, linkedDoc.root, "", nesting + 1, conditional);
  }

  /** properties.parameters of a nested deployment, evaluated in the parent scope. */
  nestedParameters(scope: Scope, props: Node, propsPtr: string): Map<string, SuppliedParam> {
    const out = new Map<string, SuppliedParam>();
    const params = childNode(props, "parameters");
    const key = childKey(props, "parameters");
    if (params?.type !== "object" || !key) return out;
    for (const p of params.children ?? []) {
      const [k, v] = p.children ?? [];
      if (!k || !v) continue;
      const name = String(k.value);
      const valueNode = childNode(v, "value");
      const vk = childKey(v, "value");
      if (valueNode && vk) {
        const ptr = `${propsPtr}/${escapePointerToken(key)}/${escapePointerToken(name)}/${escapePointerToken(vk)}`;
        try {
          const r = scope.evaluate(valueNode, ptr);
          out.set(name.toLowerCase(), { value: r.value, origin: r.origins[0] ?? { file: scope.file, pointer: ptr } });
        } catch (e) {
          if (!recoverable(e)) throw e;
          this.out.errors.push(e);
          out.set(name.toLowerCase(), { value: new Unknown(e.message) });
        }
      } else if (childNode(v, "reference")) {
        out.set(name.toLowerCase(), { value: new Unknown(`parameter '${name}' is a Key Vault reference`) });
      }
    }
    return out;
  }
}

/**
 * Array elements and object members of a resource's JSON node, counted once per node (and run): a copy loop's
 * instances, and a linked template's resources deployed again, are counted from the memo. Only the resource's node
 * is kept: a memo entry for every node below it cost more than counting (a WeakMap entry per node of every template).
 */
const LITERAL_SIZES = slot("literal sizes of template nodes", () => new WeakMap<Node, number>());
function literalSize(node: Node, literalSizes: WeakMap<Node, number>): number {
  if (node.type !== "object" && node.type !== "array") return 0;
  const known = literalSizes.get(node);
  if (known !== undefined) return known;
  const n = membersBelow(node);
  literalSizes.set(node, n);
  return n;
}

/** The elements and members of every object and array in a node (iterative: any depth). */
function membersBelow(root: Node): number {
  let n = 0;
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== "object" && node.type !== "array") continue;
    for (const c of node.children ?? []) {
      n++;
      stack.push(node.type === "object" ? (c.children?.[1] ?? c) : c);
    }
  }
  return n;
}

/** Pools declared at top level as "acct/pool" get their account as parent when it is in the same template. */
function linkParents(resources: Resource[]): void {
  const byName = new Map<string, ResourceImpl>();
  for (const r of resources) if (r.name && r instanceof ResourceImpl) byName.set(`${r.type.toLowerCase()}|${r.name.toLowerCase()}`, r);
  for (const r of resources) {
    if (!(r instanceof ResourceImpl) || r.parent || !r.name || !r.name.includes("/")) continue;
    const parentType = r.type.slice(0, r.type.lastIndexOf("/"));
    const parentName = r.name.slice(0, r.name.lastIndexOf("/"));
    const p = byName.get(`${parentType.toLowerCase()}|${parentName.toLowerCase()}`);
    if (p) r.parent = p;
  }
}
