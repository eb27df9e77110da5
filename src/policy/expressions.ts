/**
 * Values of a policy rule: literals, and expression strings ("[parameters('x')]") evaluated by the ARM expression
 * engine (input/arm/expression), which policy rules share (learn.microsoft.com/azure/governance/policy/concepts/
 * definition-structure-policy-rule, "Policy functions"). The policy functions are given to it by rewriting the syntax
 * tree: `field(x)` and `current(x)` become `parameters(concat('\0field:', x))` and the like, which the context
 * answers, so the engine needs no change. Functions known only when Azure evaluates a request (`requestContext()`,
 * `policy()`, `utcNow()`, `resourceGroup()`, `subscription()` ...) are Unknown; so is anything that cannot be
 * evaluated (never a guess).
 */
import { Unknown, newObject, type Value } from "../model/value.js";
import { PolicyAliasError, PolicyRuleError } from "./types.js";
import { evaluateExpression, isExpression, parseExpression, unescapeLiteral, type Ast, type ExprContext } from "../input/arm/expression/index.js";

/** What the policy functions read: field(), current() and parameters(). */
export interface PolicyFunctions {
  field(name: string): Value;
  current(name: string | undefined): Value;
  parameter(name: string): Value;
}

const FIELD = "\u0000field:";
const CURRENT = "\u0000current:";
const RUNTIME = "\u0000runtime:";
/** Policy functions whose value Azure knows only while evaluating a request. */
const AT_EVALUATION: ReadonlySet<string> = new Set(["requestcontext", "policy", "adddays", "iprangecontains"]);

/** A value of the rule (a condition's operand, a `value`, a count's `value`) as evaluated: strings in arrays and objects too. */
export function evaluateValue(raw: unknown, fns: PolicyFunctions, depth = 0): Value {
  if (depth > 100) return new Unknown("value nested too deeply");
  if (typeof raw === "string") return isExpression(raw) ? evaluateString(raw, fns) : unescapeLiteral(raw);
  if (Array.isArray(raw)) return raw.map((x) => evaluateValue(x, fns, depth + 1));
  if (raw !== null && typeof raw === "object") {
    const out = newObject();
    for (const [k, v] of Object.entries(raw)) out[k] = evaluateValue(v, fns, depth + 1);
    return out;
  }
  if (raw === undefined) return null;
  return raw as Value;
}

function evaluateString(text: string, fns: PolicyFunctions): Value {
  try {
    return evaluateExpression(rewrite(parseExpression(text)), context(fns));
  } catch (e) {
    // A configuration error (an alias not in the table, a rule not well formed) is the caller's to report.
    if (e instanceof PolicyAliasError || e instanceof PolicyRuleError) throw e;
    return new Unknown(`cannot evaluate ${text}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const str = (v: string, o: number): Ast => ({ k: "str", v, o });

/** The tree with the policy functions made calls of parameters() (see the module's comment). */
function rewrite(a: Ast): Ast {
  switch (a.k) {
    case "str":
    case "num":
      return a;
    case "prop":
      return { ...a, target: rewrite(a.target) };
    case "index":
      return { ...a, target: rewrite(a.target), index: rewrite(a.index) };
    case "call": {
      const args = a.args.map(rewrite);
      if (a.ns === undefined) {
        const name = a.name.toLowerCase();
        const marker = name === "field" ? FIELD : name === "current" ? CURRENT : AT_EVALUATION.has(name) ? `${RUNTIME}${a.name}` : undefined;
        if (marker !== undefined) {
          const inner: Ast = marker.startsWith(RUNTIME) || args.length === 0 ? str(marker, a.o) : { k: "call", name: "concat", args: [str(marker, a.o), ...args.slice(0, 1)], o: a.o, len: a.len };
          return { k: "call", name: "parameters", args: [inner], o: a.o, len: a.len };
        }
      }
      return { ...a, args };
    }
  }
}

function context(fns: PolicyFunctions): ExprContext {
  const notHere = (what: string) => () => new Unknown(`${what} is known only when Azure Policy evaluates a request`);
  return {
    parameter(name) {
      if (name.startsWith(FIELD)) return fns.field(name.slice(FIELD.length));
      if (name.startsWith(CURRENT)) return fns.current(name.length > CURRENT.length ? name.slice(CURRENT.length) : undefined);
      if (name.startsWith(RUNTIME)) return new Unknown(`${name.slice(RUNTIME.length)}() is known only when Azure Policy evaluates a request`);
      return fns.parameter(name);
    },
    variable: (name) => new Unknown(`variables('${name}'): policy rules have no variables`),
    copyIndex: () => new Unknown("copyIndex() is not available in policy rules"),
    userFunction: () => undefined,
    resourceGroup: notHere("resourceGroup()"),
    subscription: notHere("subscription()"),
    deployment: notHere("deployment()"),
    environment: notHere("environment()"),
    tenant: notHere("tenant()"),
    managementGroup: notHere("managementGroup()"),
  };
}

/** A JSON value given by the caller (a parameter's value or default) as a Value. */
export function toValue(raw: unknown): Value {
  if (raw === undefined) return null;
  if (raw instanceof Unknown) return raw;
  if (Array.isArray(raw)) return raw.map(toValue);
  if (raw !== null && typeof raw === "object") {
    const out = newObject();
    for (const [k, v] of Object.entries(raw as object)) out[k] = toValue(v);
    return out;
  }
  return raw as Value;
}
