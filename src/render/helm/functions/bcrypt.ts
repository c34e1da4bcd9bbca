/**
 * bcrypt ($2a$, as golang.org/x/crypto/bcrypt writes it) for Sprig's `bcrypt` and
 * `htpasswd`: Blowfish with the expensive key schedule, salt from the injected random source.
 * Blowfish's initial state is the hexadecimal digits of pi, computed once when first needed.
 */

let piWords: Uint32Array | undefined;

/** The first 18 + 4 × 256 32-bit words of pi's fractional part (Machin's formula, BigInt). */
function blowfishInitialState(): Uint32Array {
  if (piWords) return piWords;
  const words = 18 + 4 * 256;
  const bits = BigInt(words * 32 + 64);
  const one = 1n << bits;
  const arctanInv = (x: bigint) => {
    let sum = 0n;
    let term = one / x;
    const x2 = x * x;
    let n = 1n;
    let sign = 1n;
    while (term !== 0n) {
      sum += sign * (term / n);
      term /= x2;
      n += 2n;
      sign = -sign;
    }
    return sum;
  };
  const fraction = 16n * arctanInv(5n) - 4n * arctanInv(239n) - 3n * one;
  const out = new Uint32Array(words);
  for (let i = 0; i < words; i++) out[i] = Number((fraction >> (bits - BigInt((i + 1) * 32))) & 0xffffffffn);
  piWords = out;
  return out;
}

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;

  constructor() {
    const state = blowfishInitialState();
    this.p = state.slice(0, 18);
    this.s = state.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    return ((((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) >>> 0) ^ s[512 + ((x >>> 8) & 0xff)]!) + s[768 + (x & 0xff)]!) >>> 0;
  }

  encrypt(l: number, r: number): [number, number] {
    const p = this.p;
    let xl = (l ^ p[0]!) >>> 0;
    let xr = r;
    for (let i = 1; i <= 16; i += 2) {
      xr = (xr ^ this.f(xl) ^ p[i]!) >>> 0;
      xl = (xl ^ this.f(xr) ^ p[i + 1]!) >>> 0;
    }
    xr = (xr ^ p[17]!) >>> 0;
    return [xr, xl];
  }

  /** ExpandKey (salt empty) or the salted variant. */
  expand(key: Uint8Array, salt: Uint8Array | undefined): void {
    let keyPos = 0;
    const nextKeyWord = () => {
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = ((w << 8) | key[keyPos]!) >>> 0;
        keyPos = (keyPos + 1) % key.length;
      }
      return w;
    };
    let saltPos = 0;
    const nextSaltWord = () => {
      if (!salt) return 0;
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = ((w << 8) | salt[saltPos]!) >>> 0;
        saltPos = (saltPos + 1) % salt.length;
      }
      return w;
    };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ nextKeyWord()) >>> 0;
    let l = 0;
    let r = 0;
    for (let i = 0; i < 18; i += 2) {
      [l, r] = this.encrypt((l ^ nextSaltWord()) >>> 0, (r ^ nextSaltWord()) >>> 0);
      this.p[i] = l;
      this.p[i + 1] = r;
    }
    for (let i = 0; i < 1024; i += 2) {
      [l, r] = this.encrypt((l ^ nextSaltWord()) >>> 0, (r ^ nextSaltWord()) >>> 0);
      this.s[i] = l;
      this.s[i + 1] = r;
    }
  }
}

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function bcryptBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const c1 = bytes[i++]!;
    out += BCRYPT_ALPHABET[c1 >> 2];
    let c = (c1 & 0x03) << 4;
    if (i >= bytes.length) {
      out += BCRYPT_ALPHABET[c];
      break;
    }
    const c2 = bytes[i++]!;
    c |= c2 >> 4;
    out += BCRYPT_ALPHABET[c];
    c = (c2 & 0x0f) << 2;
    if (i >= bytes.length) {
      out += BCRYPT_ALPHABET[c];
      break;
    }
    const c3 = bytes[i++]!;
    c |= c3 >> 6;
    out += BCRYPT_ALPHABET[c]! + BCRYPT_ALPHABET[c3 & 0x3f]!;
  }
  return out;
}

function bcryptBase64Decode(text: string): Uint8Array {
  const values = Array.from(text, (ch) => BCRYPT_ALPHABET.indexOf(ch));
  const out: number[] = [];
  for (let i = 0; i < values.length; i += 4) {
    const [a, b, c, d] = [values[i]!, values[i + 1] ?? -1, values[i + 2] ?? -1, values[i + 3] ?? -1];
    if (b < 0) break;
    out.push(((a << 2) | (b >> 4)) & 0xff);
    if (c < 0) break;
    out.push(((b << 4) | (c >> 2)) & 0xff);
    if (d < 0) break;
    out.push(((c << 6) | d) & 0xff);
  }
  return Uint8Array.from(out);
}

export const BCRYPT_DEFAULT_COST = 10;

/** The bcrypt hash of a password with a 16-byte salt, `$2a$cost$...`. */
export function bcryptHash(password: Uint8Array, salt: Uint8Array, cost = BCRYPT_DEFAULT_COST): string {
  if (password.length > 72) throw new Error('bcrypt: password length exceeds 72 bytes');
  if (salt.length !== 16) throw new Error('bcrypt: salt must be 16 bytes');
  const key = new Uint8Array(password.length + 1);
  key.set(password);
  const cipher = new Blowfish();
  cipher.expand(key, salt);
  const rounds = 2 ** cost;
  for (let i = 0; i < rounds; i++) {
    cipher.expand(key, undefined);
    cipher.expand(salt, undefined);
  }
  const magic = new TextEncoder().encode('OrpheanBeholderScryDoubt');
  const words = new Uint32Array(6);
  for (let i = 0; i < 6; i++) words[i] = ((magic[i * 4]! << 24) | (magic[i * 4 + 1]! << 16) | (magic[i * 4 + 2]! << 8) | magic[i * 4 + 3]!) >>> 0;
  for (let i = 0; i < 6; i += 2) {
    let l = words[i]!;
    let r = words[i + 1]!;
    for (let j = 0; j < 64; j++) [l, r] = cipher.encrypt(l, r);
    words[i] = l;
    words[i + 1] = r;
  }
  const bytes = new Uint8Array(24);
  words.forEach((w, i) => {
    bytes[i * 4] = w >>> 24;
    bytes[i * 4 + 1] = (w >>> 16) & 0xff;
    bytes[i * 4 + 2] = (w >>> 8) & 0xff;
    bytes[i * 4 + 3] = w & 0xff;
  });
  // Like the C implementations, only 23 of the 24 bytes are encoded.
  return `$2a$${String(cost).padStart(2, '0')}$${bcryptBase64(salt)}${bcryptBase64(bytes.subarray(0, 23))}`;
}

/** The salt of an encoded hash (for tests against known vectors). */
export function bcryptSaltOf(encoded: string): Uint8Array {
  return bcryptBase64Decode(encoded.slice(7, 29)).subarray(0, 16);
}
