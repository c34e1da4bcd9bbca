/**
 * Sprig's string functions (strings.go, goutils, xstrings), with Go's semantics: byte-based
 * slicing (`trunc`, `substr`), Go's `%q` for `quote`, strings.Title's word rule.
 */
import { formatValue, quoteGo, withGoType } from '../gotemplate/index.ts';
import type { FuncMap } from '../gotemplate/index.ts';
import type { HelmRuntime } from './runtime.ts';
import { randomString } from './runtime.ts';
import { asList, byteLength, fn, fromUtf8, intArg, sliceBytes, strval, utf8 } from './support.ts';

const isSpace = (ch: string) => /^[\s\u0085\u00a0]$/u.test(ch);
const isLetter = (ch: string) => /^\p{L}$/u.test(ch);
const isDigit = (ch: string) => /^\p{Nd}$/u.test(ch);
const isUpper = (ch: string) => /^\p{Lu}$/u.test(ch);
const isLower = (ch: string) => /^\p{Ll}$/u.test(ch);
const isTitleCase = (ch: string) => /^\p{Lt}$/u.test(ch);

/** unicode.ToUpper per rune (no multi-rune expansions such as ß → SS). */
function toUpperRune(ch: string): string {
  const up = ch.toUpperCase();
  return Array.from(up).length === 1 ? up : ch;
}

function toLowerRune(ch: string): string {
  // İ's full lowercase is i + a combining dot; Go's simple mapping gives plain i.
  if (ch === '\u0130') return 'i';
  const low = ch.toLowerCase();
  return Array.from(low).length === 1 ? low : ch;
}

export function goToUpper(text: string): string {
  return Array.from(text, toUpperRune).join('');
}

export function goToLower(text: string): string {
  return Array.from(text, toLowerRune).join('');
}

/** strings.TrimSpace. */
export function goTrimSpace(text: string): string {
  return text.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

function isTitleSeparator(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c <= 0x7f) return !/[0-9a-zA-Z_]/.test(ch);
  if (isLetter(ch) || isDigit(ch)) return false;
  return isSpace(ch);
}

/** strings.Title. */
// The title case of the Latin digraphs (DŽ, Dž, dž → Dž...), where it differs from upper case.
const TITLE_DIGRAPHS: Readonly<Record<string, string>> = {
  'Ǆ': 'ǅ', 'ǅ': 'ǅ', 'ǆ': 'ǅ', 'Ǉ': 'ǈ', 'ǈ': 'ǈ', 'ǉ': 'ǈ', 'Ǌ': 'ǋ', 'ǋ': 'ǋ', 'ǌ': 'ǋ', 'Ǳ': 'ǲ', 'ǲ': 'ǲ', 'ǳ': 'ǲ',
};

/** unicode.ToTitle of one rune. */
function toTitleRune(ch: string): string {
  return TITLE_DIGRAPHS[ch] ?? toUpperRune(ch);
}

export function goTitle(text: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of text) {
    out += isTitleSeparator(prev) ? toTitleRune(ch) : ch;
    prev = ch;
  }
  return out;
}

/** strings.Trim(s, cutset). */
function trimCutset(text: string, cutset: string): string {
  const set = new Set(Array.from(cutset));
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && set.has(chars[start]!)) start++;
  while (end > start && set.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  const length = byteLength(str);
  if (length <= maxWidth) return str;
  let at = Math.min(offset, length);
  if (length - at < maxWidth - 3) at = length - (maxWidth - 3);
  if (at <= 4) return sliceBytes(str, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) return '';
  if (at + maxWidth - 3 < length) return '...' + abbreviateFull(sliceBytes(str, at), 0, maxWidth - 3);
  return '...' + sliceBytes(str, length - (maxWidth - 3));
}

/** goutils.WrapCustom. */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  const nl = newLine === '' ? '\n' : newLine;
  const width = wrapLength < 1 ? 1 : wrapLength;
  const bytes = utf8(str);
  const sub = (a: number, b: number) => fromUtf8(bytes.subarray(a, b));
  const length = bytes.length;
  let offset = 0;
  let out = '';
  while (length - offset > width) {
    if (bytes[offset] === 0x20) {
      offset++;
      continue;
    }
    const end = Math.min(width + offset + 1, length);
    const window = bytes.subarray(offset, end);
    const lastSpace = window.lastIndexOf(0x20);
    if (lastSpace >= 0) {
      out += sub(offset, offset + lastSpace) + nl;
      offset = offset + lastSpace + 1;
    } else if (wrapLongWords) {
      out += sub(offset, width + offset) + nl;
      offset += width;
    } else {
      const stop = width + offset;
      const index = bytes.subarray(stop).indexOf(0x20);
      if (index === -1) {
        out += sub(offset, length);
        offset = length;
      } else {
        out += sub(offset, index + stop) + nl;
        offset = index + stop + 1;
      }
    }
  }
  return out + sub(offset, length);
}

