/**
 * Evaluation of Bicep expressions with the ARM function library. Bicep compiles to ARM: its operators are ARM
 * functions (`==` equals, `&&` and, `??` coalesce, `?:` if, interpolation format) and its functions are ARM's by
 * name. Each operation is therefore handed to the ARM evaluator (expression/evaluate.ts) as a one-level ARM syntax
 * tree whose operands are "hooks": calls of a user function the evaluator asks this context for, which evaluate the
 * Bicep operand. So every function, its Unknown semantics (never a false positive), its partial knowledge and its
 * budget charges are ARM's own, and only what Bicep adds (identifiers, literals, loops, lambdas) is evaluated here.
 *
 * Parameters (supplied > default; nullable → null; none → unknown) and variables are evaluated lazily, once, and
 * each evaluation records which it read, so findings name where a value came from (ARM-shaped pointers: doc.ts).
 */
import { type Budget, BudgetExceeded, type EvalLimits } from "../budget.js";
import type { Loc } from "../../model/tree.js";
import { escapePointerToken, isUnknown, Unknown, type LambdaValue, type Value } from "../../model/value.js";
import { addReads, EvalError, type Lazy, Scope, settle, TooComplex, tracking, type DeploymentContext, type EvalNote, type SuppliedParam } from "../arm/scope.js";
import { evaluateExpression, ExprError, InvalidTemplateError, TooComplexError, type Ast, type ExprCaches, type ExprContext } from "../arm/expression/index.js";
import { FUNCTIONS } from "../arm/expression/functions/index.js";
import { RUNTIME } from "../arm/expression/evaluate.js";
import type { Decl, Expr, Member, ResourceDecl } from "./ast.js";
import type { BicepDoc } from "./doc.js";
import { MAX_DEPTH } from "./parser.js";
import { CONTENT_FUNCTION, type ContentFiles, loadContent, unknownContent } from "./load-content.js";
import { type RefHost, ResourceRefs } from "./refs.js";
import { type BicepFiles, type Exported, Imports, importSymbols, type ImportSym } from "./imports.js";
import { arrayValue, objectValue } from "./literals.js";

/** Loop and lambda variables in scope, innermost first. */
export interface Bindings {
  readonly name: string;
  readonly value: Value;
  readonly up?: Bindings;
}

/** Parameters a module call or a .bicepparam gives; `unknownRest`: the others are not known either (params not literal). */
export interface Supplied {
  readonly params: ReadonlyMap<string, SuppliedParam>;
  readonly unknownRest?: boolean;
}

type Sym =
  | ({ kind: "param"; decl: Extract<Decl, { kind: "param" }> } & Lazy)
  | ({ kind: "var"; decl: Extract<Decl, { kind: "var" }> } & Lazy)
  | { kind: "resource"; decl: ResourceDecl }
  | { kind: "module" }
  | ImportSym
  | { kind: "func"; decl: Extract<Decl, { kind: "func" }> }
  /** `base` in a .bicepparam that `extends` another: that file's parameter values, not followed here. */
  | { kind: "base" };

/** Bicep operators as ARM functions (`!=`, `!~` are not(...) of these). */
const BINARY: Record<string, string> = {
  "==": "equals",
  "!=": "equals",
  "=~": "equals",
  "!~": "equals",
  "&&": "and",
  "||": "or",
  "??": "coalesce",
  "<": "less",
  "<=": "lessOrEquals",
  ">": "greater",
  ">=": "greaterOrEquals",
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "%": "mod",
};

/**
 * Bicep functions with no ARM counterpart that are not evaluated: they read the environment or a vault, or only
 * check types. The file functions (load*Content) are read by load-content.ts.
 */
const BICEP_ONLY_UNKNOWN = /^(?:readEnvironmentVariable|getSecret|fail|nameof)$/i;

const HOOK = "__bicep";

export class BicepScope implements ExprContext, RefHost {
  readonly symbols = new Map<string, Sym>();
  /** The values of resource symbolic names (`acct.id`, `accts[0].name`, `acct::pool`): refs.ts. */
  private readonly resources: ResourceRefs;
  private readonly arm: Scope;
  private readonly hooks = new Map<string, () => Value>();
  private hookSeq = 0;
  /** The reads of the evaluation in progress (ReadTracker in arm/scope.ts). */
  refs: Loc[] | undefined;
  private depth = 0;
  /** The names imported from other files (imports.ts). */
  private readonly imports: Imports;

