import { BATCH_ACCOUNT, defineRule } from "../src/rule.js";

/** Parses "a.b.c.d" or "a.b.c.d/n" into [address as uint32, prefix]; undefined when invalid. */
export function parseIpv4Cidr(s: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(s.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255) || m.slice(1, 5).some((o) => o.length > 1 && o.startsWith("0"))) return undefined;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return undefined;
  return [((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0, prefix];
}

const PRIVATE: [number, number][] = [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["100.64.0.0", 10],
].map(([a, p]) => [parseIpv4Cidr(a as string)![0], p as number]);

function within(addr: number, prefix: number, [net, netPrefix]: [number, number]): boolean {
  if (prefix < netPrefix) return false;
  const mask = netPrefix === 0 ? 0 : (0xffffffff << (32 - netPrefix)) >>> 0;
  return (addr & mask) >>> 0 === (net & mask) >>> 0;
}

/** Where IP rules are, and how messages name them (constants: the rule runs for every account of an audit). */
const IP_RULES = ["accountAccess", "nodeManagementAccess"].map((where) => [`properties.networkProfile.${where}.ipRules`, `networkProfile.${where}.ipRules`] as const);

export default defineRule({
  meta: {
    id: "BATCH007",
    name: "ip-rule-invalid",
    title: "IP rules must be valid, specific public IPv4 ranges",
    severity: "warning",
    tags: ["network", "security", "correctness"],
    resourceTypes: [BATCH_ACCOUNT],
    precision: "very-high",
    docs: {
      summary: "Each `ipRules[].value` in `networkProfile` must be a public IPv4 address or CIDR range that is not broader than /8.",
      rationale:
        "The REST reference defines an IP rule value as an IPv4 address or an IPv4 address range in CIDR format. A value " +
        "that is not one is rejected or never matches. `0.0.0.0/0` or a prefix shorter than /8 opens the endpoint to most of " +
        "the internet while looking restrictive. The public endpoint only ever sees public source addresses, so rules for " +
        "private (RFC 1918), loopback, link-local or shared (RFC 6598) ranges never match anything.",
      remediation: "List the public egress addresses or ranges of your clients (for example `203.0.113.0/24`); reach the account from private networks through a private endpoint.",
      references: ["https://learn.microsoft.com/rest/api/batchmanagement/batch-account/create", "https://learn.microsoft.com/azure/batch/public-network-access"],
    },
    messages: {
      invalid: "'{{value}}' in {{where}} is not a valid IPv4 address or CIDR range.",
      tooBroad: "'{{value}}' in {{where}} allows a /{{prefix}} range: far too broad for an IP rule.",
      private: "'{{value}}' in {{where}} is a private or reserved range; the public endpoint never sees such addresses.",
    },
  },

  check(account, ctx) {
    for (const [path, w] of IP_RULES) {
      for (const rule of account.get(path).items()) {
        const value = rule.get("value");
        const s = value.str();
        if (s === undefined) continue;
        const parsed = parseIpv4Cidr(s);
        if (!parsed) ctx.report({ messageId: "invalid", at: value, data: { value: s, where: w } });
        else if (parsed[1] < 8) ctx.report({ messageId: "tooBroad", at: value, data: { value: s, where: w, prefix: parsed[1] } });
        else if (PRIVATE.some((net) => within(parsed[0], parsed[1], net))) ctx.report({ messageId: "private", at: value, data: { value: s, where: w } });
      }
    }
  },
});
