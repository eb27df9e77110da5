/**
 * The two hashes of the string functions, computed as ARM computes them so that a name built from them (a storage
 * account `concat('st', uniqueString(resourceGroup().id))`, a role assignment `guid(...)`) is the deployed name.
 *
 * uniqueString: the arguments joined with '-', UTF-8, hashed by the 64-bit MurmurHash variant of
 * Azure.Deployments.Core (two 32-bit lanes, MurmurHash3 x86 constants and mixing), written as 13 base32 characters
 * (a-z, 2-7) from the top of the hash down. Ported from Microsoft's own open-source port, Azure/terraform-provider-azapi
 * internal/services/functions/unique_string_function.go (the `unique_string` function), first version, whose tail
 * conversion is a plain two's-complement reinterpretation like the C# original.
 *
 * guid: a name-based (version 5, SHA-1) UUID of RFC 4122 §4.3 over the arguments joined with '-', in the namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830 (the "GuidUtility with some modifications" of the reference's remarks; the
 * namespace and the '-' join are those of the public re-implementations).
 */
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export function uniqueString(parts: readonly string[]): string {
  const [high, low] = murmurHash64(Buffer.from(parts.join("-"), "utf8"));
  // 13 characters of 5 bits each, the first from the hash's top 5 bits (65 bits: the last takes 4 bits and a 0).
  let hash = (BigInt(high) << 32n) | BigInt(low);
  let out = "";
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number(hash >> 59n)];
    hash = (hash << 5n) & 0xffff_ffff_ffff_ffffn;
  }
  return out;
}

/** The hash as [high, low] unsigned 32-bit halves. */
function murmurHash64(data: Uint8Array): [number, number] {
  const c1 = 0x239b961b;
  const c2 = 0xab0e9789;
  const n = data.length;
  let h1 = 0;
  let h2 = 0;
  const word = (at: number, len: number): number => {
    let w = 0;
    for (let k = 0; k < len; k++) w |= data[at + k]! << (8 * k);
    return w;
  };
  let i = 0;
  for (; i + 7 < n; i += 8) {
    let k1 = word(i, 4);
    let k2 = word(i + 4, 4);
    k1 = Math.imul(rotl(Math.imul(k1, c1), 15), c2);
    h1 = (Math.imul(rotl(h1 ^ k1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, c2), 17), c1);
    h2 = (Math.imul(rotl(h2 ^ k2, 13) + h1, 5) + 0x0bcaa747) | 0;
  }
  const tail = n - i;
  if (tail > 0) {
    h1 ^= Math.imul(rotl(Math.imul(word(i, Math.min(tail, 4)), c1), 15), c2);
    if (tail > 4) h2 ^= Math.imul(rotl(Math.imul(word(i + 4, tail - 4), c2), 17), c1);
  }
  h1 ^= n;
  h2 ^= n;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  return [h2 >>> 0, h1 >>> 0];
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The namespace of ARM's guid(), in network byte order (hex: a Buffer is mutable, so one is made per call). */
const GUID_NAMESPACE = "11fb06fb712d4ddd98c7e71bbd588830";

export function guid(parts: readonly string[]): string {
  // node:crypto is loaded on the first guid(), not with the bundle: it costs a few ms of every run's start (docs/performance.md).
  const hash = process.getBuiltinModule("node:crypto").createHash("sha1").update(Buffer.from(GUID_NAMESPACE, "hex")).update(parts.join("-"), "utf8").digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80; // the RFC 4122 variant
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
