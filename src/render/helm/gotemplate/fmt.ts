/**
 * Go's fmt over the value model of values.ts: Sprint, Sprintln, Sprintf with Go's verbs,
 * flags, widths, precisions, argument indexes and its in-band errors (`%!d(string=x)`,
 * `%!v(MISSING)`, `%!(EXTRA int=1)`, `%!(NOVERB)`, `%!(BADWIDTH)`...).
 */
import { formatFloat, formatFloatV, quoteGo, quoteToASCII, quoteRune, canBackquote, isPrint } from './strconv.ts';
import { GoComplex, GoStruct, goTypeName, isGoMap, signatureOf, sortedKeys } from './values.ts';

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || !(s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) n++;
  }
  return n;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Go's len(s) of a string: its UTF-8 byte count. */
export function byteLength(s: string): number {
  if (isAscii(s)) return s.length;
  return encoder.encode(s).length;
}

function tooLarge(n: number): boolean {
  return n > 1e6 || n < -1e6;
}

interface Flags {
  widPresent: boolean;
  precPresent: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
}

class Printer {
  buf = '';
  wid = 0;
  prec = 0;
  f: Flags = newFlags();
  arg: unknown = undefined;
  erroring = false;
  panicking = false;
  reordered = false;
  goodArgNum = true;
  /** Whether the printed value is addressable (`{{ value }}`), so pointer-receiver methods count. */
  addressable = false;

  clearFlags(): void {
    this.f = newFlags();
    this.wid = 0;
    this.prec = 0;
  }

  // ---- padding -------------------------------------------------------------------------------

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.f.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  truncate(s: string): string {
    if (this.f.precPresent) {
      let n = this.prec;
      for (let i = 0; i < s.length; ) {
        n--;
        if (n < 0) return s.slice(0, i);
        const c = s.codePointAt(i)!;
        i += c > 0xffff ? 2 : 1;
      }
    }
    return s;
  }

  // ---- scalar formatting ---------------------------------------------------------------------