  constructor(
    readonly doc: BicepDoc,
    private readonly supplied: Supplied,
    readonly deploy: DeploymentContext,
    readonly budget: Budget,
    readonly caches: ExprCaches | undefined,
    readonly noteTo: (n: EvalNote) => void,
    /** Where load*Content() reads (the file's path and the bounded reader); absent, their values are unknown. */
    private readonly files?: ContentFiles,
    /** The load's reader of imported files; absent, imported names are unknown. */
    importFiles?: BicepFiles,
  ) {
    // The deployment functions (resourceGroup(), subscription() ...) are ARM's: asked of an ARM scope with no template.
    this.arm = new Scope(doc, { type: "object", offset: 0, length: 0 } as never, "", new Map(), deploy, budget.limits, budget, caches, noteTo);
    for (const d of doc.parsed.decls) {
      if (d.kind === "param") {
        this.symbols.set(d.name, { kind: "param", decl: d, state: "pending", origins: [] });
        if (d.value) doc.mark(`/parameters/${escapePointerToken(d.name)}/defaultValue`, d.value, d.nameSpan, d.value.k === "obj" || d.value.k === "arr");
        doc.mark(`/parameters/${escapePointerToken(d.name)}`, d, d.nameSpan);
        if (d.decorators.some((x) => x.k === "call" && x.name === "secure")) doc.secureParameter(d.name, undefined);
      } else if (d.kind === "var") {
        this.symbols.set(d.name, { kind: "var", decl: d, state: "pending", origins: [] });
        doc.mark(`/variables/${escapePointerToken(d.name)}`, d.value, d.nameSpan, d.value.k === "obj" || d.value.k === "arr");
      } else if (d.kind === "resource") this.symbols.set(d.name, { kind: "resource", decl: d });
      else if (d.kind === "module") this.symbols.set(d.name, { kind: "module" });
      else if (d.kind === "func") this.symbols.set(d.name, { kind: "func", decl: d });
      else if (d.kind === "other" && d.keyword === "extends") this.symbols.set("base", { kind: "base" });
      else if (d.kind === "other" && d.keyword === "import") for (const [n, s] of importSymbols(doc, d)) this.symbols.set(n, s);
    }
    this.resources = new ResourceRefs(this, doc.parsed.decls);
    this.imports = new Imports(this, importFiles, files?.absPath);
  }

  get file(): string {
    return this.doc.file;
  }
  get limits(): Required<EvalLimits> {
    return this.budget.limits;
  }

  /** Evaluates an expression, with the parameters and variables it read; `ptr` names a literal's place (provenance). */
  evaluate(x: Expr, b: Bindings | undefined, ptr?: string): { value: Value; origins: Loc[] } {
    return tracking(this, () => this.valueOf(x, b, ptr));
  }
  /** The value of an expression (its parameter and variable reads recorded in `refs` for evaluate()). */
  valueOf(x: Expr, b: Bindings | undefined, ptr?: string): Value {
    if (++this.depth > MAX_DEPTH * 4) {
      this.depth--;
      throw new TooComplex(`too complex: expressions, variables and functions nested more than ${MAX_DEPTH * 4} levels`, this.file, x.o);
    }
    // The hooks made for this node that the ARM evaluator did not call (an `if` branch not taken) go with it.
    const firstHook = this.hookSeq;
    try {
      this.budget.step();
      return this.evalNode(x, b, ptr);
    } catch (e) {
      if (e instanceof BudgetExceeded) throw new TooComplex(e.message, this.file, x.o);
      if (e instanceof RangeError) throw new TooComplex(`too complex to evaluate (${e.message})`, this.file, x.o);
      throw e;
    } finally {
      this.depth--;
      for (let i = firstHook; i < this.hookSeq; i++) this.hooks.delete(String(i));
    }
  }