/** Go's unicode.IsSpace of a byte read as a rune (goutils walks bytes, not runes). */
const isSpaceByte = (b: number) => (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0x85 || b === 0xa0;

/** goutils.Initials: the first byte of each word, as a rune (so é gives Ã, as helm prints it). */
function initials(text: string): string {
  let out = '';
  let gap = true;
  for (const b of utf8(text)) {
    if (isSpaceByte(b)) gap = true;
    else if (gap) {
      out += String.fromCharCode(b);
      gap = false;
    }
  }
  return out;
}

/**
 * goutils.DeleteWhiteSpace: byte by byte, each kept byte written as a rune (ASCII is unchanged,
 * other text garbled), the text itself when no byte was a space.
 */
function deleteWhiteSpace(text: string): string {
  const bytes = utf8(text);
  if (!bytes.some(isSpaceByte)) return text;
  let out = '';
  for (const b of bytes) if (!isSpaceByte(b)) out += String.fromCharCode(b);
  return out;
}

function swapCase(text: string): string {
  return Array.from(text, (ch) => (isUpper(ch) || isTitleCase(ch) ? toLowerRune(ch) : isLower(ch) ? toUpperRune(ch) : ch)).join('');
}

// ---- xstrings (v1.5) case conversion: snakecase, kebabcase, camelcase ------------------------

const isConnectorRune = (ch: string) => ch === '_' || ch === '-' || isSpace(ch);
const isPunct = (ch: string) => /^\p{P}$/u.test(ch);
const isNumberRune = (ch: string) => /^\p{N}$/u.test(ch);

type WordType = 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

interface Word {
  readonly type: WordType;
  readonly text: string;
}

/**
 * Splits an identifier-like string into xstrings' words: runs of connectors, of punctuation,
 * of digits, lowercase letter runs, and capitalised or upper-case runs (`HTTPServer` gives
 * HTTP and Server: the last upper letter before a lowercase one starts the next word).
 */
function xstringsWords(text: string): Word[] {
  const chars = Array.from(text);
  const words: Word[] = [];
  let i = 0;
  const take = (type: WordType, from: number, to: number) => words.push({ type, text: chars.slice(from, to).join('') });
  while (i < chars.length) {
    const start = i;
    const ch = chars[i]!;
    i++;
    if (isConnectorRune(ch)) {
      while (i < chars.length && isConnectorRune(chars[i]!)) i++;
      take('connector', start, i);
    } else if (isPunct(ch)) {
      while (i < chars.length && isPunct(chars[i]!)) i++;
      take('punct', start, i);
    } else if (isUpper(ch)) {
      if (i < chars.length && isUpper(chars[i]!)) {
        while (i < chars.length && isUpper(chars[i]!)) i++;
        if (i < chars.length && isLetter(chars[i]!)) i--;
      } else if (i < chars.length && isLetter(chars[i]!)) {
        while (i < chars.length && isLetter(chars[i]!) && !isUpper(chars[i]!)) i++;
      }
      take('upper', start, i);
    } else if (isLetter(ch)) {
      while (i < chars.length && isLetter(chars[i]!) && !isUpper(chars[i]!)) i++;
      take('alphabet', start, i);
    } else if (isNumberRune(ch)) {
      while (i < chars.length && isNumberRune(chars[i]!)) i++;
      take('number', start, i);
    } else {
      while (i < chars.length && !isConnectorRune(chars[i]!) && !isLetter(chars[i]!) && !isNumberRune(chars[i]!) && !isPunct(chars[i]!)) i++;
      take('other', start, i);
    }
  }
  return words;
}

/** xstrings' camelCaseToLowerCase: words lower-cased and joined by the connector, digits kept with their word. */
function toDelimitedLower(text: string, connector: string): string {
  const words = xstringsWords(text);
  let out = '';
  const lower = (word: Word | undefined) => {
    if (!word) return;
    if (word.type !== 'upper' && word.type !== 'connector') {
      out += word.text;
      return;
    }
    for (const ch of word.text) out += isConnectorRune(ch) ? connector : isUpper(ch) ? toLowerRune(ch) : ch;
  };
  const joins = (word: Word | undefined) => word !== undefined && word.type !== 'connector' && word.type !== 'punct';
  let k = 0;
  let current = words[k++];
  while (k < words.length) {
    if (current!.type !== 'connector') lower(current);
    const prev = current!;
    current = words[k++];
    if (prev.type === 'number') {
      while (current && (current.type === 'alphabet' || current.type === 'number')) {
        lower(current);
        current = words[k++];
      }
      if (joins(current)) out += connector;
    } else if (prev.type === 'connector') {
      lower(prev);
    } else if (prev.type !== 'punct') {
      if (current!.type !== 'number') {
        if (joins(current)) out += connector;
        continue;
      }
      if (k >= words.length) continue;
      const digits = current!;
      current = words[k++];
      // A number belongs to the word before it (Bld4Floor), unless lowercase letters follow it (HTTP2xx).
      if (current!.type !== 'alphabet') {
        lower(digits);
        if (joins(current)) out += connector;
        continue;
      }
      out += connector;
      lower(digits);
      while (current && (current.type === 'alphabet' || current.type === 'number')) {
        lower(current);
        current = words[k++];
      }
      if (joins(current)) out += connector;
    }
  }
  lower(current);
  return out;
}

/**
 * xstrings.ToCamelCase: leading connectors kept, a connector dropped and the rune after it
 * title-cased (two in a row keep one), and an upper-case run at a word's start lower-cased
 * after its first letter (HTTPServer → Httpserver, HELLO_WORLD → HelloWorld).
 */
function toCamelCase(text: string): string {
  const chars = Array.from(text);
  if (chars.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  let upperRun = false;
  for (; i < chars.length; i++) {
    r0 = chars[i]!;
    if (!isConnectorRune(r0)) {
      upperRun = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out += r0;
  }
  if (i >= chars.length) return out + r0;
  for (i++; i < chars.length; i++) {
    const r1 = r0;
    r0 = chars[i]!;
    if (isConnectorRune(r0) && isConnectorRune(r1)) {
      out += r1;
      continue;
    }
    if (isConnectorRune(r1)) {
      upperRun = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (upperRun) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else upperRun = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

function shuffle(text: string, runtime: HelmRuntime): string {
  const chars = Array.from(text);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = runtime.randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const NUMERIC = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

export function stringFunctions(runtime: HelmRuntime): FuncMap {
  const strings = (values: string[]) => withGoType(values, '[]string');
  return {
    hello: fn([], () => 'Hello!'),
    abbrev: fn(['int', 'string'], (width: bigint, s: string) => (intArg(width) < 4 ? s : abbreviateFull(s, 0, intArg(width)))),
    abbrevboth: fn(['int', 'int', 'string'], (left: bigint, right: bigint, s: string) => {
      const l = intArg(left);
      const r = intArg(right);
      if (r < 4 || (l > 0 && r < 7)) return s;
      return abbreviateFull(s, l, r);
    }),
    trunc: fn(['int', 'string'], (count: bigint, s: string) => {
      const c = intArg(count);
      const length = byteLength(s);
      if (c < 0 && length + c > 0) return sliceBytes(s, length + c);
      if (c >= 0 && length > c) return sliceBytes(s, 0, c);
      return s;
    }),
    trim: fn(['string'], goTrimSpace),
    upper: fn(['string'], goToUpper),
    lower: fn(['string'], goToLower),
    title: fn(['string'], goTitle),
    // goutils.Uncapitalize: the first letter of every whitespace-separated word.
    untitle: fn(['string'], (s: string) => {
      let out = '';
      let atStart = true;
      for (const ch of s) {
        const space = /\s/u.test(ch);
        out += atStart && !space ? toLowerRune(ch) : ch;
        atStart = space;
      }
      return out;
    }),
    substr: fn(['int', 'int', 'string'], (start: bigint, end: bigint, s: string) => {
      const a = intArg(start);
      const b = intArg(end);
      if (a < 0) return sliceBytes(s, 0, b);
      if (b < 0 || b > byteLength(s)) return sliceBytes(s, a);
      return sliceBytes(s, a, b);
    }),
    repeat: fn(['int', 'string'], (count: bigint, s: string) => {
      const n = intArg(count);
      if (n < 0) throw new Error('strings: negative Repeat count');
      if (byteLength(s) * n > 64 * 1024 * 1024) throw new Error('strings: Repeat output length overflow');
      return s.repeat(n);
    }),
    trimall: fn(['string', 'string'], (a: string, b: string) => trimCutset(b, a)),
    trimAll: fn(['string', 'string'], (a: string, b: string) => trimCutset(b, a)),
    trimSuffix: fn(['string', 'string'], (a: string, b: string) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
    trimPrefix: fn(['string', 'string'], (a: string, b: string) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b)),
    nospace: fn(['string'], deleteWhiteSpace),
    initials: fn(['string'], initials),
    randAlphaNum: fn(['int'], (count: bigint) => randomString(runtime, intArg(count), ALPHA + NUMERIC)),
    randAlpha: fn(['int'], (count: bigint) => randomString(runtime, intArg(count), ALPHA)),
    randAscii: fn(['int'], (count: bigint) => randomString(runtime, intArg(count), ASCII)),
    randNumeric: fn(['int'], (count: bigint) => randomString(runtime, intArg(count), NUMERIC)),
    swapcase: fn(['string'], swapCase),
    shuffle: fn(['string'], (s: string) => shuffle(s, runtime)),
    snakecase: fn(['string'], (s: string) => toDelimitedLower(s, '_')),
    camelcase: fn(['string'], toCamelCase),
    kebabcase: fn(['string'], (s: string) => toDelimitedLower(s, '-')),
    wrap: fn(['int', 'string'], (l: bigint, s: string) => wrapCustom(s, intArg(l), '', false)),
    wrapWith: fn(['int', 'string', 'string'], (l: bigint, sep: string, s: string) => wrapCustom(s, intArg(l), sep, true)),
    contains: fn(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
    hasPrefix: fn(['string', 'string'], (sub: string, s: string) => s.startsWith(sub)),
    hasSuffix: fn(['string', 'string'], (sub: string, s: string) => s.endsWith(sub)),
    quote: fn(
      ['interface {}'],
      (...values: unknown[]) => values.filter((v) => v !== null && v !== undefined).map((v) => quoteGo(strval(v))).join(' '),
      true,
    ),
    squote: fn(
      ['interface {}'],
      (...values: unknown[]) => values.filter((v) => v !== null && v !== undefined).map((v) => `'${formatValue(v)}'`).join(' '),
      true,
    ),
    cat: fn(['interface {}'], (...values: unknown[]) => values.filter((v) => v !== null && v !== undefined).map(formatValue).join(' '), true),
    indent: fn(['int', 'string'], (spaces: bigint, v: string) => indent(intArg(spaces), v)),
    nindent: fn(['int', 'string'], (spaces: bigint, v: string) => `\n${indent(intArg(spaces), v)}`),
    replace: fn(['string', 'string', 'string'], (old: string, replacement: string, src: string) => goReplaceAll(src, old, replacement)),
    plural: fn(['string', 'string', 'int'], (one: string, many: string, count: bigint) => (count === 1n ? one : many)),
    toString: fn(['interface {}'], strval),
    split: fn(['string', 'string'], (sep: string, orig: string) => {
      const out: Record<string, unknown> = {};
      goSplit(orig, sep, -1).forEach((part, i) => (out[`_${i}`] = part));
      return withGoType(out, 'map[string]string');
    }),
    splitList: fn(['string', 'string'], (sep: string, orig: string) => strings(goSplit(orig, sep, -1))),
    splitn: fn(['string', 'int', 'string'], (sep: string, n: bigint, orig: string) => {
      const out: Record<string, unknown> = {};
      goSplit(orig, sep, intArg(n)).forEach((part, i) => (out[`_${i}`] = part));
      return withGoType(out, 'map[string]string');
    }),
    toStrings: fn(['interface {}'], (v: unknown) => strings(toStrings(v))),
    join: fn(['string', 'interface {}'], (sep: string, v: unknown) => toStrings(v).join(sep)),
  };
}

function indent(spaces: number, v: string): string {
  if (spaces < 0) throw new Error('strings: negative Repeat count');
  const pad = ' '.repeat(spaces);
  return pad + v.replaceAll('\n', `\n${pad}`);
}

/** strings.Replace(src, old, new, -1), including Go's rule for an empty `old`. */
export function goReplaceAll(src: string, old: string, replacement: string): string {
  if (old === '') {
    const chars = Array.from(src);
    return replacement + chars.map((ch) => ch + replacement).join('');
  }
  return src.split(old).join(replacement);
}

/** strings.SplitN (n < 0: all), with Go's rule for an empty separator (one part per rune). */
export function goSplit(text: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = Array.from(text);
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const parts = text.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** Sprig's strslice: a list's non-nil items as strings, a scalar as a one-item list. */
export function toStrings(value: unknown): string[] {
  const list = asList(value);
  if (list) return list.filter((v) => v !== null && v !== undefined).map(strval);
  if (value === null || value === undefined) return [];
  return [strval(value)];
}