  fmtBoolean(v: boolean): void {
    this.pad(v ? 'true' : 'false');
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.f.plus ? quoteToASCII(s) : quoteGo(s));
  }

  fmtSbx(bytes: Uint8Array, digits: string): void {
    let length = bytes.length;
    if (this.f.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.f.space) {
        if (this.f.sharp) width *= 2;
        width += length - 1;
      } else if (this.f.sharp) {
        width += 2;
      }
    } else {
      if (this.f.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.f.widPresent && this.wid > width && !this.f.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.f.sharp) out += '0' + digits[16]!;
    for (let i = 0; i < length; i++) {
      if (this.f.space && i > 0) {
        out += ' ';
        if (this.f.sharp) out += '0' + digits[16]!;
      }
      const c = bytes[i]!;
      out += digits[c >> 4]! + digits[c & 15]!;
    }
    this.buf += out;
    if (this.f.widPresent && this.wid > width && this.f.minus) this.writePadding(this.wid - width);
  }

  fmtInteger(value: bigint, base: number, verb: string, digits: string): void {
    const negative = value < 0n;
    let u = negative ? -value : value;
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.prec;
      if (prec === 0 && value === 0n) {
        const oldZero = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.wid);
        this.f.zero = oldZero;
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.f.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8 && s[0] !== '0') s = '0' + s;
      else if (base === 16) s = '0' + digits[16]! + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.f.plus) s = '+' + s;
    else if (this.f.space) s = ' ' + s;
    u = 0n;
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  fmtUnicode(value: bigint): void {
    let u = value < 0n ? BigInt.asUintN(64, value) : value;
    let prec = 4;
    if (this.f.precPresent && this.prec > 4) prec = this.prec;
    let tail = '';
    if (this.f.sharp && u <= 0x10ffffn && isPrint(Number(u))) tail = " '" + String.fromCodePoint(Number(u)) + "'";
    let hex = u.toString(16).toUpperCase();
    u = 0n;
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad('U+' + hex + tail);
    this.f.zero = oldZero;
  }

  fmtC(value: bigint): void {
    let r = value < 0n || value > 0x10ffffn ? 0xfffd : Number(value);
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    this.pad(String.fromCodePoint(r));
  }

  fmtQc(value: bigint): void {
    const r = value < 0n || value > 0x10ffffn ? 0xfffd : Number(value);
    this.pad(quoteRune(r, this.f.plus));
  }

  fmtFloatRaw(v: number, verb: string, defaultPrec: number): void {
    let prec = defaultPrec;
    if (this.f.precPresent) prec = this.prec;
    let num = verb === 'g' && prec === -1 ? formatFloatV(v) : formatFloat(v, verb, prec);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.f.zero;
      this.f.zero = false;
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.pad(num);
      this.f.zero = oldZero;
      return;
    }
    if (this.f.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let body = num;
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i]!;
        if (c === '.') {
          hasDecimalPoint = true;
          continue;
        }
        if (c === 'p' || c === 'P') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        }
        if ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        }
        if (c !== '0') sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.wid > num.length) {
        this.buf += num[0]!;
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // ---- by Go kind ----------------------------------------------------------------------------

  fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb);
  }

  fmtIntegerVerb(v: bigint, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        this.fmtInteger(v, 10, verb, LDIGITS);
        return;
      case 'b':
        this.fmtInteger(v, 2, verb, LDIGITS);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, verb, LDIGITS);
        return;
      case 'x':
        this.fmtInteger(v, 16, verb, LDIGITS);
        return;
      case 'X':
        this.fmtInteger(v, 16, verb, UDIGITS);
        return;
      case 'c':
        this.fmtC(v);
        return;
      case 'q':
        this.fmtQc(v);
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloatRaw(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatRaw(v, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatRaw(v, verb, 6);
        return;
      case 'F':
        this.fmtFloatRaw(v, 'f', 6);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtComplex(v: GoComplex, verb: string): void {
    const format = verb === 'v' ? 'g' : verb;
    if (!'beEfFgG'.includes(format) || format.length !== 1) {
      this.badVerb(verb);
      return;
    }
    const oldPlus = this.f.plus;
    const oldSpace = this.f.space;
    const oldWid = this.wid;
    this.buf += '(';
    this.fmtFloat(v.re, format);
    this.f.plus = true;
    this.f.space = false;
    this.wid = oldWid;
    this.fmtFloat(v.im, format);
    this.buf += 'i)';
    this.f.plus = oldPlus;
    this.f.space = oldSpace;
    this.wid = oldWid;
  }

  fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        this.fmtS(v);
        return;
      case 'x':
        this.fmtSbx(utf8Bytes(v), LDIGITS);
        return;
      case 'X':
        this.fmtSbx(utf8Bytes(v), UDIGITS);
        return;
      case 'q':
        this.fmtQ(v);
        return;
      default:
        this.badVerb(verb);
    }
  }

  fmtBytes(v: Uint8Array, verb: string, typeString: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.f.sharpV) {
          this.buf += typeString + '{';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ', ';
            this.buf += '0x' + v[i]!.toString(16);
          }
          this.buf += '}';
        } else {
          this.buf += '[';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ' ';
            this.fmtInteger(BigInt(v[i]!), 10, verb, LDIGITS);
          }
          this.buf += ']';
        }
        return;
      case 's':
        this.fmtS(decoder.decode(v));
        return;
      case 'x':
        this.fmtSbx(v, LDIGITS);
        return;
      case 'X':
        this.fmtSbx(v, UDIGITS);
        return;
      case 'q':
        this.fmtQ(decoder.decode(v));
        return;
      default:
        this.printValue(Array.from(v, (b) => BigInt(b)), verb, 0, '[]uint8');
    }
  }

  fmtPointer(verb: string): void {
    switch (verb) {
      case 'p':
      case 'v':
        this.pad('0xc000010000');
        return;
      case 'b':
      case 'd':
      case 'o':
      case 'x':
      case 'X':
        this.fmtIntegerVerb(0xc000010000n, verb);
        return;
      default:
        this.badVerb(verb);
    }
  }

  badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (this.arg !== undefined && this.arg !== null) {
      this.buf += goTypeName(this.arg) + '=';
      this.printArg(this.arg, 'v');
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  // ---- methods (Error, String) ---------------------------------------------------------------

  handleMethods(verb: string): boolean {
    if (this.erroring) return false;
    if (verb === 'w') {
      this.badVerb(verb);
      return true;
    }
    const arg = this.arg;
    if (!(arg instanceof GoStruct) || this.f.sharpV) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    const method = stringMethod(arg, this.addressable);
    if (method === undefined) return false;
    const target = arg as unknown as Record<string, unknown>;
    let text: string;
    try {
      text = String((target[method] as () => unknown).call(arg));
    } catch (error) {
      this.catchPanic(verb, method, error);
      return true;
    }
    this.fmtString(text, verb);
    return true;
  }

  catchPanic(verb: string, method: string, error: unknown): void {
    if (this.panicking) throw error;
    const oldFlags = this.f;
    this.clearFlags();
    this.buf += '%!' + verb + '(PANIC=' + method + ' method: ';
    this.panicking = true;
    this.printArg(error instanceof Error ? error.message : error, 'v');
    this.panicking = false;
    this.buf += ')';
    this.f = oldFlags;
  }

  // ---- any value -----------------------------------------------------------------------------

  printArg(arg: unknown, verb: string): void {
    this.arg = arg;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeName(arg));
      return;
    }
    if (verb === 'p') {
      // Only maps, slices, funcs and pointers have an address to show.
      const addressable =
        Array.isArray(arg) || arg instanceof Uint8Array || typeof arg === 'function' || isGoMap(arg) || (arg instanceof GoStruct && arg.goTypeName().startsWith('*'));
      if (addressable) this.fmtPointer('p');
      else this.badVerb('p');
      return;
    }
    switch (typeof arg) {
      case 'string':
        this.fmtString(arg, verb);
        return;
      case 'bigint':
        this.fmtIntegerVerb(arg, verb);
        return;
      case 'number':
        this.fmtFloat(arg, verb);
        return;
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, '[]byte');
      return;
    }
    if (arg instanceof GoComplex) {
      this.fmtComplex(arg, verb);
      return;
    }
    if (!this.handleMethods(verb)) this.printValue(arg, verb, 0);
  }

  printValue(value: unknown, verb: string, depth: number, typeOverride?: string): void {
    if (depth > 0 && value !== null && value !== undefined) {
      this.arg = value;
      if (this.handleMethods(verb)) return;
    }
    this.arg = undefined;
    if (value === null || value === undefined) {
      // A nil interface inside a slice, map or struct.
      if (this.f.sharpV) this.buf += 'interface {}(nil)';
      else this.buf += '<nil>';
      return;
    }
    switch (typeof value) {
      case 'string':
        this.arg = value;
        this.fmtString(value, verb);
        return;
      case 'bigint':
        this.arg = value;
        this.fmtIntegerVerb(value, verb);
        return;
      case 'number':
        this.arg = value;
        this.fmtFloat(value, verb);
        return;
      case 'boolean':
        this.arg = value;
        this.fmtBool(value, verb);
        return;
      case 'function':
        this.arg = value;
        this.fmtPointer(verb);
        return;
    }
    if (value instanceof Uint8Array) {
      this.arg = value;
      this.fmtBytes(value, verb, '[]uint8');
      return;
    }
    if (value instanceof GoComplex) {
      this.arg = value;
      this.fmtComplex(value, verb);
      return;
    }
    if (Array.isArray(value)) {
      this.printSlice(value, verb, depth, typeOverride ?? goTypeName(value));
      return;
    }
    if (value instanceof GoStruct) {
      const inner = value.goUnderlying();
      const typeName = value.goTypeName();
      if (inner !== undefined) {
        if (Array.isArray(inner)) this.printSlice(inner, verb, depth, typeName);
        else this.printMap(inner as Record<string, unknown>, verb, depth, typeName);
        return;
      }
      if (typeName.startsWith('*')) {
        if (depth > 0) {
          this.arg = value;
          this.fmtPointer(verb);
          return;
        }
        this.buf += '&';
      }
      this.printStruct(value, verb, depth, typeName.replace(/^\*/, ''));
      return;
    }
    if (isGoMap(value)) {
      this.printMap(value, verb, depth, goTypeName(value));
      return;
    }
    this.buf += '?' + goTypeName(value) + '?';
  }

  printSlice(items: readonly unknown[], verb: string, depth: number, typeName: string): void {
    if ((verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') && (typeName === '[]uint8' || typeName === '[]byte')) {
      this.fmtBytes(Uint8Array.from(items, (b) => Number(b)), verb, typeName);
      return;
    }
    if (this.f.sharpV) {
      this.buf += typeName + '{';
      for (let i = 0; i < items.length; i++) {
        if (i > 0) this.buf += ', ';
        this.printValue(items[i], verb, depth + 1);
      }
      this.buf += '}';
      return;
    }
    this.buf += '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.buf += ' ';
      this.printValue(items[i], verb, depth + 1);
    }
    this.buf += ']';
  }

  printMap(map: Readonly<Record<string, unknown>>, verb: string, depth: number, typeName: string): void {
    if (this.f.sharpV) this.buf += typeName + '{';
    else this.buf += 'map[';
    const keys = sortedKeys(map);
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
      const key = keys[i]!;
      this.printValue(key, verb, depth + 1);
      this.buf += ':';
      this.printValue(map[key], verb, depth + 1);
    }
    this.buf += this.f.sharpV ? '}' : ']';
  }

  printStruct(value: GoStruct, verb: string, depth: number, typeName: string): void {
    if (this.f.sharpV) this.buf += typeName;
    this.buf += '{';
    const names = Object.keys(value);
    for (let i = 0; i < names.length; i++) {
      if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
      if (this.f.plusV || this.f.sharpV) this.buf += names[i]! + ':';
      this.printValue((value as unknown as Record<string, unknown>)[names[i]!], verb, depth + 1);
    }
    this.buf += '}';
  }

  // ---- Print, Println, Printf ----------------------------------------------------------------

  doPrint(args: readonly unknown[]): void {
    let prevString = false;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const isString = typeof arg === 'string';
      if (i > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 'v');
      prevString = isString;
    }
  }

  doPrintln(args: readonly unknown[]): void {
    for (let i = 0; i < args.length; i++) {
      if (i > 0) this.buf += ' ';
      this.printArg(args[i], 'v');
    }
    this.buf += '\n';
  }

  argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    const { index, wid, ok } = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrintf(format: string, args: readonly unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      const pct = format.indexOf('%', i);
      i = pct < 0 ? end : pct;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearFlags();
      simpleFormat: for (; i < end; i++) {
        const c = format[i]!;
        switch (c) {
          case '#':
            this.f.sharp = true;
            break;
          case '0':
            this.f.zero = !this.f.minus;
            break;
          case '+':
            this.f.plus = true;
            break;
          case '-':
            this.f.minus = true;
            this.f.zero = false;
            break;
          case ' ':
            this.f.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < args.length) {
              if (c === 'v') {
                this.f.sharpV = this.f.sharp;
                this.f.sharp = false;
                this.f.plusV = this.f.plus;
                this.f.plus = false;
              }
              this.printArg(args[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simpleFormat;
        }
      }

      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);

      if (i < end && format[i] === '*') {
        i++;
        const r = intFromArg(args, argNum);
        this.wid = r.num;
        this.f.widPresent = r.isInt;
        argNum = r.newArgNum;
        if (!this.f.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.f.minus = true;
          this.f.zero = false;
        }
        afterIndex = false;
      } else {
        const r = parsenum(format, i, end);
        this.wid = r.num;
        this.f.widPresent = r.isnum;
        i = r.newi;
        if (afterIndex && this.f.widPresent) this.goodArgNum = false;
      }

      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
        if (i < end && format[i] === '*') {
          i++;
          const r = intFromArg(args, argNum);
          this.prec = r.num;
          this.f.precPresent = r.isInt;
          argNum = r.newArgNum;
          if (this.prec < 0) {
            this.prec = 0;
            this.f.precPresent = false;
          }
          if (!this.f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const r = parsenum(format, i, end);
          this.prec = r.num;
          this.f.precPresent = r.isnum;
          i = r.newi;
          if (!this.f.precPresent) {
            this.prec = 0;
            this.f.precPresent = true;
          }
        }
      }

      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);

      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }

      const cp = format.codePointAt(i)!;
      const verb = String.fromCodePoint(cp);
      i += verb.length;

      if (verb === '%') {
        this.buf += '%';
      } else if (!this.goodArgNum) {
        this.buf += '%!' + verb + '(BADINDEX)';
      } else if (argNum >= args.length) {
        this.buf += '%!' + verb + '(MISSING)';
      } else {
        if (verb === 'v') {
          this.f.sharpV = this.f.sharp;
          this.f.sharp = false;
          this.f.plusV = this.f.plus;
          this.f.plus = false;
        }
        this.printArg(args[argNum], verb);
        argNum++;
      }
    }

    if (!this.reordered && argNum < args.length) {
      this.clearFlags();
      this.buf += '%!(EXTRA ';
      for (let k = argNum; k < args.length; k++) {
        if (k > argNum) this.buf += ', ';
        const arg = args[k];
        if (arg === null || arg === undefined) this.buf += '<nil>';
        else {
          this.buf += goTypeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      }
      this.buf += ')';
    }
  }
}

