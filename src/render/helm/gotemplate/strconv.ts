/**
 * The parts of Go's strconv that templates and fmt expose: quoting (Quote, QuoteToASCII,
 * QuoteRune, CanBackquote, Unquote), number parsing with Go's literal syntax (ParseInt and
 * ParseUint with base 0, ParseFloat) and float formatting ('e', 'f', 'g', 'b', 'x'; shortest
 * or with a precision, rounded half to even on the exact binary value, as Go does).
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint / strconv.IsPrint: letters, marks, numbers, punctuation, symbols, ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  if (r > 0x10ffff) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

const HEX = '0123456789abcdef';

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) {
    return String.fromCodePoint(r);
  }
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + HEX[r >> 4]! + HEX[r & 15]!;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0');
  return '\\U' + r.toString(16).padStart(8, '0');
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  let out = String.fromCharCode(quote);
  for (let i = 0; i < s.length; ) {
    const r = s.codePointAt(i)!;
    i += r > 0xffff ? 2 : 1;
    if (r < 0x80 && r >= 0x20 && r !== 0x7f && r !== quote && r !== 0x5c) {
      out += String.fromCharCode(r);
      continue;
    }
    out += escapeRune(r, quote, asciiOnly);
  }
  return out + String.fromCharCode(quote);
}

/** strconv.Quote. */
export function quoteGo(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune (and QuoteRuneToASCII). */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) || r < 0) r = 0xfffd;
  return "'" + escapeRune(r, 0x27, asciiOnly) + "'";
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; ) {
    const r = s.codePointAt(i)!;
    i += r > 0xffff ? 2 : 1;
    if (r >= 0x80) {
      if (r === 0xfeff || (r >= 0xd800 && r <= 0xdfff)) return false;
      continue;
    }
    if ((r < 0x20 && r !== 0x09) || r === 0x60 || r === 0x7f) return false;
  }
  return true;
}

export class SyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

interface Unquoted {
  /** A rune, or a raw byte (from \x or octal escapes in a string). */
  readonly value: number;
  readonly isByte: boolean;
  readonly next: number;
}

/** strconv.UnquoteChar over s starting at i. */
function unquoteChar(s: string, i: number, quote: number): Unquoted {
  const c = s.codePointAt(i)!;
  if (c === quote && (quote === 0x27 || quote === 0x22)) throw new SyntaxError();
  if (c >= 0x80) return { value: c, isByte: false, next: i + (c > 0xffff ? 2 : 1) };
  if (c !== 0x5c) return { value: c, isByte: false, next: i + 1 };
  if (i + 1 >= s.length) throw new SyntaxError();
  const e = s.charCodeAt(i + 1);
  let p = i + 2;
  switch (e) {
    case 0x61:
      return { value: 0x07, isByte: false, next: p };
    case 0x62:
      return { value: 0x08, isByte: false, next: p };
    case 0x66:
      return { value: 0x0c, isByte: false, next: p };
    case 0x6e:
      return { value: 0x0a, isByte: false, next: p };
    case 0x72:
      return { value: 0x0d, isByte: false, next: p };
    case 0x74:
      return { value: 0x09, isByte: false, next: p };
    case 0x76:
      return { value: 0x0b, isByte: false, next: p };
    case 0x78: // \x
    case 0x75: // \u
    case 0x55: {
      // \U
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (p + n > s.length) throw new SyntaxError();
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = unhex(s.charCodeAt(p + j));
        if (x < 0) throw new SyntaxError();
        v = v * 16 + x;
      }
      p += n;
      if (e === 0x78) return { value: v, isByte: quote !== 0x27, next: p };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxError();
      return { value: v, isByte: false, next: p };
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      let v = e - 0x30;
      if (p + 2 > s.length) throw new SyntaxError();
      for (let j = 0; j < 2; j++) {
        const x = s.charCodeAt(p + j) - 0x30;
        if (x < 0 || x > 7) throw new SyntaxError();
        v = v * 8 + x;
      }
      p += 2;
      if (v > 255) throw new SyntaxError();
      return { value: v, isByte: quote !== 0x27, next: p };
    }
    case 0x5c:
      return { value: 0x5c, isByte: false, next: p };
    case 0x27:
    case 0x22:
      if (e !== quote) throw new SyntaxError();
      return { value: e, isByte: false, next: p };
    default:
      throw new SyntaxError();
  }
}

const utf8Decoder = new TextDecoder('utf-8');

