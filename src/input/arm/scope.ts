/**
 * Evaluation scope of one ARM template (or nested inline/linked template): parameters (CLI > parameters files
 * > defaultValue; nullable → null; none → unknown), variables (lazy, with `copy`, cycle-checked), user-defined
 * functions, deployment functions and copyIndex. Implements the ExprContext of the expression evaluator and
 * records which parameters/variables each evaluation read, so findings can name where a value came from.
 */
import type { Node } from "jsonc-parser";
import type { ParsedDoc } from "../../parse/document.js";
import { effectiveProperties } from "../../parse/document.js";
import { childNode, sameKeyIgnoringCase } from "../../model/literal.js";
import type { Loc } from "../../model/tree.js";
import { Budget, BudgetExceeded, DEFAULT_EVAL_LIMITS, type EvalLimits } from "../budget.js";
import { ExprError, InvalidTemplateError, TooComplexError, evaluateString, isExpression, type ExprCaches, type ExprContext } from "./expression/index.js";
import { Unknown, childOrigins, escapePointerToken, isUnknown, newObject, provenance, type SourceRef, type Value, type ValueObject } from "../../model/value.js";

/** An evaluation error located in a document. */
export class EvalError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * The file's evaluation budget ran out, or a value went over its size limit (budget.ts): located at the
 * innermost expression or JSON node being evaluated. Evaluation of the file stops (template.ts).
 */
export class TooComplex extends EvalError {
  readonly tooComplex = true;
}

/** An unlocated budget error located at `offset` of `file`; other errors unchanged. */
export function located(e: unknown, file: string, offset: number): unknown {
  return e instanceof BudgetExceeded ? new TooComplex(e.message, file, offset) : e;
}

export { DEFAULT_EVAL_LIMITS, type EvalLimits };

export interface DeploymentContext {
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  tenantId?: string;
  deploymentName?: string;
}

/** A note of the evaluation (template.ts gathers them): where, in which file, and what. */
export interface EvalNote {
  readonly pointer: string;
  readonly message: string;
  readonly file: string;
}

/** A parameter value supplied from outside the template (parameters file, --param, nested deployment). */
export interface SuppliedParam {
  readonly value: Value;
  /** Where it is written (parameters file value, CLI). */
  readonly origin?: Loc;
}

interface ParamEntry extends Lazy {
  readonly name: string;
  readonly decl: Node;
  readonly pointer: string;
}

interface VarEntry extends Lazy {
  readonly name: string;
  readonly node: Node | undefined; // undefined for copy-variables
  readonly pointer: string;
  readonly copy?: Node; // the copy element for copy variables
}

/** A parameter or variable of a scope (ARM or Bicep): evaluated once, on its first use. */
export interface Lazy {
  state: "pending" | "evaluating" | "done";
  value?: Value;
  /** Why its evaluation failed: every use fails the same way (one located error, never a value made up). */
  error?: EvalError;
  origins: Loc[];
}

/**
 * The value of `entry`, evaluated by `compute` on its first use (one budget level deeper) and shared by every later
 * use, like its error; `compute` may set the entry itself and return nothing. The caller checks for a cycle
 * (`state === "evaluating"`) first, to name it.
 */
export function settle(entry: Lazy, budget: Budget, compute: () => { value: Value; origins: Loc[] } | undefined): Value {
  if (entry.state === "pending") {
    entry.state = "evaluating";
    try {
      const r = budget.deeper(compute);
      if (r) {
        entry.value = r.value;
        entry.origins = r.origins;
      }
    } catch (e) {
      if (e instanceof EvalError) entry.error = e;
      throw e;
    } finally {
      entry.state = "done";
    }
  }
  if (entry.error) throw entry.error;
  return entry.value!;
}

/**
 * What follows the parameters and variables an evaluation reads (the ARM and Bicep scopes): the list of the
 * evaluation in progress, or undefined outside one. They become the value's origins (related locations).
 */
export interface ReadTracker {
  refs: Loc[] | undefined;
}