/** The Error or String method fmt would use for a struct, if any. */
function stringMethod(value: GoStruct, addressable: boolean): 'Error' | 'String' | undefined {
  const target = value as unknown as Record<string, unknown>;
  const usable = (name: string): boolean => {
    const method = target[name];
    if (typeof method !== 'function') return false;
    return addressable || value.goTypeName().startsWith('*') || signatureOf(method)?.pointerReceiver !== true;
  };
  if (usable('Error')) return 'Error';
  if (usable('String')) return 'String';
  return undefined;
}

function newFlags(): Flags {
  return {
    widPresent: false,
    precPresent: false,
    minus: false,
    plus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
  };
}

function parsenum(s: string, start: number, end: number): { num: number; isnum: boolean; newi: number } {
  if (start >= end) return { num: 0, isnum: false, newi: end };
  let num = 0;
  let isnum = false;
  let newi = start;
  for (; newi < end && s.charCodeAt(newi) >= 0x30 && s.charCodeAt(newi) <= 0x39; newi++) {
    if (tooLarge(num)) return { num: 0, isnum: false, newi: end };
    num = num * 10 + (s.charCodeAt(newi) - 0x30);
    isnum = true;
  }
  return { num, isnum, newi };
}

function parseArgNumber(format: string): { index: number; wid: number; ok: boolean } {
  if (format.length < 3) return { index: 0, wid: 1, ok: false };
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const r = parsenum(format, 1, i);
      if (!r.isnum || r.newi !== i) return { index: 0, wid: i + 1, ok: false };
      return { index: r.num - 1, wid: i + 1, ok: true };
    }
  }
  return { index: 0, wid: 1, ok: false };
}

