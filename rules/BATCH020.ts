import { BATCH_CERTIFICATE, defineRule, named } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH020",
    name: "account-certificates-retired",
    title: "Batch account certificates are retired",
    severity: "error",
    tags: ["retirement", "secrets"],
    resourceTypes: [BATCH_CERTIFICATE],
    precision: "very-high",
    docs: {
      summary: "The Batch account certificates feature (`Microsoft.Batch/batchAccounts/certificates`) was retired on 29 February 2024.",
      rationale:
        "Microsoft retired Batch account certificates, together with pool certificate references and CloudServiceConfiguration " +
        "pools, on 29 February 2024. Certificates can no longer be created, and deployments that include them fail.",
      remediation: "Store certificates in Azure Key Vault and install them on the nodes with the Azure Key Vault VM extension, using a user-assigned managed identity on the pool (see the certificate migration guide).",
      references: ["https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide"],
    },
    messages: {
      retired: "{{certificate}} uses a feature retired on 29 February 2024.",
    },
  },

  check(cert, ctx) {
    ctx.report({ messageId: "retired", at: cert.get("type").missing ? cert.root : cert.get("type"), data: { certificate: named("Batch account certificate", cert, true) } });
  },
});
