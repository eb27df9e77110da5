import { BATCH_POOL, defineRule, type Batch } from "../src/rule.js";

const NO_PUBLIC_IP: NonNullable<Batch.PublicIPAddressConfiguration["provision"]> = "NoPublicIPAddresses";

export default defineRule({
  meta: {
    id: "BATCH107",
    name: "public-ip-on-nodes",
    title: "Pool nodes get public IP addresses",
    severity: "note",
    tags: ["network", "security"],
    resourceTypes: [BATCH_POOL],
    precision: "high",
    docs: {
      summary: "Create pools without public IP addresses (`publicIPAddressConfiguration.provision: NoPublicIPAddresses`).",
      rationale:
        "Microsoft's Batch security best practices recommend pools without public IP addresses so nodes are not reachable " +
        "from the internet. When `publicIPAddressConfiguration` is absent, `provision` defaults to `BatchManaged` and every " +
        "node gets a public IP.",
      remediation:
        'Set `properties.networkConfiguration.publicIPAddressConfiguration.provision` to `"NoPublicIPAddresses"`, use simplified node communication, and provide outbound access (e.g. a NAT gateway on the subnet).',
      references: ["https://learn.microsoft.com/azure/batch/simplified-node-communication-pool-no-public-ip", "https://learn.microsoft.com/azure/batch/security-best-practices"],
    },
    messages: {
      provisioned: "publicIPAddressConfiguration.provision is '{{value}}': nodes get public IP addresses.",
      notSet: "publicIPAddressConfiguration is not set, so nodes get Batch-managed public IP addresses.",
    },
  },
  check(pool, ctx) {
    const net = pool.get("properties.networkConfiguration");
    if (net.unknown) return;
    const provision = net.get("publicIPAddressConfiguration.provision");
    if (provision.missing) ctx.report({ messageId: "notSet", at: provision });
    else if (provision.isNot(NO_PUBLIC_IP)) ctx.report({ messageId: "provisioned", at: provision, data: { value: provision.str() ?? provision.display() } });
  },
});