function intFromArg(args: readonly unknown[], argNum: number): { num: number; isInt: boolean; newArgNum: number } {
  let num = 0;
  let isInt = false;
  let newArgNum = argNum;
  if (argNum < args.length) {
    const arg = args[argNum];
    if (typeof arg === 'bigint' && arg >= -(2n ** 63n) && arg < 2n ** 63n) {
      num = Number(arg);
      isInt = true;
    }
    newArgNum = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return { num, isInt, newArgNum };
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintln: spaces between all operands and a final newline. */
export function sprintln(args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/** fmt.Sprint of one value (`%v`), with fast paths for scalars. */
export function formatValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatFloatV(value);
  }
  const p = new Printer();
  p.printArg(value, 'v');
  return p.buf;
}

/**
 * What `{{ value }}` prints (Go's printableValue, then fmt.Fprint): a pointer to a struct
 * without String or Error methods prints as the struct itself, without `&`.
 */
export function formatPrintable(value: unknown): string {
  if (!(value instanceof GoStruct)) return formatValue(value);
  const p = new Printer();
  if (value.goUnderlying() === undefined && value.goTypeName().startsWith('*') && stringMethod(value, true) === undefined) {
    p.printStruct(value, 'v', 0, value.goTypeName().slice(1));
    return p.buf;
  }
  p.addressable = true;
  p.printArg(value, 'v');
  return p.buf;
}
