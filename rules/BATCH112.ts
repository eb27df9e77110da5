import { BATCH_POOL, defineRule } from "../src/rule.js";
import type { Prop } from "../src/model/prop.js";

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

function resolve(root: Prop, path: string): Prop[] {
  let cur: Prop[] = [root];
  for (const seg of path.split(".")) {
    const arr = seg.endsWith("[]");
    const name = arr ? seg.slice(0, -2) : seg;
    cur = cur.flatMap((p) => (arr ? p.get(name).items() : [p.get(name)]));
  }
  return cur;
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
      summary: "Passwords, storage account keys and SAS tokens must not be written literally in a pool definition.",
      rationale:
        "A literal password, account key or SAS key in a template or exported definition ends up in source control, " +
        "deployment history and logs. ARM's guidance (arm-ttk, Bicep `use-secure-value-for-secure-inputs`) is to pass such " +
        "values through `secureString` parameters or Key Vault references, and Batch's best practices prefer managed " +
        "identities (`identityReference`) over keys altogether. Values computed by an expression are not reported: they " +
        "come from somewhere else (a secure parameter, a Key Vault reference or listKeys()).",
      remediation: "Use a managed identity (`identityReference`) where the setting supports it; otherwise pass the value from a `secureString` parameter backed by a Key Vault reference.",
      references: ["https://learn.microsoft.com/azure/batch/security-best-practices", "https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices"],
    },
    messages: { literal: "{{field}} is a literal {{kind}} written in the pool definition." },
  },
  check(pool, ctx) {
    const props = pool.get("properties");
    for (const field of SECRET_FIELDS) {
      for (const p of resolve(props, field)) {
        const s = p.str();
        if (s === undefined || s === "" || p.evaluated) continue;
        const last = field.split(".").pop()!;
        const kind = /sas/i.test(last) ? "SAS token" : /key/i.test(last) ? "account key" : "password";
        ctx.report({ messageId: "literal", at: p, data: { field: p.path.replace(/^properties\./, ""), kind } });
      }
    }
  },
});
