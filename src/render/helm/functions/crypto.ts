/**
 * Sprig's crypto: hashes, bcrypt/htpasswd, derivePassword (Master Password), keys and
 * certificates, AES-CBC, random bytes and UUIDs. Randomness comes from the injected runtime
 * except for key pairs (see x509.ts).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, scryptSync } from 'node:crypto';
import { GoStruct } from '../gotemplate/index.ts';
import type { FuncMap } from '../gotemplate/index.ts';
import { encodeBase64 } from '../yaml/go-json.ts';
import { bcryptHash } from './bcrypt.ts';
import type { HelmRuntime } from './runtime.ts';
import { fn, fromUtf8, intArg, utf8 } from './support.ts';
import { decodeBase64 } from './values.ts';
import { createCertificate, drawCertEntropy, generateKey, parseIp, parsePrivateKeyPem, pemDecode, pemEncode, privateKeyPem } from './x509.ts';
import type { KeyObject } from 'node:crypto';

/**
 * Sprig's certificate struct: `.Cert` and `.Key`, both PEM. A generated one is made when
 * first read: charts often call genCA in a branch that never prints it, and an RSA key costs
 * tens of milliseconds.
 */
export class Certificate extends GoStruct {
  declare readonly Cert: string;
  declare readonly Key: string;
  constructor(make: (() => { cert: string; key: string }) | { cert: string; key: string }) {
    super();
    let made = typeof make === 'function' ? undefined : make;
    const get = () => (made ??= (make as () => { cert: string; key: string })());
    Object.defineProperty(this, 'Cert', { enumerable: true, get: () => get().cert });
    Object.defineProperty(this, 'Key', { enumerable: true, get: () => get().key });
  }
  override goTypeName(): string {
    return 'sprig.certificate';
  }
  toGoJson(): unknown {
    return { Cert: this.Cert, Key: this.Key };
  }
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv',
    'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function uint32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** Sprig's derivePassword (the Master Password algorithm). */
export function derivePassword(counter: number, passwordType: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[passwordType];
  if (!templates) return `cannot find password template ${passwordType}`;
  const seedText = utf8('com.lyndir.masterpassword');
  const userBytes = utf8(user);
  const salt = Buffer.concat([seedText, uint32(userBytes.length), userBytes]);
  const key = scryptSync(utf8(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const siteBytes = utf8(site);
  const seed = createHmac('sha256', key).update(Buffer.concat([seedText, uint32(siteBytes.length), siteBytes, uint32(counter)])).digest();
  const template = templates[seed[0]! % templates.length]!;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]!]!;
    out += chars[seed[i + 1]! % chars.length];
  }
  return out;
}

function stringsOf(values: readonly unknown[] | null, what: 'ip' | 'dns'): string[] {
  if (!values) return [];
  return values.map((value) => {
    if (typeof value !== 'string') {
      throw new Error(what === 'ip' ? `error parsing ip: ${String(value)} is not a string` : `error processing alternate dns name: ${String(value)} is not a string`);
    }
    if (what === 'ip' && !parseIp(value)) throw new Error(`error parsing ip: ${value}`);
    return value;
  });
}