/** Runs `evaluate` with its own list of reads, then adds them to the list of the evaluation around it. */
export function tracking(t: ReadTracker, evaluate: () => Value): { value: Value; origins: Loc[] } {
  const saved = startReads(t);
  try {
    return { value: evaluate(), origins: t.refs! };
  } finally {
    endReads(t, saved);
  }
}

/**
 * `tracking` in two halves, for a caller that evaluates without a closure (Scope.evaluate, once per value): gives
 * the evaluation a list of its own and returns the list around it, for `endReads`, which must follow whatever the
 * evaluation does.
 */
function startReads(t: ReadTracker): Loc[] | undefined {
  const saved = t.refs;
  t.refs = [];
  return saved;
}

/** Ends what `startReads` began: the list around is back, with the evaluation's reads added; gives those. */
function endReads(t: ReadTracker, saved: Loc[] | undefined): Loc[] {
  const mine = t.refs!;
  t.refs = saved;
  if (saved) for (const r of mine) pushUnique(saved, r);
  return mine;
}

/** Adds what a parameter or variable was read from to the list of the evaluation in progress. */
export function addReads(t: ReadTracker, origins: readonly Loc[]): void {
  if (t.refs) for (const o of origins) pushUnique(t.refs, o);
}

/** Records the reads behind a member of an assembled array or object (model/value.ts childOrigins). */
export function recordChildOrigins(container: object, key: string | number, origins: Loc[]): void {
  if (!origins.length) return;
  let m = childOrigins.get(container);
  if (!m) childOrigins.set(container, (m = new Map<string | number, readonly SourceRef[]>()));
  m.set(key, origins);
}

const MAX_REF_DEPTH = 200;

/** Steps a call of a user-defined function counts (budget.ts). */
const USER_FUNCTION_STEPS = 10;

/** Turns a literal JSON node into a Value; arrays and objects are registered in `provenance`. */
export function valueFromNode(node: Node, file: string, pointer: string, depth = 0): Value {
  switch (node.type) {
    case "object": {
      const o = newObject();
      for (const p of effectiveProperties(node)) {
        const key = String(p.children![0]!.value);
        o[key] = valueFromNode(p.children![1]!, file, `${pointer}/${escapePointerToken(key)}`, depth + 1);
      }
      provenance.set(o, { file, pointer });
      return o;
    }
    case "array": {
      const a = (node.children ?? []).map((c, i) => valueFromNode(c, file, `${pointer}/${i}`, depth + 1));
      provenance.set(a, { file, pointer });
      return a;
    }
    default:
      return node.value as Value;
  }
}

export class Scope implements ExprContext {
  readonly params = new Map<string, ParamEntry>();
  readonly vars = new Map<string, VarEntry>();
  private readonly functions = new Map<string, { params: string[]; output: Node; pointer: string }>();
  /** Parameters/variables read during the current evaluation. */
  /** The reads of the evaluation in progress (ReadTracker). */
  refs: Loc[] | undefined;
  private copyStack: { name: string | undefined; index: number | Unknown }[] = [];
  private depth = 0;
  /** The expression string being evaluated and the pointer of its JSON value: where an unevaluable part is noted. */
  private currentS: string | undefined = undefined;
  private currentPointer: string | undefined = undefined;