/** strconv.Unquote of a "…", `…` or '…' literal; throws SyntaxError ("invalid syntax"). */
export function unquote(s: string): string {
  if (s.length < 2) throw new SyntaxError();
  const quote = s.charCodeAt(0);
  if (quote !== s.charCodeAt(s.length - 1)) throw new SyntaxError();
  const body = s.slice(1, -1);
  if (quote === 0x60) {
    if (body.includes('`')) throw new SyntaxError();
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (quote !== 0x22 && quote !== 0x27) throw new SyntaxError();
  if (body.includes('\n')) throw new SyntaxError();
  if (!body.includes('\\') && !body.includes(String.fromCharCode(quote))) {
    if (quote === 0x22) return body;
    if (Array.from(body).length === 1) return body;
  }
  let out = '';
  let bytes: number[] | undefined;
  let i = 0;
  let count = 0;
  while (i < body.length) {
    const u = unquoteChar(body, i, quote);
    i = u.next;
    count++;
    if (u.isByte && u.value >= 0x80) {
      (bytes ??= []).push(u.value);
      continue;
    }
    if (bytes !== undefined) {
      out += utf8Decoder.decode(new Uint8Array(bytes));
      bytes = undefined;
    }
    out += String.fromCodePoint(u.value);
    if (quote === 0x27 && count > 1) throw new SyntaxError();
  }
  if (bytes !== undefined) out += utf8Decoder.decode(new Uint8Array(bytes));
  if (quote === 0x27 && count !== 1) throw new SyntaxError();
  return out;
}

/** The rune value of a character constant like 'a' or '\n' (throws SyntaxError). */
export function unquoteCharConstant(text: string): { rune: number; tail: string } {
  const u = unquoteChar(text, 1, 0x27);
  return { rune: u.value, tail: text.slice(u.next) };
}

// ---------------------------------------------------------------------------------------------
// Number parsing with Go's literal syntax.

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(text: string): boolean {
  let s = text;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) (or ParseUint): undefined on a syntax or range error. */
export function parseGoInt(text: string, unsigned: boolean): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.length > 0 && (s[0] === '+' || s[0] === '-')) {
    if (unsigned) return undefined;
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) {
      base = 16;
      digits = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) {
      base = 8;
      digits = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) {
      base = 2;
      digits = s.slice(2);
    } else if (s.length > 1) {
      base = 8;
      digits = s.slice(1);
    }
  }
  if (digits.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    digits = digits.replaceAll('_', '');
  }
  if (digits === '') return undefined;
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  let value = BigInt(prefix + digits);
  if (negative) value = -value;
  if (unsigned) return value <= UINT64_MAX ? value : undefined;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

/** strconv.ParseFloat(s, 64): undefined on a syntax or range (±Inf) error. */
export function parseGoFloat(text: string): number | undefined {
  let s = text;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    s = s.replaceAll('_', '');
  }
  let sign = 1;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    sign = body[0] === '-' ? -1 : 1;
    body = body.slice(1);
  }
  const lower = body.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return sign * Number.POSITIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  let value: number;
  if (lower.startsWith('0x')) {
    const m = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?p([-+]?[0-9]+)$/.exec(lower);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const mantissa = BigInt('0x' + ((m[1] ?? '') + (m[2] ?? '') || '0'));
    const exp = Number(m[3]) - 4 * (m[2] ?? '').length;
    value = Number(mantissa) * 2 ** exp;
  } else {
    if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(lower)) return undefined;
    value = Number(lower);
  }
  if (!Number.isFinite(value)) return undefined;
  return sign * value;
}

// ---------------------------------------------------------------------------------------------
// Float formatting.

/** Decimal digits of a float: value = 0.d1d2d3... × 10^dp. nd = digits.length; zero has no digits. */
interface Decimal {
  digits: string;
  dp: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The exact decimal expansion of |x| (finite). */
function exactDecimal(x: number): Decimal {
  f64[0] = x;
  const bits = u64[0]!;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp2: number;
  if (expBits === 0) {
    exp2 = -1074;
  } else {
    mant |= 1n << 52n;
    exp2 = expBits - 1075;
  }
  if (mant === 0n) return { digits: '', dp: 0 };
  let digits: string;
  let dp: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp2)).toString();
    dp = digits.length + exp2;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed, dp };
}

/** Rounds a decimal to nd digits, half to even on the exact value. */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0) return { digits: '', dp: d.dp };
  if (nd >= d.digits.length) return d;
  const digit = d.digits.charCodeAt(nd) - 48;
  let up: boolean;
  if (digit > 5) up = true;
  else if (digit < 5) up = false;
  else if (nd + 1 < d.digits.length) up = true; // more nonzero digits follow (trailing zeros trimmed)
  else up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  if (!up) {
    const digits = d.digits.slice(0, nd).replace(/0+$/, '');
    return { digits, dp: d.dp };
  }
  // Round up: add one at position nd-1, propagating carries.
  const arr = d.digits.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && arr[i] === '9') {
    arr[i] = '0';
    i--;
  }
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
  return { digits: arr.join('').replace(/0+$/, ''), dp: d.dp };
}