export function cryptoFunctions(runtime: HelmRuntime): FuncMap {
  const hash = (algorithm: string) => (input: string) => createHash(algorithm).update(utf8(input)).digest('hex');
  const bcrypt = (input: string) => {
    try {
      return bcryptHash(utf8(input), runtime.randomBytes(16));
    } catch (error) {
      return `failed to encrypt string with bcrypt: ${(error as Error).message}`;
    }
  };
  type KeySource = () => KeyObject;
  const lazyCertificate = (make: (key: KeyObject) => Uint8Array, key: KeySource) =>
    new Certificate(() => {
      const k = key();
      return { cert: pemEncode('CERTIFICATE', make(k)), key: privateKeyPem(k) };
    });
  const makeCa = (cn: string, days: bigint, key: KeySource) => {
    const entropy = drawCertEntropy(runtime);
    return lazyCertificate((k) => createCertificate({ commonName: cn, ips: [], dnsNames: [], daysValid: intArg(days), isCa: true }, k, k, undefined, entropy), key);
  };
  const makeSelfSigned = (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: bigint, key: KeySource) => {
    const request = { commonName: cn, ips: stringsOf(ips, 'ip'), dnsNames: stringsOf(dns, 'dns'), daysValid: intArg(days), isCa: false };
    const entropy = drawCertEntropy(runtime);
    return lazyCertificate((k) => createCertificate(request, k, k, undefined, entropy), key);
  };
  const makeSigned = (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: bigint, ca: Certificate, key: KeySource) => {
    const request = { commonName: cn, ips: stringsOf(ips, 'ip'), dnsNames: stringsOf(dns, 'dns'), daysValid: intArg(days), isCa: false };
    const entropy = drawCertEntropy(runtime);
    const block = pemDecode(ca.Cert);
    if (!block) throw new Error('unable to decode certificate');
    let signerKey: KeyObject;
    try {
      signerKey = parsePrivateKeyPem(ca.Key);
    } catch (error) {
      throw new Error(`error parsing private key: ${(error as Error).message}`);
    }
    return lazyCertificate((k) => createCertificate(request, k, signerKey, { der: block.der }, entropy), key);
  };
  const withKey = (pem: string): KeySource => {
    let key: KeyObject;
    try {
      key = parsePrivateKeyPem(pem);
    } catch (error) {
      throw new Error(`parsing private key: ${(error as Error).message}`);
    }
    return () => key;
  };
  const newRsaKey: KeySource = () => generateKey('rsa');
  const list = '[]interface {}';
  return {
    sha1sum: fn(['string'], hash('sha1')),
    sha256sum: fn(['string'], hash('sha256')),
    sha512sum: fn(['string'], hash('sha512')),
    adler32sum: fn(['string'], (input: string) => String(adler32(utf8(input)))),
    bcrypt: fn(['string'], bcrypt),
    htpasswd: fn(['string', 'string'], (user: string, password: string) => (user.includes(':') ? `invalid username: ${user}` : `${user}:${bcrypt(password)}`)),
    derivePassword: fn(['uint32', 'string', 'string', 'string', 'string'], (counter: bigint, type: string, password: string, user: string, site: string) =>
      derivePassword(Number(BigInt.asUintN(32, counter)), type, password, user, site),
    ),
    genPrivateKey: fn(['string'], (type: string) => {
      if (type === '' || type === 'rsa') return privateKeyPem(generateKey('rsa', 4096));
      if (type === 'ecdsa') return privateKeyPem(generateKey('ecdsa'));
      if (type === 'ed25519') return privateKeyPem(generateKey('ed25519'));
      if (type === 'dsa') throw new Error('genPrivateKey: dsa keys are not supported by Ferry');
      return `Unknown type ${type}`;
    }),
    buildCustomCert: fn(['string', 'string'], (b64cert: string, b64key: string) => {
      let cert: Uint8Array;
      let key: Uint8Array;
      try {
        cert = decodeBase64(b64cert);
      } catch {
        throw new Error('unable to decode base64 certificate');
      }
      try {
        key = decodeBase64(b64key);
      } catch {
        throw new Error('unable to decode base64 private key');
      }
      if (!pemDecode(fromUtf8(cert))) throw new Error('unable to decode certificate');
      try {
        parsePrivateKeyPem(fromUtf8(key));
      } catch (error) {
        throw new Error(`error parsing private key: ${(error as Error).message}`);
      }
      return new Certificate({ cert: fromUtf8(cert), key: fromUtf8(key) });
    }),
    genCA: fn(['string', 'int'], (cn: string, days: bigint) => makeCa(cn, days, newRsaKey)),
    genCAWithKey: fn(['string', 'int', 'string'], (cn: string, days: bigint, pem: string) => makeCa(cn, days, withKey(pem))),
    genSelfSignedCert: fn([ 'string', list, list, 'int'], (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: bigint) =>
      makeSelfSigned(cn, ips, dns, days, newRsaKey),
    ),
    genSelfSignedCertWithKey: fn(['string', list, list, 'int', 'string'], (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: bigint, pem: string) =>
      makeSelfSigned(cn, ips, dns, days, withKey(pem)),
    ),
    genSignedCert: fn(['string', list, list, 'int', 'sprig.certificate'], (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: bigint, ca: Certificate) =>
      makeSigned(cn, ips, dns, days, ca, newRsaKey),
    ),
    genSignedCertWithKey: fn(
      ['string', list, list, 'int', 'sprig.certificate', 'string'],
      (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: bigint, ca: Certificate, pem: string) => makeSigned(cn, ips, dns, days, ca, withKey(pem)),
    ),
    encryptAES: fn(['string', 'string'], (password: string, plaintext: string) => {
      if (plaintext === '') return '';
      const key = new Uint8Array(32);
      key.set(utf8(password).subarray(0, 32));
      const content = utf8(plaintext);
      const padding = 16 - (content.length % 16);
      const padded = new Uint8Array(content.length + padding).fill(padding);
      padded.set(content);
      const iv = runtime.randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      const body = Buffer.concat([cipher.update(padded), cipher.final()]);
      return encodeBase64(Buffer.concat([iv, body]));
    }),
    decryptAES: fn(['string', 'string'], (password: string, crypt64: string) => {
      if (crypt64 === '') return '';
      const key = new Uint8Array(32);
      key.set(utf8(password).subarray(0, 32));
      const crypt = decodeBase64(crypt64);
      if (crypt.length < 16 || crypt.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
      const decipher = createDecipheriv('aes-256-cbc', key, crypt.subarray(0, 16)).setAutoPadding(false);
      const plain = Buffer.concat([decipher.update(crypt.subarray(16)), decipher.final()]);
      if (plain.length === 0) throw new Error('runtime error: index out of range [-1]');
      const padding = plain[plain.length - 1]!;
      if (padding > plain.length) throw new Error(`runtime error: slice bounds out of range [:${plain.length - padding}]`);
      return fromUtf8(plain.subarray(0, plain.length - padding));
    }),
    randBytes: fn(['int'], (count: bigint) => {
      const n = intArg(count);
      if (n < 0) throw new Error('runtime error: makeslice: len out of range');
      if (n > 1 << 24) throw new Error(`randBytes: ${n} bytes is too many`);
      return encodeBase64(runtime.randomBytes(n));
    }),
    uuidv4: fn([], () => {
      const b = runtime.randomBytes(16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const hex = Buffer.from(b).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }),
  };
}