  private evalNode(x: Expr, b: Bindings | undefined, ptr: string | undefined): Value {
    switch (x.k) {
      case "num":
      case "bool":
        return x.v;
      case "null":
        return null;
      case "str":
        if (x.holes.length === 0) return x.parts[0]!;
        // Bicep compiles interpolation to format(): the same string conversions (true → 'True').
        return this.arm_(x, {
          k: "call",
          name: "format",
          args: [{ k: "str", v: x.parts.map((p) => p.replace(/[{}]/g, "$&$&")).reduce((a, p, i) => `${a}{${i - 1}}${p}`), o: x.o }, ...x.holes.map((h) => this.hook(h, b))],
          o: x.o,
          len: 0,
        });
      case "id":
        return this.identifier(x.name, x, b);
      case "obj":
        return objectValue(this, x, b, ptr);
      case "arr":
        return arrayValue(this, x, b, ptr);
      case "spread":
      case "if":
        throw new EvalError(x.k === "if" ? "'if' is only allowed in a resource or module body" : "a spread is only allowed in an object or array", this.file, x.o);
      case "nonnull":
        return this.valueOf(x.x, b);
      case "call":
        return this.call(x, b);
      case "prop": {
        const ns = this.namespace(x.x, b);
        if (ns) return this.imports.value({ ...ns, name: x.name }, `${(x.x as { name: string }).name}.${x.name}`, x);
        return this.arm_(x, { k: "prop", target: this.hook(x.x, b), name: x.name, safe: x.safe, o: x.o });
      }
      case "index":
        return this.arm_(x, { k: "index", target: this.hook(x.x, b), index: this.hook(x.i, b), safe: x.safe, o: x.o });
      case "child":
        return this.resources.child(this.valueOf(x.x, b), x.name);
      case "un":
        return this.arm_(x, x.op === "!" ? fn("not", x.o, this.hook(x.x, b)) : fn("sub", x.o, { k: "num", v: 0, o: x.o }, this.hook(x.x, b)));
      case "bin": {
        const l = this.hook(x.l, b);
        const r = this.hook(x.r, b);
        const ci = x.op === "=~" || x.op === "!~";
        const core = fn(BINARY[x.op]!, x.o, ci ? fn("toLower", x.o, l) : l, ci ? fn("toLower", x.o, r) : r);
        return this.arm_(x, x.op === "!=" || x.op === "!~" ? fn("not", x.o, core) : core);
      }
      case "tern":
        return this.arm_(x, fn("if", x.o, this.hook(x.c, b), this.hook(x.a, b), this.hook(x.b, b)));
      case "lambda":
        return this.lambda(x.params, x.body, b) as unknown as Value;
      case "for":
        return this.forExpr(x, b);
    }
  }

  /** Evaluates an ARM syntax tree whose operands are hooks; an ARM error becomes an error located at `at`. */
  private arm_(at: Expr, ast: Ast): Value {
    try {
      return evaluateExpression(ast, this);
    } catch (e) {
      if (e instanceof TooComplexError) throw new TooComplex(e.message, this.file, at.o);
      if (e instanceof ExprError) throw new EvalError(e.message, this.file, at.o);
      throw e;
    }
  }

  /** An operand for the ARM evaluator: a call it asks this context for (userFunction), which evaluates `x`. */
  private hook(x: Expr, b: Bindings | undefined): Ast {
    const id = String(this.hookSeq++);
    this.hooks.set(id, () => {
      this.hooks.delete(id);
      return this.valueOf(x, b);
    });
    return { k: "call", ns: HOOK, name: id, args: [], o: x.o, len: 0 };
  }

  private identifier(name: string, at: Expr, b: Bindings | undefined): Value {
    for (let s = b; s; s = s.up) if (s.name === name) return s.value;
    const sym = this.symbols.get(name);
    if (!sym) throw new EvalError(`'${name}' is not declared`, this.file, at.o);
    switch (sym.kind) {
      case "param":
      case "var":
        return this.lazy(sym);
      case "resource":
        return this.resourceRef(sym.decl);
      case "module":
        return new Unknown(`module '${name}': its outputs are only known after deployment`);
      case "imported":
        return this.imports.value(sym, name, at);
      case "func":
        throw new EvalError(`'${name}' is a function: call it`, this.file, at.o);
      case "base":
        return new Unknown("`base`: the values of the parameters file this one extends are not read here");
    }
  }

  /** `ns` of `ns.x` when it names a wildcard import that no loop or lambda variable hides. */
  private namespace(x: Expr, b: Bindings | undefined): ImportSym | undefined {
    if (x.k !== "id") return undefined;
    for (let s = b; s; s = s.up) if (s.name === x.name) return undefined;
    const sym = this.symbols.get(x.name);
    return sym?.kind === "imported" && sym.ref && sym.name === undefined ? sym : undefined;
  }

  /** An exported variable's value and its origins here (imports.ts reads it for the file that imports it). */
  exportedVariable(name: string): Exported | undefined {
    const sym = this.symbols.get(name);
    if (sym?.kind !== "var") return undefined;
    const value = this.lazy(sym);
    return { value, origins: sym.origins };
  }

  /** A call of this file's function `name` from a file that imports it; `at` is the call, in `file`. */
  callExported(name: string, args: Value[], file: string, at: Expr): Value {
    const sym = this.symbols.get(name);
    if (sym?.kind !== "func") return new Unknown(`${name}() is not a function of ${this.file}`);
    return this.callFunction(sym.decl, args, file, at);
  }

