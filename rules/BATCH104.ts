import { BATCH_POOL, defineRule } from "../src/rule.js";

export default defineRule({
  meta: {
    id: "BATCH104",
    name: "temp-disk-unencrypted",
    title: "Pool temporary disks should be encrypted",
    severity: "warning",
    tags: ["encryption", "security"],
    resourceTypes: [BATCH_POOL],
    precision: "high",
    securitySeverity: 4.0,
    docs: {
      summary: "Encrypt the nodes' temporary disk: list `TemporaryDisk` in `diskEncryptionConfiguration.targets` or enable encryption at host.",
      rationale:
        "Azure Policy 1760f9d4 (Azure Batch pools should have disk encryption enabled) requires `TemporaryDisk` among the " +
        "disk encryption targets. Task data, resource files and outputs land on the temporary disk. Microsoft's best practices " +
        "accept encryption at host (`securityProfile.encryptionAtHost: true`) as an alternative, so that is not reported.",
      remediation: 'Add `"diskEncryptionConfiguration": { "targets": ["OsDisk", "TemporaryDisk"] }` to `virtualMachineConfiguration`, or set `securityProfile.encryptionAtHost` to true.',
      references: ["https://learn.microsoft.com/azure/batch/disk-encryption", "https://learn.microsoft.com/azure/batch/security-best-practices", "https://learn.microsoft.com/azure/batch/policy-reference"],
    },
    messages: { unencrypted: "The temporary disk is not encrypted: diskEncryptionConfiguration.targets {{what}} and encryption at host is not enabled." },
  },
  check(pool, ctx) {
    const vmc = pool.get("properties.deploymentConfiguration.virtualMachineConfiguration");
    if (!vmc.isObject) return;
    const host = vmc.get("securityProfile.encryptionAtHost");
    if (host.unknown || host.bool() === true) return;
    const targets = vmc.get("diskEncryptionConfiguration.targets");
    if (targets.unknown || targets.items().some((t) => t.unknown || t.is("TemporaryDisk"))) return;
    ctx.report({ messageId: "unencrypted", at: targets, atKey: !targets.missing, data: { what: targets.missing ? "is not set" : "lacks TemporaryDisk" } });
  },
});