  constructor(
    readonly doc: ParsedDoc,
    /** The template object node and its pointer within doc. */
    readonly template: Node,
    readonly templatePointer: string,
    readonly supplied: ReadonlyMap<string, SuppliedParam>,
    readonly deploy: DeploymentContext,
    readonly limits: EvalLimits = DEFAULT_EVAL_LIMITS,
    /** One per file, shared by its nested deployments, linked templates and user-defined functions. */
    readonly budget: Budget = new Budget(limits),
    /** The run's expression caches (expression/types.ts), shared like the budget; without them nothing is cached. */
    readonly caches?: ExprCaches,
    /** Told of each expression (part) that could not be evaluated and is Unknown (`unevaluable`); shared like the budget. */
    readonly note?: (note: EvalNote) => void,
  ) {
    const params = childNode(template, "parameters");
    if (params?.type === "object") {
      for (const p of effectiveProperties(params)) {
        const name = String(p.children![0]!.value);
        this.params.set(name.toLowerCase(), { name, decl: p.children![1]!, pointer: `${templatePointer}/parameters/${escapePointerToken(name)}`, state: "pending", origins: [] });
      }
    }
    const vars = childNode(template, "variables");
    if (vars?.type === "object") {
      for (const p of effectiveProperties(vars)) {
        const name = String(p.children![0]!.value);
        const ptr = `${templatePointer}/variables/${escapePointerToken(name)}`;
        if (name.toLowerCase() === "copy" && p.children![1]!.type === "array") {
          (p.children![1]!.children ?? []).forEach((c, i) => {
            const vname = childNode(c, "name");
            if (vname?.type === "string") {
              this.vars.set(String(vname.value).toLowerCase(), { name: String(vname.value), node: undefined, copy: c, pointer: `${ptr}/${i}`, state: "pending", origins: [] });
            }
          });
        } else {
          this.vars.set(name.toLowerCase(), { name, node: p.children![1]!, pointer: ptr, state: "pending", origins: [] });
        }
      }
    }
    const fns = childNode(template, "functions");
    if (fns?.type === "array") {
      (fns.children ?? []).forEach((ns, i) => {
        const nsName = childNode(ns, "namespace");
        const members = childNode(ns, "members");
        if (nsName?.type !== "string" || members?.type !== "object") return;
        for (const m of effectiveProperties(members)) {
          const fname = String(m.children![0]!.value);
          const def = m.children![1]!;
          const output = childNode(childNode(def, "output"), "value");
          if (!output) continue;
          const ps = (childNode(def, "parameters")?.children ?? []).map((p) => String(childNode(p, "name")?.value ?? ""));
          this.functions.set(`${String(nsName.value).toLowerCase()}.${fname.toLowerCase()}`, {
            params: ps,
            output,
            pointer: `${templatePointer}/functions/${i}/members/${escapePointerToken(fname)}/output/value`,
          });
        }
      });
    }
  }

  get file(): string {
    return this.doc.file;
  }

  /** Evaluates a JSON node (literal parts kept, expressions evaluated), tracking the parameters/variables read. */
  evaluate(node: Node, pointer: string): { value: Value; origins: Loc[] } {
    // `tracking` without a closure per value evaluated.
    const saved = startReads(this);
    let value: Value;
    try {
      value = this.evalNode(node, pointer);
    } catch (e) {
      endReads(this, saved);
      throw e;
    }
    return { value, origins: endReads(this, saved) };
  }

  /**
   * Evaluates one string (an expression or a literal), throwing EvalError located in the document for the errors that
   * stay errors (evaluate.ts: InvalidTemplateError, budget errors, syntax errors); a part that cannot be evaluated
   * because of a value is Unknown, and noted (`unevaluable`) at `pointer`.
   */
  evalString(s: string, node: Node | undefined, pointer?: string): Value {
    // Two fields, not an object per string evaluated.
    const savedS = this.currentS;
    const savedPointer = this.currentPointer;
    this.currentS = s;
    this.currentPointer = pointer;
    try {
      return evaluateString(s, this);
    } catch (e) {
      if (e instanceof TooComplexError) throw new TooComplex(`${e.message} in ${abbreviate(s)}`, this.file, stringOffset(this.doc, node, s, e.offset));
      if (e instanceof ExprError) throw new EvalError(`${e.message} in ${abbreviate(s)}`, this.file, stringOffset(this.doc, node, s, e.offset));
      if (e instanceof EvalError) throw e;
      if (e instanceof BudgetExceeded) throw new TooComplex(`${e.message} in ${abbreviate(s)}`, this.file, node?.offset ?? 0);
      if (e instanceof RangeError) throw new TooComplex(`too complex to evaluate (${e.message}) in ${abbreviate(s)}`, this.file, node?.offset ?? 0);
      throw e;
    } finally {
      this.currentS = savedS;
      this.currentPointer = savedPointer;
    }
  }