  private callFunction(decl: Extract<Decl, { kind: "func" }>, args: Value[], file: string, at: Expr): Value {
    if (args.length !== decl.params.length) throw new EvalError(`${decl.name}() takes ${decl.params.length} argument(s), got ${args.length}`, file, at.o);
    let scope: Bindings | undefined;
    for (const [i, p] of decl.params.entries()) scope = { name: p, value: args[i] ?? null, up: scope };
    // A function sees only its parameters (and the file's other functions): its body, one level deeper.
    return this.budget.deeper(() => this.valueOf(decl.body, scope));
  }

  /** A resource's symbolic name as a value: what is known without deploying it (refs.ts). */
  resourceRef(decl: ResourceDecl): Value {
    return this.resources.of(decl);
  }

  resourceId(type: string, names: readonly string[], at: Expr): Value {
    try {
      return this.arm_(at, fn("resourceId", at.o, this.constant(type, at.o), ...names.map((n) => this.constant(n, at.o))));
    } catch (e) {
      // A name whose segments do not fit the type: the compiler would refuse it; here the id is only not known.
      if (e instanceof EvalError && !(e instanceof TooComplex)) return new Unknown(`resourceId(): ${e.message}`);
      throw e;
    }
  }

  instances(n: number, at: Expr): void {
    if (n > this.limits.maxCopy) throw new EvalError(`a loop of ${n} instances exceeds the limit of ${this.limits.maxCopy}`, this.file, at.o);
    this.budget.array(n);
  }

  private lazy(sym: Extract<Sym, { kind: "param" | "var" }>): Value {
    const name = sym.decl.name;
    if (sym.state === "evaluating") throw new EvalError(`'${name}' refers to itself`, this.file, sym.decl.o);
    const value = settle(sym, this.budget, () => (sym.kind === "param" ? this.parameterValue(sym.decl) : this.variableValue(sym.decl)));
    addReads(this, sym.origins);
    return value;
  }

  private parameterValue(d: Extract<Decl, { kind: "param" }>): { value: Value; origins: Loc[] } {
    const given = this.supplied.params.get(d.name.toLowerCase());
    if (given) return { value: given.value, origins: given.origin ? [given.origin] : [] };
    if (this.supplied.unknownRest) return { value: new Unknown(`parameter '${d.name}': the values passed are not known`), origins: [] };
    if (d.value) {
      const ptr = `/parameters/${escapePointerToken(d.name)}/defaultValue`;
      const r = this.evaluate(d.value, undefined, ptr);
      return { value: r.value, origins: [{ file: this.file, pointer: ptr }, ...r.origins] };
    }
    return { value: d.nullable ? null : new Unknown(`parameter '${d.name}' has no value`), origins: [] };
  }

  private variableValue(d: Extract<Decl, { kind: "var" }>): { value: Value; origins: Loc[] } {
    const ptr = `/variables/${escapePointerToken(d.name)}`;
    const r = this.evaluate(d.value, undefined, ptr);
    return { value: r.value, origins: [{ file: this.file, pointer: ptr }, ...r.origins] };
  }

  /**
   * A member's name: an interpolated key evaluated (always a string: interpolation is format()); unknown, the key as
   * written in brackets (ast.ts), as ARM keeps an expression key it does not evaluate.
   */
  memberKey(m: Extract<Member, { m: "prop" }>, b: Bindings | undefined): string {
    if (!m.keyExpr) return m.key;
    const k = this.valueOf(m.keyExpr, b);
    return typeof k === "string" ? k : m.key;
  }

  private call(x: Extract<Expr, { k: "call" }>, b: Bindings | undefined): Value {
    const ns = x.ns;
    const imported = ns === undefined ? undefined : this.namespace({ k: "id", name: ns, o: x.o, e: x.o }, b);
    const user = imported ?? (ns === undefined ? this.symbols.get(x.name) : undefined);
    if (user?.kind === "func" || (user?.kind === "imported" && (imported || user.name !== undefined))) {
      const args = x.args.map((a) => this.valueOf(a, b));
      if (user.kind === "func") return this.callFunction(user.decl, args, this.file, x);
      return this.imports.call(user, imported ? x.name : user.name!, imported ? `${ns}.${x.name}` : x.name, args, x);
    }
    if (ns !== undefined && ns !== "az" && ns !== "sys") {
      for (const a of x.args) this.valueOf(a, b);
      return new Unknown(`${ns}.${x.name}() is only known at deployment time`);
    }
    if (x.name === "any" && x.args.length === 1) return this.valueOf(x.args[0]!, b);
    if (CONTENT_FUNCTION.test(x.name)) return this.content(x, b);
    const lower = x.name.toLowerCase();
    if (BICEP_ONLY_UNKNOWN.test(x.name) || (!FUNCTIONS[lower] && !RUNTIME.has(lower) && !lower.startsWith("list"))) {
      this.noteTo({ pointer: `#offset:${x.o}:${x.e - x.o}`, message: `${x.name}() is not evaluated by batchlint; its value is unknown`, file: this.file });
      return new Unknown(`${x.name}() is not evaluated`);
    }
    return this.arm_(x, { k: "call", name: x.name, args: x.args.map((a) => this.hook(a, b)), o: x.o, len: x.name.length });
  }

