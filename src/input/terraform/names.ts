/**
 * The Terraform names of the model's properties, derived from the mapping's own tables (never a second list):
 * ACCOUNT_TABLE's rows (their `tf` and `model` columns; nested blocks, written `a { b, c }`, aligned member by
 * member; a member the provider derives, `keySource: Microsoft.KeyVault`, has no counterpart) with the conversion
 * a row's note states ("true → Enabled, false → Disabled"), and POOL_SPEC flattened (a nested block's members under
 * its path; a value the provider reshapes marked so). `npm run gen` writes them into src/generated/terraform-names.ts
 * (src/tools/gen-terraform.ts), which model/syntax-terraform.ts reads for rule text in Terraform terms and the fixer
 * (fix.ts): the model and the outputs import no input language.
 */
import type { TerraformName } from "../../model/syntax-terraform.js";
import { ACCOUNT_TABLE } from "./mapping/account.js";
import { POOL_SPEC } from "./mapping/pool.js";
import type { Spec } from "./mapping/spec.js";

const ACCOUNT = "microsoft.batch/batchaccounts";
const POOL = "microsoft.batch/batchaccounts/pools";

/** A member of ACCOUNT_TABLE's notation: `a | b { ... }`, `a [{ ... }]`, `a: Value` (a value the provider derives). */
interface NotationItem {
  readonly names: readonly string[];
  readonly children?: readonly NotationItem[];
  readonly derived: boolean;
}

/** Parses a `tf` or `model` column: `identity { type, identity_ids }`, `network_profile { a | b { c, d [{ e }] } }`. */
function parseNotation(s: string): NotationItem[] | undefined {
  const toks = s.match(/[A-Za-z_][\w.]*|[{}[\],|:]|\S+/g) ?? [];
  let i = 0;
  const list = (close: string | undefined): NotationItem[] | undefined => {
    const out: NotationItem[] = [];
    for (;;) {
      const names: string[] = [];
      for (;;) {
        const t = toks[i++];
        if (t === undefined || !/^[A-Za-z_]/.test(t)) return undefined;
        names.push(t);
        if (toks[i] !== "|") break;
        i++;
      }
      let children: NotationItem[] | undefined;
      let derived = false;
      if (toks[i] === "{" || (toks[i] === "[" && toks[i + 1] === "{")) {
        const bracket = toks[i] === "[";
        i += bracket ? 2 : 1;
        children = list("}");
        if (!children) return undefined;
        if (bracket && toks[i++] !== "]") return undefined;
      } else if (toks[i] === ":") {
        derived = true;
        i += 2;
      }
      out.push({ names, children, derived });
      const t = toks[i];
      if (t === ",") {
        i++;
        continue;
      }
      if (t === close) {
        i++;
        return out;
      }
      return undefined;
    }
  };
  return list(undefined);
}

/** The note of a converted boolean: "true → Enabled, false → Disabled" (model value → Terraform value). */
function valuesOf(note: string): Record<string, boolean> | undefined {
  const m = [...note.matchAll(/\b(true|false) → (\w+)/g)];
  return m.length ? Object.fromEntries(m.map((x) => [x[2]!, x[1] === "true"])) : undefined;
}

/** Aligns a `tf` and a `model` notation member by member (derived model members have no counterpart). */
function align(tf: readonly NotationItem[], model: readonly NotationItem[], tfAt: string, modelAt: string, out: TerraformName[], values?: Record<string, boolean>): void {
  const sent = model.filter((m) => !m.derived);
  if (sent.length !== tf.length) return;
  tf.forEach((t, i) => {
    const m = sent[i]!;
    if (t.names.length !== m.names.length) return;
    t.names.forEach((tn, j) => {
      const tfPath = tfAt + tn;
      const modelPath = modelAt + m.names[j]!;
      out.push({ model: modelPath, tf: tfPath, block: t.children !== undefined, ...(values ? { values } : {}) });
      if (t.children && m.children) align(t.children, m.children, `${tfPath}.`, `${modelPath}.`, out);
    });
  });
}

function accountNames(): TerraformName[] {
  const out: TerraformName[] = [];
  for (const row of ACCOUNT_TABLE) {
    const tf = parseNotation(row.tf);
    const model = parseNotation(row.model);
    if (tf && model) align(tf, model, "", "", out, valuesOf(row.note));
  }
  return out;
}

function specNames(spec: Spec, tfAt: string, modelAt: string, out: TerraformName[]): void {
  for (const [tf, rule] of Object.entries(spec)) {
    if (typeof rule === "string") out.push({ model: modelAt + rule, tf: tfAt + tf, block: false });
    else if ("value" in rule) out.push({ model: modelAt + rule.to, tf: tfAt + tf, block: false, shaped: true });
    else {
      out.push({ model: modelAt + rule.to, tf: tfAt + tf, block: true });
      specNames(rule.block, `${tfAt}${tf}.`, `${modelAt}${rule.to}.`, out);
    }
  }
}

function poolNames(): TerraformName[] {
  const out: TerraformName[] = [{ model: "name", tf: "name", block: false }];
  specNames(POOL_SPEC, "", "", out);
  // mapBatchPool maps `identity` with account.ts's mapIdentity: the account table's identity row.
  for (const n of accountNames()) if (n.model === "identity" || n.model.startsWith("identity.")) out.push(n);
  return out;
}

/** The model properties of an ARM resource type (any case) with a Terraform counterpart, from the mapping. */
export function namesOf(resourceType: string): TerraformName[] {
  const t = resourceType.toLowerCase();
  return t === ACCOUNT ? accountNames() : t === POOL ? poolNames() : [];
}

/** Every resource type the mapping has names for (lower case), for the generated table. */
export const NAMED_TYPES: readonly string[] = [ACCOUNT, POOL];
