import { BATCH_POOL, defineRule, findEmbeddedSecrets, isExpression, splitPointer, type EmbeddedSecret, type Loc, type Prop, type RuleContext } from "../src/rule.js";

/** Paths (relative to the pool's properties) of secret-bearing fields; `[]` walks every array element. */
const SECRET_FIELDS = [
  "userAccounts[].password",
  "mountConfiguration[].azureBlobFileSystemConfiguration.accountKey",
  "mountConfiguration[].azureBlobFileSystemConfiguration.sasKey",
  "mountConfiguration[].azureFileShareConfiguration.accountKey",
  "mountConfiguration[].cifsMountConfiguration.password",
  "deploymentConfiguration.virtualMachineConfiguration.containerConfiguration.containerRegistries[].password",
  "startTask.containerSettings.registry.password",
];

/**
 * Free-text fields a secret is often pasted into: the start task's command line and container options, its
 * environment, and its resource-file URLs (a pool has no other task-level settings in the Batch schema). They are
 * searched for SAS signatures, storage account keys and connection strings (see `findEmbeddedSecrets`).
 */
const TEXT_FIELDS = [
  "startTask.commandLine",
  "startTask.containerSettings.containerRunOptions",
  "startTask.environmentSettings[].value",
  "startTask.resourceFiles[].httpUrl",
  "startTask.resourceFiles[].storageContainerUrl",
  "startTask.resourceFiles[].autoStorageContainerName",
];

const SECURE_TYPE = /^secure(?:string|object)$/i;

/** A field path in steps: each a dotted path read in one go, then (`arr`) every element of the array found. */
type Steps = readonly { readonly path: string; readonly arr: boolean }[];

function steps(path: string): Steps {
  const parts = path.split("[]");
  return parts.flatMap((part, i) => {
    const p = part.replace(/^\./, "");
    return p === "" ? [] : [{ path: p, arr: i < parts.length - 1 }];
  });
}

/** The values at a field path; missing ones left out (most pools set few of these fields). */
function resolve(root: Prop, path: Steps): Prop[] {
  let cur: Prop[] = [root];
  for (const step of path) {
    const next: Prop[] = [];
    for (const p of cur) {
      const v = p.get(step.path);
      if (step.arr) for (const item of v.items()) next.push(item);
      else if (!v.missing) next.push(v);
    }
    if (next.length === 0) return next;
    cur = next;
  }
  return cur;
}

/** Each secret field's steps and the kind of secret it holds, by its name (`sasKey`, `accountKey`, `password`). */
const SECRET_STEPS = SECRET_FIELDS.map((f) => {
  const last = f.split(".").pop()!;
  return { path: steps(f), kind: /sas/i.test(last) ? "SAS token" : /key/i.test(last) ? "account key" : "password" };
});
const TEXT_STEPS = TEXT_FIELDS.map(steps);