  /** A load*Content() call: the file's content, or unknown with a note saying why (load-content.ts). */
  private content(x: Extract<Expr, { k: "call" }>, b: Bindings | undefined): Value {
    const args = x.args.map((a) => this.valueOf(a, b));
    const parseJson = (text: string): Value => this.arm_(x, fn("json", x.o, this.constant(text, x.o)));
    const r = loadContent(x.name, args, this.files, this.budget, parseJson);
    if ("value" in r) return r.value;
    this.noteTo({ pointer: `#offset:${x.o}:${x.e - x.o}`, message: `${x.name}(): ${r.unknown}; its value is unknown`, file: this.file });
    return unknownContent(x.name, r.unknown);
  }

  /** An operand for the ARM evaluator that is a value already known. */
  private constant(v: Value, o: number): Ast {
    const id = String(this.hookSeq++);
    this.hooks.set(id, () => v);
    return { k: "call", ns: HOOK, name: id, args: [], o, len: 0 };
  }

  private lambda(params: readonly string[], body: Expr, b: Bindings | undefined): LambdaValue {
    return {
      kind: "lambda",
      params,
      call: (vals) => {
        this.budget.step(5);
        let scope = b;
        for (const [i, p] of params.entries()) scope = { name: p, value: vals[i] ?? null, up: scope };
        return this.valueOf(body, scope);
      },
    };
  }

  private forExpr(x: Extract<Expr, { k: "for" }>, b: Bindings | undefined): Value {
    const src = this.valueOf(x.src, b);
    if (isUnknown(src)) return new Unknown(`a loop over an unknown value (${src.reason})`);
    if (!Array.isArray(src)) throw new EvalError("a loop needs an array", this.file, x.src.o);
    this.budget.array(src.length);
    const out: Value[] = [];
    for (const [i, item] of src.entries()) {
      let scope: Bindings = { name: x.item, value: item, up: b };
      if (x.index) scope = { name: x.index, value: i, up: scope };
      let body = x.body;
      if (body.k === "if") {
        const c = this.valueOf(body.cond, scope);
        if (isUnknown(c)) return new Unknown(`a loop whose condition is unknown (${c.reason})`);
        if (c !== true) continue;
        body = body.body;
      }
      out.push(this.valueOf(body, scope));
    }
    return out;
  }

  // ---- ExprContext (asked by the ARM evaluator) ----

  userFunction(namespace: string, name: string): { params: string[]; output: (args: Value[]) => Value } | undefined {
    const hook = namespace === HOOK ? this.hooks.get(name) : undefined;
    return hook ? { params: [], output: hook } : undefined;
  }
  parameter(name: string): Value {
    const s = this.symbols.get(name);
    if (s?.kind !== "param") throw new InvalidTemplateError(`parameter '${name}' is not declared`, 0);
    return this.lazy(s);
  }
  variable(name: string): Value {
    const s = this.symbols.get(name);
    if (s?.kind !== "var") throw new InvalidTemplateError(`variable '${name}' is not declared`, 0);
    return this.lazy(s);
  }
  copyIndex(): number | Unknown {
    throw new InvalidTemplateError("copyIndex() does not exist in Bicep: loops name their index", 0);
  }
  resourceGroup(): Value {
    return this.arm.resourceGroup();
  }
  subscription(): Value {
    return this.arm.subscription();
  }
  deployment(): Value {
    return this.arm.deployment();
  }
  environment(): Value {
    return this.arm.environment();
  }
  tenant(): Value {
    return this.arm.tenant();
  }
  managementGroup(): Value {
    return this.arm.managementGroup();
  }
  unevaluable(message: string): void {
    this.noteTo({ pointer: "", message: `cannot be evaluated, its value is unknown: ${message}`, file: this.file });
  }
}

function fn(name: string, o: number, ...args: Ast[]): Ast {
  return { k: "call", name, args, o, len: 0 };
}
