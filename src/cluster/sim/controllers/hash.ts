/**
 * The hashes controllers put in names and labels: `pod-template-hash` (Deployments) and
 * `controller-revision-hash` (StatefulSets, DaemonSets). Kubernetes hashes a go-spew dump of the
 * template with FNV-32a, appends the collision count as 4 little-endian bytes, and writes the
 * decimal value through `rand.SafeEncodeString`. Ferry hashes canonical JSON instead of the spew
 * dump (values differ from a real cluster's, which nothing compares) and keeps the rest, so the
 * labels look alike (`5d4b8c9f67`: only the characters 4-9, b, c, d, f) and are deterministic.
 */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so equal objects hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** FNV-1a, 32 bits, over bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** `rand.SafeEncodeString`: every character mapped through the alphabet by its code. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

const encoder = new TextEncoder();

/** `controller.ComputeHash(template, collisionCount)`. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let hash = fnv32a(encoder.encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(count, hash);
  }
  return safeEncode(String(hash));
}

/** A random `generateName`-style suffix of `length` characters from the safe alphabet. */
export function randomSuffix(random: () => number, length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[Math.floor(random() * SAFE_ALPHABET.length)];
  return out;
}

/** 64 hex digits derived from `text` (fake image digests and container ids, stable per input). */
export function hexDigest(text: string): string {
  let out = '';
  let seed = 0x811c9dc5;
  while (out.length < 64) {
    seed = fnv32a(encoder.encode(`${out.length}:${text}`), seed);
    out += seed.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}