  unevaluable(message: string): void {
    const s = this.currentS;
    const pointer = this.currentPointer;
    if (!this.note || s === undefined || pointer === undefined) return;
    this.note({ pointer, message: `cannot be evaluated, its value is unknown: ${message} in ${abbreviate(s)}`, file: this.file });
  }

  private evalNode(node: Node, pointer: string): Value {
    if (++this.depth > MAX_REF_DEPTH * 5) {
      this.depth--;
      throw new EvalError("value nested too deeply to evaluate", this.file, node.offset);
    }
    try {
      this.budget.step();
      switch (node.type) {
        case "string": {
          const s = node.value as string;
          return isExpression(s) || s.startsWith("[[") ? this.evalString(s, node, pointer) : s;
        }
        case "object": {
          const o = newObject();
          const members = effectiveProperties(node);
          this.budget.made(members.length);
          for (const p of members) {
            const key = String(p.children![0]!.value);
            const v = p.children![1]!;
            // Property copy loops inside a value (e.g. in variables): "copy": [{name, count, input}]
            if (v.type === "array" && sameKeyIgnoringCase(key, "copy") && (v.children ?? []).every((c) => childNode(c, "input"))) {
              for (const loop of v.children ?? []) {
                const name = childNode(loop, "name");
                if (name?.type === "string") o[String(name.value)] = this.expandCopy(loop, pointer);
              }
              continue;
            }
            const computed = v.type === "string" && isExpression(v.value as string);
            o[key] = computed ? this.evalCapturing(v, `${pointer}/${escapePointerToken(key)}`, o, key) : this.evalNode(v, `${pointer}/${escapePointerToken(key)}`);
          }
          provenance.set(o, { file: this.file, pointer });
          return o;
        }
        case "array": {
          const a: Value[] = [];
          this.budget.made(node.children?.length ?? 0);
          (node.children ?? []).forEach((c, i) => {
            const computed = c.type === "string" && isExpression(c.value as string);
            a.push(computed ? this.evalCapturing(c, `${pointer}/${i}`, a, i) : this.evalNode(c, `${pointer}/${i}`));
          });
          provenance.set(a, { file: this.file, pointer });
          return a;
        }
        default:
          return node.value as Value;
      }
    } catch (e) {
      throw located(e, this.file, node.offset);
    } finally {
      this.depth--;
    }
  }

  /** Evaluates an expression child of `container`, recording which parameters/variables it read. */
  private evalCapturing(node: Node, pointer: string, container: object, key: string | number): Value {
    const r = this.evaluate(node, pointer);
    recordChildOrigins(container, key, r.origins);
    return r.value;
  }

  /** `copy` element {name, count, input} → array of evaluated inputs, with copyIndex(name). */
  expandCopy(loop: Node, pointer: string): Value {
    const name = childNode(loop, "name");
    const loopName = name?.type === "string" ? String(name.value) : undefined;
    const countNode = childNode(loop, "count");
    const input = childNode(loop, "input");
    if (!countNode || !input) throw new EvalError("copy element needs 'count' and 'input'", this.file, loop.offset);
    const count = this.evalNode(countNode, pointer);
    if (isUnknown(count)) return new Unknown(`copy count of '${loopName ?? "copy"}' is unknown`);
    const n = this.checkCount(count, countNode);
    try {
      this.budget.array(n);
    } catch (e) {
      throw located(e, this.file, countNode.offset);
    }
    const out: Value[] = [];
    for (let i = 0; i < n; i++) {
      this.copyStack.push({ name: loopName, index: i });
      try {
        out.push(this.evalNode(input, pointer));
      } finally {
        this.copyStack.pop();
      }
    }
    return out;
  }

