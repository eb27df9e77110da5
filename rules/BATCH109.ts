import { BATCH_POOL, defineRule } from "../src/rule.js";

const OPEN_SOURCES = new Set(["*", "internet", "0.0.0.0/0", "0.0.0.0", "any"]);

export default defineRule({
  meta: {
    id: "BATCH109",
    name: "remote-access-open",
    title: "SSH or RDP to pool nodes is open to the internet",
    severity: "warning",
    tags: ["network", "security"],
    resourceTypes: [BATCH_POOL],
    precision: "high",
    securitySeverity: 7.0,
    docs: {
      summary: "Inbound NAT pools for SSH (22) or RDP (3389) must restrict the source with network security group rules.",
      rationale:
        "The Batch security best practices say to limit remote access to pool nodes. An inbound NAT pool whose backend port " +
        "is 22 or 3389 with no `networkSecurityGroupRules`, or with an `Allow` rule from `*`, `Internet` or `0.0.0.0/0`, " +
        "exposes every node's SSH or RDP to the internet.",
      remediation:
        'Add `networkSecurityGroupRules` to the NAT pool: an `Allow` rule from your administrative range with a low priority number, and a `Deny` rule from `*`; or remove the NAT pool and use Azure Bastion.',
      references: ["https://learn.microsoft.com/azure/batch/pool-endpoint-configuration", "https://learn.microsoft.com/azure/batch/security-best-practices"],
    },
    messages: {
      noRules: "Inbound NAT pool '{{name}}' exposes port {{port}} with no network security group rules.",
      openRule: "Network security group rule allows port {{port}} from '{{source}}'.",
    },
  },
  check(pool, ctx) {
    for (const nat of pool.get("properties.networkConfiguration.endpointConfiguration.inboundNatPools").items()) {
      const port = nat.get("backendPort").num();
      if (port !== 22 && port !== 3389) continue;
      const rules = nat.get("networkSecurityGroupRules");
      if (rules.unknown || rules.items().some((r) => r.unknown)) continue;
      if (rules.missing || (rules.isArray && rules.size === 0)) {
        ctx.report({ messageId: "noRules", at: nat.get("backendPort"), data: { name: nat.get("name").str() ?? "(unnamed)", port } });
        continue;
      }
      // NSG rules are evaluated by priority (lower first); the first rule matching "any source" decides.
      const sorted = [...rules.items()].sort((a, b) => (a.get("priority").num() ?? 0) - (b.get("priority").num() ?? 0));
      const firstOpen = sorted.find((r) => OPEN_SOURCES.has((r.get("sourceAddressPrefix").str() ?? "").toLowerCase()));
      if (firstOpen && firstOpen.get("access").is("Allow")) {
        ctx.report({ messageId: "openRule", at: firstOpen.get("sourceAddressPrefix"), data: { port, source: firstOpen.get("sourceAddressPrefix").str()! } });
      }
    }
  },
});
