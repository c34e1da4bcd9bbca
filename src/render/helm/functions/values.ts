/**
 * Sprig's defaults, conversion, reflection, encoding and path functions: `default` and
 * `empty` with Go's zero values, `ternary`, `coalesce`, cast conversions, `typeOf`/`kindOf`,
 * base64/base32, Go's path package.
 */
import { formatValue, goTypeName, parseGoInt } from '../gotemplate/index.ts';
import type { FuncMap } from '../gotemplate/index.ts';
import { encodeBase64 } from '../yaml/go-json.ts';
import { deepCopyValue } from './collections.ts';
import { deepEqual, fn, fromUtf8, isEmpty, kindName, toFloat64, toInt64, utf8 } from './support.ts';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64.StdEncoding.DecodeString, with Go's error text. */
export function decodeBase64(text: string): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  let i = 0;
  let padding = 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\r' || ch === '\n') continue;
    if (ch === '=') {
      padding++;
      continue;
    }
    const v = BASE64_ALPHABET.indexOf(ch);
    if (v < 0 || padding > 0) throw new Error(`illegal base64 data at input byte ${i}`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  const clean = text.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0) throw new Error(`illegal base64 data at input byte ${clean.length - (clean.length % 4)}`);
  if (padding > 2 || (bits >= 6 && padding === 0)) throw new Error(`illegal base64 data at input byte ${clean.length}`);
  return Uint8Array.from(out);
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function decodeBase32(text: string): Uint8Array {
  const clean = text.replace(/[\r\n]/g, '');
  if (clean.length % 8 !== 0) throw new Error(`illegal base32 data at input byte ${clean.length - (clean.length % 8)}`);
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i]!;
    if (ch === '=') break;
    const v = BASE32_ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`illegal base32 data at input byte ${i}`);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Go's path.Clean. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

function basePath(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return cleanPath(path.slice(0, slash + 1));
}

function extPath(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== '/'; i--) if (path[i] === '.') return path.slice(i);
  return '';
}

/** strconv.Atoi: decimal only, 0 on a syntax error and the nearest int64 on overflow (Sprig ignores the error). */
function atoi(text: string): bigint {
  if (!/^[-+]?[0-9]+$/.test(text)) return 0n;
  const value = BigInt(text);
  if (value < -(2n ** 63n)) return -(2n ** 63n);
  if (value >= 2n ** 63n) return 2n ** 63n - 1n;
  return value;
}

export function valueFunctions(): FuncMap {
  return {
    default: fn(['interface {}', 'interface {}'], (d: unknown, ...given: unknown[]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), true),
    empty: fn(['interface {}'], isEmpty),
    coalesce: fn(['interface {}'], (...values: unknown[]) => values.find((v) => !isEmpty(v)) ?? null, true),
    all: fn(['interface {}'], (...values: unknown[]) => values.every((v) => !isEmpty(v)), true),
    any: fn(['interface {}'], (...values: unknown[]) => values.some((v) => !isEmpty(v)), true),
    ternary: fn(['interface {}', 'interface {}', 'bool'], (vt: unknown, vf: unknown, v: boolean) => (v ? vt : vf)),
    deepCopy: fn(['interface {}'], (v: unknown) => {
      if (v === null || v === undefined) throw new Error('deepCopy error: cannot deepCopy nil');
      return deepCopyValue(v);
    }),
    mustDeepCopy: fn(['interface {}'], (v: unknown) => {
      if (v === null || v === undefined) throw new Error('cannot deepCopy nil');
      return deepCopyValue(v);
    }),
    typeOf: fn(['interface {}'], (v: unknown) => goTypeName(v)),
    typeIs: fn(['string', 'interface {}'], (target: string, v: unknown) => target === goTypeName(v)),
    typeIsLike: fn(['string', 'interface {}'], (target: string, v: unknown) => {
      const t = goTypeName(v);
      return target === t || `*${target}` === t;
    }),
    kindOf: fn(['interface {}'], kindName),
    kindIs: fn(['string', 'interface {}'], (target: string, v: unknown) => target === kindName(v)),
    deepEqual: fn(['interface {}', 'interface {}'], deepEqual),
    atoi: fn(['string'], atoi),
    int64: fn(['interface {}'], toInt64),
    int: fn(['interface {}'], toInt64),
    float64: fn(['interface {}'], toFloat64),
    toDecimal: fn(['interface {}'], (v: unknown) => {
      const text = formatValue(v);
      if (!/^[-+]?[0-7]+$/.test(text)) return 0n;
      return parseGoInt(`${text.replace(/^([-+]?)/, '$10o')}`, false) ?? 0n;
    }),
    b64enc: fn(['string'], (v: string) => encodeBase64(utf8(v))),
    b64dec: fn(['string'], (v: string) => {
      try {
        return fromUtf8(decodeBase64(v));
      } catch (error) {
        return (error as Error).message;
      }
    }),
    b32enc: fn(['string'], (v: string) => encodeBase32(utf8(v))),
    b32dec: fn(['string'], (v: string) => {
      try {
        return fromUtf8(decodeBase32(v));
      } catch (error) {
        return (error as Error).message;
      }
    }),
    base: fn(['string'], basePath),
    dir: fn(['string'], dirPath),
    clean: fn(['string'], cleanPath),
    ext: fn(['string'], extPath),
    isAbs: fn(['string'], (p: string) => p.startsWith('/')),
    osBase: fn(['string'], basePath),
    osDir: fn(['string'], dirPath),
    osClean: fn(['string'], cleanPath),
    osExt: fn(['string'], extPath),
    osIsAbs: fn(['string'], (p: string) => p.startsWith('/')),
    // Helm replaces getHostByName with one that answers nothing unless DNS lookups are enabled.
    getHostByName: fn(['string'], () => ''),
  };
}