  checkCount(count: Value, at: Node): number {
    const n = typeof count === "string" && /^\d+$/.test(count) ? Number(count) : count;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new EvalError(`copy count must be a non-negative integer, got ${JSON.stringify(count)}`, this.file, at.offset);
    if (n > this.limits.maxCopy) throw new EvalError(`copy count ${n} exceeds the limit of ${this.limits.maxCopy} (ARM's own limit is 800)`, this.file, at.offset);
    return n;
  }

  withCopy<T>(name: string | undefined, index: number | Unknown, fn: () => T): T {
    this.copyStack.push({ name, index });
    try {
      return fn();
    } finally {
      this.copyStack.pop();
    }
  }

  // ---- ExprContext ----

  parameter(name: string): Value {
    const p = this.params.get(name.toLowerCase());
    if (!p) throw new InvalidTemplateError(`parameter '${name}' is not declared`, 0);
    if (p.state === "evaluating") throw new InvalidTemplateError(`parameter '${name}' refers to itself through its defaultValue`, 0);
    const value = settle(p, this.budget, () => this.resolveParameter(p));
    addReads(this, p.origins);
    return value;
  }

  private resolveParameter(p: ParamEntry): { value: Value; origins: Loc[] } {
    const supplied = this.supplied.get(p.name.toLowerCase());
    if (supplied) return { value: supplied.value, origins: supplied.origin ? [supplied.origin] : [] };
    const def = childNode(p.decl, "defaultValue");
    const defKey = effectiveProperties(p.decl).find((x) => sameKeyIgnoringCase(String(x.children![0]!.value), "defaultvalue"));
    if (def && defKey) {
      const ptr = `${p.pointer}/${escapePointerToken(String(defKey.children![0]!.value))}`;
      const r = this.evaluate(def, ptr);
      return { value: r.value, origins: [{ file: this.file, pointer: ptr }, ...r.origins] };
    }
    const nullable = childNode(p.decl, "nullable");
    if (nullable?.type === "boolean" && nullable.value === true) return { value: null, origins: [] };
    return { value: new Unknown(`parameter '${p.name}' has no value`), origins: [] };
  }

  variable(name: string): Value {
    const v = this.vars.get(name.toLowerCase());
    if (!v) throw new InvalidTemplateError(`variable '${name}' is not declared`, 0);
    if (v.state === "evaluating") throw new InvalidTemplateError(`variable '${name}' refers to itself (cycle through variables)`, 0);
    const value = settle(v, this.budget, () => {
      this.evaluateVariable(v);
      return undefined;
    });
    addReads(this, v.origins);
    return value;
  }

  /** Evaluates a variable once: its value is shared by every use (never copied, so never re-counted). */
  private evaluateVariable(v: VarEntry): void {
    if (v.copy) {
      const saved = this.refs;
      this.refs = [];
      try {
        v.value = this.expandCopy(v.copy, v.pointer);
        v.origins = [{ file: this.file, pointer: v.pointer }, ...this.refs];
      } finally {
        this.refs = saved;
      }
    } else {
      const r = this.evaluate(v.node!, v.pointer);
      v.value = r.value;
      v.origins = [{ file: this.file, pointer: v.pointer }, ...r.origins];
    }
  }

  copyIndex(loopName: string | undefined): number | Unknown {
    for (let i = this.copyStack.length - 1; i >= 0; i--) {
      const c = this.copyStack[i]!;
      if (loopName === undefined || (c.name !== undefined && c.name.toLowerCase() === loopName.toLowerCase())) return c.index;
    }
    throw new InvalidTemplateError(loopName ? `copyIndex('${loopName}') used outside a copy loop of that name` : "copyIndex() used outside a copy loop", 0);
  }

  userFunction(namespace: string, name: string): { params: string[]; output: (args: Value[]) => Value } | undefined {
    const f = this.functions.get(`${namespace.toLowerCase()}.${name.toLowerCase()}`);
    if (!f) return undefined;
    return {
      params: f.params,
      output: (args: Value[]) => {
        // User functions see only their own parameters (no variables, no template parameters).
        const supplied = new Map<string, SuppliedParam>(f.params.map((p, i) => [p.toLowerCase(), { value: args[i] ?? null }]));
        // A call makes a scope: it costs as much as about ten evaluation nodes.
        this.budget.step(USER_FUNCTION_STEPS);
        return this.budget.deeper(() => new FunctionScope(this, supplied).evalOutput(f.output, f.pointer));
      },
    };
  }