/** The shortest decimal that reads back as x (ECMAScript and Go agree on it). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const s = Math.abs(x).toExponential();
  const e = s.indexOf('e');
  const digits = (s[0]! + s.slice(2, e)).replace(/0+$/, '');
  return { digits, dp: Number(s.slice(e + 1)) + 1 };
}

function fmtE(d: Decimal, prec: number, upper: boolean): string {
  let out = d.digits.length > 0 ? d.digits[0]! : '0';
  if (prec > 0) {
    out += '.';
    let i = 1;
    const m = Math.min(d.digits.length, prec + 1);
    if (i < m) {
      out += d.digits.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) out += '0';
  }
  out += upper ? 'E' : 'e';
  let exp = d.dp - 1;
  if (d.digits.length === 0) exp = 0;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(d: Decimal, prec: number): string {
  let out: string;
  if (d.dp > 0) {
    const m = Math.min(d.digits.length, d.dp);
    out = d.digits.slice(0, m) + '0'.repeat(d.dp - m);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < d.digits.length ? d.digits[j]! : '0';
    }
  }
  return out;
}

function formatBinary(x: number): string {
  f64[0] = x;
  const bits = u64[0]!;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  return `${mant}p${exp >= 0 ? '+' : '-'}${Math.abs(exp)}`;
}

function formatHexFloat(x: number, prec: number, upper: boolean): string {
  f64[0] = x;
  const bits = u64[0]!;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) {
    if (mant === 0n) exp = 0;
    else {
      exp = -1022;
      // Normalize the subnormal so that the leading bit is 1 << 52.
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n;
        exp--;
      }
    }
  } else {
    mant |= 1n << 52n;
    exp = expBits - 1023;
  }
  // mant is 1.xxx (52 fraction bits); shift to 60 bits so the fraction is 15 hex digits.
  let frac = (mant << 8n) & ((1n << 60n) - 1n);
  let lead = mant === 0n ? 0n : 1n;
  if (prec >= 0 && prec < 15) {
    const drop = BigInt(4 * (15 - prec));
    const half = 1n << (drop - 1n);
    const rest = frac & ((1n << drop) - 1n);
    let kept = frac >> drop;
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
    if (kept >> BigInt(4 * prec) !== 0n) {
      kept &= (1n << BigInt(4 * prec)) - 1n;
      lead += 1n;
      if (lead === 2n) {
        lead = 1n;
        exp++;
        kept >>= 1n;
      }
    }
    frac = kept << drop;
  }
  let hex = frac.toString(16).padStart(15, '0');
  if (prec < 0) hex = hex.replace(/0+$/, '');
  else hex = hex.slice(0, prec).padEnd(prec, '0');
  let out = '0x' + lead.toString() + (hex.length > 0 ? '.' + hex : '');
  const sign = exp < 0 ? '-' : '+';
  const e = Math.abs(exp);
  out += 'p' + sign + (e < 10 ? '0' + e : String(e));
  return upper ? out.toUpperCase() : out;
}

/**
 * strconv.FormatFloat(x, fmt, prec, 64) for fmt in 'e', 'E', 'f', 'g', 'G', 'b', 'x', 'X';
 * prec -1 means the shortest representation that reads back exactly.
 */
export function formatFloat(x: number, fmt: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? '-' : '';
  const abs = Math.abs(x);
  if (fmt === 'b') return sign + formatBinary(abs);
  if (fmt === 'x' || fmt === 'X') return sign + formatHexFloat(abs, prec, fmt === 'X');
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(abs);
  } else {
    const exact = exactDecimal(abs);
    switch (fmt) {
      case 'e':
      case 'E':
        d = roundDecimal(exact, prec + 1);
        break;
      case 'f':
        d = roundDecimal(exact, exact.dp + prec);
        break;
      default: {
        d = roundDecimal(exact, prec === 0 ? 1 : prec);
      }
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return sign + fmtE(d, shortest ? Math.max(d.digits.length - 1, 0) : prec, fmt === 'E');
    case 'f':
      return sign + fmtF(d, shortest ? Math.max(d.digits.length - d.dp, 0) : prec);
    case 'g':
    case 'G': {
      let p = shortest ? d.digits.length : prec === 0 ? 1 : prec;
      let eprec = p;
      if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (p > d.digits.length) p = d.digits.length;
        return sign + fmtE(d, p - 1, fmt === 'G');
      }
      if (p > d.dp) p = d.digits.length;
      return sign + fmtF(d, Math.max(p - d.dp, 0));
    }
    default:
      return '%' + fmt;
  }
}

/** strconv.FormatFloat(x, 'g', -1, 64): how Go prints a float64 with %v. */
export function formatFloatV(x: number): string {
  // Between 1e-4 and 1e6 both Go and ECMAScript write the shortest digits without exponent.
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(x);
  return formatFloat(x, 'g', -1);
}
