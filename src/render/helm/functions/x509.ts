/**
 * X.509 certificates as Sprig's genCA / genSelfSignedCert / genSignedCert make them (Go's
 * x509.CreateCertificate with Sprig's template): DER built here, signed with node:crypto.
 * Key generation uses the platform's CSPRNG (node:crypto cannot take a byte source); serial
 * numbers and validity come from the injected runtime.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { HelmRuntime } from './runtime.ts';

// ---- DER writing ---------------------------------------------------------------------------

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return concat([Uint8Array.from(header), content]);
}

const seq = (...parts: Uint8Array[]) => tlv(0x30, concat(parts));
const set = (...parts: Uint8Array[]) => tlv(0x31, concat(parts));

function integer(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  return tlv(0x02, bytes[0]! & 0x80 ? concat([Uint8Array.of(0), bytes]) : bytes);
}

function oid(text: string): Uint8Array {
  const parts = text.split('.').map(Number);
  const bytes: number[] = [parts[0]! * 40 + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let n = part;
    do {
      chunk.unshift(n & 0x7f);
      n = Math.floor(n / 128);
    } while (n > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
const bitString = (bytes: Uint8Array, unused = 0) => tlv(0x03, concat([Uint8Array.of(unused), bytes]));
const bool = (value: boolean) => tlv(0x01, Uint8Array.of(value ? 0xff : 0));
const explicit = (n: number, content: Uint8Array) => tlv(0xa0 + n, content);
const NULL = Uint8Array.of(0x05, 0x00);

function time(date: Date): Uint8Array {
  const pad = (n: number) => String(n).padStart(2, '0');
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, utf8(`${pad(y % 100)}${rest}`));
  return tlv(0x18, utf8(`${String(y).padStart(4, '0')}${rest}`));
}

function name(commonName: string): Uint8Array {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(commonName);
  const value = tlv(printable ? 0x13 : 0x0c, utf8(commonName));
  return commonName === '' ? seq() : seq(set(seq(oid('2.5.4.3'), value)));
}

// ---- DER reading (enough to take a CA certificate apart) -------------------------------------

interface Node {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

function readNode(der: Uint8Array, offset: number): Node {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('x509: malformed certificate');
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('x509: malformed certificate');
  return { tag, start: offset, contentStart, end };
}

function children(der: Uint8Array, node: Node): Node[] {
  const out: Node[] = [];
  for (let offset = node.contentStart; offset < node.end; ) {
    const child = readNode(der, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

interface CaInfo {
  readonly subject: Uint8Array;
  readonly subjectKeyId: Uint8Array | undefined;
}

function readCa(der: Uint8Array): CaInfo {
  const cert = readNode(der, 0);
  const [tbs] = children(der, cert);
  if (!tbs) throw new Error('x509: malformed certificate');
  const fields = children(der, tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[offset + 4];
  if (!subject) throw new Error('x509: malformed certificate');
  let subjectKeyId: Uint8Array | undefined;
  const extensions = fields.find((f) => f.tag === 0xa3);
  if (extensions) {
    const [list] = children(der, extensions);
    for (const ext of list ? children(der, list) : []) {
      const parts = children(der, ext);
      const id = der.subarray(parts[0]!.start, parts[0]!.end);
      if (Buffer.from(id).equals(Buffer.from(oid('2.5.29.14')))) {
        const value = parts[parts.length - 1]!;
        const inner = readNode(der, value.contentStart);
        subjectKeyId = der.subarray(inner.contentStart, inner.end);
      }
    }
  }
  return { subject: der.subarray(subject.start, subject.end), subjectKeyId };
}

// ---- PEM -------------------------------------------------------------------------------------

export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${type}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${type}-----\n`;
}

export function pemDecode(text: string): { type: string; der: Uint8Array } | undefined {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  return { type: m[1]!, der: new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')) };
}

/** The PEM Sprig writes for a private key (PKCS#1 for RSA, SEC 1 for EC, PKCS#8 otherwise). */
export function privateKeyPem(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return key.export({ format: 'pem', type: 'pkcs1' }).toString();
  if (key.asymmetricKeyType === 'ec') return key.export({ format: 'pem', type: 'sec1' }).toString();
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** sprig's parsePrivateKeyPEM, with its error texts. */
export function parsePrivateKeyPem(text: string): KeyObject {
  const block = pemDecode(text);
  if (!block) throw new Error('no PEM data in input');
  if (block.type !== 'PRIVATE KEY' && !block.type.endsWith(' PRIVATE KEY')) throw new Error(`no private key data in PEM block of type ${block.type}`);
  const kind = block.type.slice(0, -' PRIVATE KEY'.length);
  try {
    if (block.type === 'PRIVATE KEY') return createPrivateKey({ key: Buffer.from(block.der), format: 'der', type: 'pkcs8' });
    if (kind === 'RSA') return createPrivateKey({ key: Buffer.from(block.der), format: 'der', type: 'pkcs1' });
    if (kind === 'EC') return createPrivateKey({ key: Buffer.from(block.der), format: 'der', type: 'sec1' });
  } catch (error) {
    throw new Error(`parsing ${kind || 'PKCS#8'} private key from PEM: ${(error as Error).message}`);
  }
  throw new Error(`invalid private key type ${block.type}`);
}

export function generateKey(type: 'rsa' | 'ecdsa' | 'ed25519', bits = 2048): KeyObject {
  if (type === 'rsa') return generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
  if (type === 'ecdsa') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return generateKeyPairSync('ed25519').privateKey;
}

// ---- certificates ----------------------------------------------------------------------------

export interface CertRequest {
  readonly commonName: string;
  readonly ips: readonly string[];
  readonly dnsNames: readonly string[];
  readonly daysValid: number;
  readonly isCa: boolean;
}

/** net.ParseIP to the bytes x509 writes (4 for IPv4, else 16); undefined if not an address. */
export function parseIp(text: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    if (bytes.some((b, i) => b > 255 || v4[i + 1]!.length > 1 && v4[i + 1]!.startsWith('0'))) return undefined;
    return Uint8Array.from(bytes);
  }
  if (!text.includes(':')) return undefined;
  const [head, tail] = text.split('::') as [string, string | undefined];
  if (text.split('::').length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const a = parse(head);
  const b = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? a : [...a, ...Array(8 - a.length - b.length).fill('0'), ...b];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const bytes = groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
  const isV4Mapped = bytes.slice(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return Uint8Array.from(isV4Mapped ? bytes.slice(12) : bytes);
}

function signatureAlgorithm(key: KeyObject): Uint8Array {
  if (key.asymmetricKeyType === 'rsa') return seq(oid('1.2.840.113549.1.1.11'), NULL);
  if (key.asymmetricKeyType === 'ec') return seq(oid('1.2.840.10045.4.3.2'));
  if (key.asymmetricKeyType === 'ed25519') return seq(oid('1.3.101.112'));
  throw new Error(`x509: unsupported signing key type ${key.asymmetricKeyType ?? 'unknown'}`);
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** What a certificate takes from the runtime, drawn when the template function is called. */
export interface CertEntropy {
  readonly serial: Uint8Array;
  readonly notBefore: Date;
}

export function drawCertEntropy(runtime: HelmRuntime): CertEntropy {
  return { serial: runtime.randomBytes(16), notBefore: runtime.now() };
}

/** x509.CreateCertificate for Sprig's template; returns the DER. */
export function createCertificate(
  request: CertRequest,
  subjectKey: KeyObject,
  signerKey: KeyObject,
  issuer: { readonly der: Uint8Array } | undefined,
  entropy: CertEntropy,
): Uint8Array {
  const spki = new Uint8Array(createPublicKey(subjectKey).export({ format: 'der', type: 'spki' }));
  const serial = BigInt(`0x${Buffer.from(entropy.serial).toString('hex')}`);
  const notBefore = entropy.notBefore;
  const notAfter = new Date(notBefore.getTime() + request.daysValid * 24 * 3600 * 1000);
  const subject = name(request.commonName);
  const ca = issuer ? readCa(issuer.der) : undefined;
  const issuerName = ca ? ca.subject : subject;

  const publicKeyBits = (() => {
    const root = readNode(spki, 0);
    const bitStringNode = children(spki, root)[1]!;
    return spki.subarray(bitStringNode.contentStart + 1, bitStringNode.end);
  })();

  const extensions: Uint8Array[] = [];
  const usage = request.isCa ? Uint8Array.of(0xa4) : Uint8Array.of(0xa0);
  extensions.push(extension('2.5.29.15', true, bitString(usage, request.isCa ? 2 : 5)));
  extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))));
  extensions.push(extension('2.5.29.19', true, request.isCa ? seq(bool(true)) : seq()));
  if (request.isCa) {
    const keyId = new Uint8Array(createHash('sha1').update(publicKeyBits).digest());
    extensions.push(extension('2.5.29.14', false, octets(keyId)));
  }
  if (ca?.subjectKeyId) extensions.push(extension('2.5.29.35', false, seq(tlv(0x80, ca.subjectKeyId))));
  if (request.dnsNames.length > 0 || request.ips.length > 0) {
    const names: Uint8Array[] = [];
    for (const dns of request.dnsNames) names.push(tlv(0x82, utf8(dns)));
    for (const ip of request.ips) names.push(tlv(0x87, parseIp(ip)!));
    extensions.push(extension('2.5.29.17', false, seq(...names)));
  }

  const algorithm = signatureAlgorithm(signerKey);
  const tbs = seq(
    explicit(0, integer(2n)),
    integer(serial),
    algorithm,
    issuerName,
    seq(time(notBefore), time(notAfter)),
    subject,
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  const digest = signerKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  const signature = new Uint8Array(sign(digest, tbs, signerKey));
  return seq(tbs, algorithm, bitString(signature));
}