  resourceGroup(): Value {
    const d = this.deploy;
    const o = newObject();
    o.id = d.subscriptionId && d.resourceGroup ? `/subscriptions/${d.subscriptionId}/resourceGroups/${d.resourceGroup}` : new Unknown("resourceGroup().id (give --subscription-id and --resource-group)");
    o.name = d.resourceGroup ?? new Unknown("resourceGroup().name (give --resource-group)");
    o.type = "Microsoft.Resources/resourceGroups";
    o.location = d.location ?? new Unknown("resourceGroup().location (give --location)");
    o.managedBy = new Unknown("resourceGroup().managedBy");
    o.tags = new Unknown("resourceGroup().tags");
    const props = newObject();
    props.provisioningState = "Succeeded";
    o.properties = props;
    return o;
  }
  subscription(): Value {
    const d = this.deploy;
    const o = newObject();
    o.id = d.subscriptionId ? `/subscriptions/${d.subscriptionId}` : new Unknown("subscription().id (give --subscription-id)");
    o.subscriptionId = d.subscriptionId ?? new Unknown("subscription().subscriptionId (give --subscription-id)");
    o.tenantId = d.tenantId ?? new Unknown("subscription().tenantId");
    o.displayName = new Unknown("subscription().displayName");
    return o;
  }
  deploymentObject(): ValueObject {
    const o = newObject();
    o.name = this.deploy.deploymentName ?? new Unknown("deployment().name");
    o.properties = new Unknown("deployment().properties");
    o.location = new Unknown("deployment().location");
    return o;
  }
  deployment(): Value {
    return this.deploymentObject();
  }
  environment(): Value {
    return new Unknown("environment() depends on the target cloud");
  }
  tenant(): Value {
    const o = newObject();
    o.tenantId = this.deploy.tenantId ?? new Unknown("tenant().tenantId");
    o.countryCode = new Unknown("tenant().countryCode");
    o.displayName = new Unknown("tenant().displayName");
    return o;
  }
  managementGroup(): Value {
    return new Unknown("managementGroup() depends on the deployment scope");
  }
}

/** Scope of a user-defined function body: only its parameters are visible. */
class FunctionScope extends Scope {
  constructor(parent: Scope, supplied: ReadonlyMap<string, SuppliedParam>) {
    super(parent.doc, { type: "object", offset: 0, length: 0 } as Node, "", supplied, parent.deploy, parent.limits, parent.budget, parent.caches, parent.note);
    for (const [k, v] of supplied) this.params.set(k, { name: k, decl: { type: "object", offset: 0, length: 0 } as Node, pointer: "", state: "done", value: v.value, origins: [] });
    this.parentScope = parent;
  }
  private parentScope: Scope;
  override userFunction(namespace: string, name: string) {
    return this.parentScope.userFunction(namespace, name);
  }
  override variable(name: string): Value {
    throw new InvalidTemplateError(`variables('${name}') cannot be used inside a user-defined function`, 0);
  }
  evalOutput(node: Node, pointer: string): Value {
    return this.evaluate(node, pointer).value;
  }
}

function pushUnique(list: Loc[], loc: Loc): void {
  if (!list.some((l) => l.file === loc.file && l.pointer === loc.pointer)) list.push(loc);
}

function abbreviate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Offset in the document of character `i` of a JSON string value (exact when the string has no escapes). */
function stringOffset(doc: ParsedDoc, node: Node | undefined, value: string, i: number): number {
  if (!node) return 0;
  const raw = doc.text.slice(node.offset + 1, node.offset + node.length - 1);
  return raw === value ? node.offset + 1 + Math.max(0, Math.min(i, value.length)) : node.offset;
}
