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
      remediation: "Add `networkSecurityGroupRules` to the NAT pool: an `Allow` rule from your administrative range with a low priority number, and a `Deny` rule from `*`; or remove the NAT pool and use Azure Bastion.",
      references: ["https://learn.microsoft.com/azure/batch/pool-endpoint-configuration", "https://learn.microsoft.com/azure/batch/security-best-practices"],
    },
    messages: {
      noRules: "Inbound NAT pool '{{name}}' exposes port {{port}} with no network security group rules.",
      openRule: "Inbound NAT pool '{{name}}' has a network security group rule allowing port {{port}} from '{{source}}'.",
    },
  },
  check(pool, ctx) {
    for (const nat of pool.get("properties.networkConfiguration.endpointConfiguration.inboundNatPools").items()) {
      const backendPort = nat.get("backendPort");
      const port = backendPort.num();
      if (port !== 22 && port !== 3389) continue;
      const name = nat.get("name").str() ?? "(unnamed)";
      const rules = nat.get("networkSecurityGroupRules");
      if (rules.unknown) continue;
      if (rules.missing || (rules.isArray && rules.size === 0)) {
        // Without rules Batch creates a default rule allowing inbound access to the backend port from anywhere.
        ctx.report({ messageId: "noRules", at: rules, atKey: rules.isArray, related: [{ at: backendPort, message: "backendPort is set here" }], data: { name, port } });
        continue;
      }
      const items = rules.items();
      if (items.some((r) => r.unknown)) continue;
      const prefix = (r: (typeof items)[number]) => r.get("sourceAddressPrefix");
      const isOpen = (r: (typeof items)[number]) => OPEN_SOURCES.has((prefix(r).str() ?? "").toLowerCase());
      // NSG rules are evaluated by priority (lower number first): the first rule matching any source decides.
      const open = items.filter(isOpen);
      if (open.some((r) => r.get("priority").unknown)) continue;
      const firstOpen = open.sort((a, b) => (a.get("priority").num() ?? Infinity) - (b.get("priority").num() ?? Infinity))[0];
      if (!firstOpen?.get("access").is("Allow")) continue;
      // A rule we cannot read that might come first and deny every source makes the outcome unknown.
      const at = firstOpen.get("priority").num() ?? Infinity;
      const mayDenyFirst = items.some((r) => {
        if (r === firstOpen || !prefix(r).unknown) return false;
        const p = r.get("priority");
        const access = r.get("access");
        return (p.unknown || (p.num() ?? Infinity) < at) && (access.unknown || access.is("Deny"));
      });
      if (mayDenyFirst) continue;
      const source = prefix(firstOpen);
      ctx.report({ messageId: "openRule", at: source, related: [{ at: backendPort, message: "backendPort is set here" }], data: { name, port, source: source.str()! } });
    }
  },
});