/** "SAS token", "SAS token and storage account key": each kind once, in the order written. */
function kindsText(found: readonly EmbeddedSecret[]): string {
  const kinds = [...new Set(found.map((f) => f.kind))];
  return kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(", ")} and ${kinds[kinds.length - 1]}`;
}

/** The value written at a place of the linted template, as written (expressions unevaluated); undefined elsewhere. */
function written(at: Loc, ctx: RuleContext): Prop | undefined {
  const root = ctx.document.template?.root;
  if (!root || at.file !== ctx.document.file) return undefined;
  let p = root;
  for (const seg of splitPointer(at.pointer)) p = p.child(p.isArray && /^\d+$/.test(seg) ? Number(seg) : seg);
  return p.missing ? undefined : p;
}

/** Every string inside a written value. */
function strings(p: Prop): string[] {
  const s = p.str();
  if (s !== undefined) return [s];
  return (p.isArray ? p.items() : p.entries().map(([, v]) => v)).flatMap(strings);
}

/** A place in this template a computed value came from: how to name it, and the strings written there. */
interface Source {
  readonly text: string;
  readonly strings: readonly string[];
}

/**
 * Where a value an expression computed comes from, when that is written in this template: the default of a plain
 * (not secure) parameter, a variable, or a value a nested deployment passes. A secure parameter's default is
 * BATCH901's finding; parameters files and Key Vault references are outside the template and not reported.
 */

function sourceOf(origin: Loc, ctx: RuleContext): Source | undefined {
  const value = written(origin, ctx);
  if (!value) return undefined;
  const segs = splitPointer(origin.pointer);
  const lower = segs.map((s) => s.toLowerCase());
  for (let i = segs.length - 3; i >= 0; i--) {
    if (lower[i] !== "parameters") continue;
    const name = segs[i + 1]!;
    if (lower[i + 2] === "defaultvalue") {
      const type = written(
        {
          file: origin.file,
          pointer: `/${segs
            .slice(0, i + 2)
            .map(escape)
            .join("/")}/type`,
        },
        ctx,
      )?.str();
      if (type !== undefined && SECURE_TYPE.test(type)) return undefined;
      return { text: `the default value of parameter '${name}'`, strings: strings(value) };
    }
    if (lower[i + 2] === "value") return { text: `the value a nested deployment passes to parameter '${name}'`, strings: strings(value) };
  }
  const v = lower.lastIndexOf("variables");
  if (v >= 0 && segs[v + 1] !== undefined) return { text: `variable '${segs[v + 1]}'`, strings: strings(value) };
  return undefined;
}

function escape(seg: string): string {
  return seg.replace(/~/g, "~0").replace(/\//g, "~1");
}

export default defineRule({
  meta: {
    id: "BATCH112",
    name: "plaintext-secret-in-pool",
    title: "Pool contains a plaintext secret",
    severity: "error",
    tags: ["secrets", "security"],
    resourceTypes: [BATCH_POOL],
    precision: "high",
    securitySeverity: 8.0,
    docs: {
      summary:
        "Passwords, storage account keys, SAS tokens and connection strings must not be written literally in a pool definition: " +
        "not in its secret settings, not in the start task's command line, environment or resource-file URLs, and not " +
        "through the default value of a plain `string` parameter or a variable.",
      rationale:
        "A literal password, account key or SAS token in a template or exported definition ends up in source control, " +
        "deployment history and logs; a start task's command line and environment are also shown to anyone who can read " +
        "the pool. ARM's guidance (arm-ttk, Bicep `use-secure-value-for-secure-inputs`) is to pass such values through " +
        "`secureString` parameters or Key Vault references, and Batch's best practices prefer managed identities " +
        "(`identityReference`) over keys and SAS altogether. Secrets are recognised by the field (`password`, " +
        "`accountKey`, `sasKey`) or by their form: a SAS signature (`sig=`), a storage account key (88 base64 characters " +
        "ending in `==`), `AccountKey=`, `SharedAccessKey=` or `SharedAccessSignature=` in a connection string; " +
        "placeholders (`sig=$SIG`, `AccountKey=<key>`) and URLs without a signature are not. A value computed by an " +
        "expression is reported only when the secret is written literally in this template (inside the expression, in " +
        "a variable, or as the default of a non-secure parameter); a `secureString` parameter's default is BATCH901's " +
        "finding.",
      remediation:
        "Use a managed identity (`identityReference`) where the setting supports it (container registries, resource files, " +
        "blobfuse mounts); otherwise pass the value from a `secureString` parameter backed by a Key Vault reference, and " +
        "never give a secret as a plain `string` parameter's default.",
      references: ["https://learn.microsoft.com/azure/batch/security-best-practices", "https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices"],
    },
    messages: {
      literal: "{{field}} is a literal {{kind}} written in the pool definition.",
      literalFrom: "{{field}} is a literal {{kind}} from {{source}}.",
      embedded: "{{field}} contains a literal {{kind}} written in the pool definition.",
      embeddedFrom: "{{field}} contains a literal {{kind}} from {{source}}.",
    },
  },
  check(pool, ctx) {
    const props = pool.get("properties");
    const field = (p: Prop) => p.path.replace(/^properties\./, "");
    for (const { path, kind } of SECRET_STEPS) {
      for (const p of resolve(props, path)) {
        const s = p.str();
        if (s === undefined || s === "") continue;
        if (!p.evaluated) {
          ctx.report({ messageId: "literal", at: p, data: { field: field(p), kind } });
          continue;
        }
        // `[parameters('pw')]` with a plain string parameter whose default is the password itself.
        for (const o of p.origins) {
          const src = sourceOf(o, ctx);
          if (src?.strings.some((w) => w === s && !isExpression(w))) {
            ctx.report({ messageId: "literalFrom", at: p, data: { field: field(p), kind, source: src.text } });
            break;
          }
        }
      }
    }
    for (const path of TEXT_STEPS) {
      for (const p of resolve(props, path)) {
        const s = p.str();
        if (s === undefined) continue;
        const found = findEmbeddedSecrets(s);
        if (found.length === 0) continue;
        if (!p.evaluated) {
          ctx.report({ messageId: "embedded", at: p, data: { field: field(p), kind: kindsText(found) } });
          continue;
        }
        // Computed: report the secrets written literally in the expression itself, else those of one literal source.
        const inExpression = written(p.at, ctx)?.str();
        const here = inExpression === undefined ? [] : found.filter((f) => inExpression.includes(f.secret));
        if (here.length) {
          ctx.report({ messageId: "embedded", at: p, data: { field: field(p), kind: kindsText(here) } });
          continue;
        }
        for (const o of p.origins) {
          const src = sourceOf(o, ctx);
          const hit = src ? found.filter((f) => src.strings.some((w) => w.includes(f.secret))) : [];
          if (src && hit.length) {
            ctx.report({ messageId: "embeddedFrom", at: p, data: { field: field(p), kind: kindsText(hit), source: src.text } });
            break;
          }
        }
      }
    }
  },
});
