/**
 * YAML text as go-yaml writes it, for Helm's `toYaml` (sigs.k8s.io/yaml: JSON, then go-yaml
 * v2 with its 80-column folding and indentless sequences) and `toYamlPretty` (go-yaml v3,
 * two-space indented sequences, no folding). Follows the choices of libyaml's emitter: plain
 * when the text reads back as the same string, else single or double quotes, literal blocks
 * for multi-line text, `?` complex keys for long or multi-line keys.
 */
import { isBase60Float, parseGoInteger, resolveGoScalar, isTimestampLike } from './go-scalar.ts';
import { JsonNumber, sortedGoKeys, toJsonTree } from './go-json.ts';
import type { JsonTree } from './go-json.ts';

export interface YamlEmitOptions {
  /** go-yaml v3 (toYamlPretty): sequences indented under their key, no line folding. */
  readonly v3?: boolean;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  readonly multiline: boolean;
  readonly flowPlain: boolean;
  readonly blockPlain: boolean;
  readonly singleQuoted: boolean;
  readonly block: boolean;
}

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

function analyze(value: string): Analysis {
  if (value.length === 0) {
    return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const c = ch.codePointAt(0)!;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreak(next.codePointAt(0)!);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(ch)) {
      flowIndicators = true;
    } else if (ch === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreak(c);
  }
  let flowPlain = true;
  let blockPlain = true;
  let singleQuoted = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    flowPlain = false;
    blockPlain = false;
  }
  if (trailingSpace) block = false;
  if (breakSpace) {
    flowPlain = false;
    blockPlain = false;
    singleQuoted = false;
  }
  if (spaceBreak || special) {
    flowPlain = false;
    blockPlain = false;
    singleQuoted = false;
    block = false;
  }
  if (lineBreaks) {
    flowPlain = false;
    blockPlain = false;
  }
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  return { multiline: lineBreaks, flowPlain, blockPlain, singleQuoted, block };
}

const V3_OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** The style the encoder asks for (go-yaml's stringv). */
function requestedStyle(value: string, v3: boolean): Style {
  let canUsePlain: boolean;
  if (v3) {
    canUsePlain = resolveGoScalar(value).kind === 'str' && !isTimestampLike(value) && !isBase60Float(value) && !V3_OLD_BOOLS.has(value);
  } else {
    canUsePlain = resolveGoScalar(value).kind === 'str' && !isTimestampLike(value) && !isBase60Float(value);
  }
  if (value.includes('\n')) return 'literal';
  return canUsePlain ? 'plain' : 'double';
}

/** libyaml's yaml_emitter_select_scalar_style. */
function selectStyle(value: string, requested: Style, simpleKey: boolean, flow: boolean): Style {
  const analysis = analyze(value);
  let style = requested;
  if (simpleKey && analysis.multiline) style = 'double';
  if (style === 'plain') {
    if ((flow && !analysis.flowPlain) || (!flow && !analysis.blockPlain)) style = 'single';
    if (value.length === 0 && (flow || simpleKey)) style = 'single';
  }
  if (style === 'single' && !analysis.singleQuoted) style = 'double';
  if (style === 'literal' && (!analysis.block || flow || simpleKey)) style = 'double';
  return style;
}

/** Go's strconv.FormatFloat(value, 'g', -1, 64), with go-yaml's names for the specials. */
export function formatGoFloatG(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 21 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

/** How go-yaml v2 prints a number that arrived as a JSON literal. */
function v2NumberText(number: JsonNumber): string {
  const literal = number.literal;
  if (/^-?[0-9]+$/.test(literal)) {
    // Read back as an integer and printed again: json's -0 becomes 0.
    if (parseGoInteger(literal) !== undefined || parseGoInteger(literal, true) !== undefined) return BigInt(literal).toString();
  }
  return formatGoFloatG(Number(literal));
}

class Emitter {
  private readonly parts: string[] = [];
  private column = 0;
  /** Nothing but indentation written on the current line so far. */
  private indention = true;
  /** The last character written is whitespace (or the line is empty). */
  private whitespace = true;
  private readonly v3: boolean;
  private readonly width: number;

  constructor(v3: boolean) {
    this.v3 = v3;
    this.width = v3 ? Number.MAX_SAFE_INTEGER : BEST_WIDTH;
  }

  /** The document end: libyaml's write_indent at indentation 0 ends the last line. */
  finish(): string {
    if (!this.indention || this.column > 0 || !this.whitespace) this.newline();
    return this.parts.join('');
  }

  private put(text: string): void {
    this.parts.push(text);
    this.column += text.length;
  }

  private putChar(ch: string): void {
    this.parts.push(ch);
    this.column += 1;
  }

  private newline(): void {
    this.parts.push('\n');
    this.column = 0;
  }

  /** libyaml's yaml_emitter_write_indent. */
  private writeIndent(indent: number): void {
    const target = Math.max(indent, 0);
    if (!this.indention || this.column > target || (this.column === target && !this.whitespace)) this.newline();
    if (this.column < target) this.put(' '.repeat(target - this.column));
    this.whitespace = true;
    this.indention = true;
  }

  private indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.putChar(' ');
    this.put(text);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  numberText(number: JsonNumber): string {
    if (this.v3) return number.isFloat ? formatGoFloatG(Number(number.literal)) : number.literal;
    return v2NumberText(number);
  }

  /** A node in block context. `indent` is the indentation of the enclosing collection. */
  node(tree: JsonTree, indent: number, context: 'root' | 'seq' | 'map'): void {
    if (Array.isArray(tree)) {
      if (tree.length === 0) return this.scalarRaw('[]');
      const seqIndent = context === 'root' ? 0 : context === 'map' && !this.v3 ? indent : indent + BEST_INDENT;
      return this.sequence(tree, seqIndent);
    }
    if (tree !== null && typeof tree === 'object' && !(tree instanceof JsonNumber)) {
      // JSON keeps a struct's field order; YAML (through a map) sorts every object's keys.
      const keys = sortedGoKeys(tree);
      if (keys.length === 0) return this.scalarRaw('{}');
      return this.mapping(tree, keys, context === 'root' ? 0 : indent + BEST_INDENT);
    }
    this.scalar(tree, context === 'root' ? BEST_INDENT : indent + BEST_INDENT, false);
  }

  private scalarRaw(text: string): void {
    if (!this.whitespace) this.putChar(' ');
    this.put(text);
    this.whitespace = false;
    this.indention = false;
  }

  private scalar(tree: JsonTree, indent: number, simpleKey: boolean): void {
    if (tree === null) return this.scalarRaw('null');
    if (typeof tree === 'boolean') return this.scalarRaw(tree ? 'true' : 'false');
    if (tree instanceof JsonNumber) return this.scalarRaw(this.numberText(tree));
    const text = tree as string;
    const style = selectStyle(text, requestedStyle(text, this.v3), simpleKey, false);
    const allowBreaks = !simpleKey;
    switch (style) {
      case 'plain':
        return this.writePlain(text, indent, allowBreaks);
      case 'single':
        return this.writeSingle(text, indent, allowBreaks);
      case 'double':
        return this.writeDouble(text, indent, allowBreaks);
      case 'literal':
        return this.writeLiteral(text, indent);
    }
  }

  private sequence(items: JsonTree[], indent: number): void {
    for (const item of items) {
      this.writeIndent(indent);
      this.indicator('-', true, false, true);
      this.node(item, indent, 'seq');
    }
  }

  private mapping(tree: { readonly [key: string]: JsonTree }, keys: readonly string[], indent: number): void {
    for (const key of sortYamlKeys(keys)) {
      this.writeIndent(indent);
      const value = tree[key]!;
      if (isSimpleKey(key)) {
        this.scalar(key, indent + BEST_INDENT, true);
        this.indicator(':', false, false, false);
      } else {
        this.indicator('?', true, false, true);
        this.scalar(key, indent + BEST_INDENT, false);
        this.writeIndent(indent);
        this.indicator(':', true, false, true);
      }
      this.node(value, indent, 'map');
    }
  }

  private writePlain(value: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.putChar(' ');
    let spaces = false;
    const chars = Array.from(value);
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.width && chars[i + 1] !== ' ') {
          this.writeIndent(indent);
        } else {
          this.putChar(ch);
        }
        spaces = true;
      } else {
        this.putChar(ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const chars = Array.from(value);
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      const c = ch.codePointAt(0)!;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
          this.writeIndent(indent);
        } else {
          this.putChar(ch);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && ch === '\n') this.newline();
        if (ch === '\n') this.newline();
        else {
          this.parts.push(ch);
          this.column = 0;
        }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        if (ch === "'") this.putChar("'");
        this.putChar(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(value: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    let spaces = false;
    const chars = Array.from(value);
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      const c = ch.codePointAt(0)!;
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || ch === '"' || ch === '\\') {
        this.putChar('\\');
        this.put(doubleQuotedEscape(c));
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.width && i > 0 && i < chars.length - 1) {
          this.writeIndent(indent);
          if (chars[i + 1] === ' ') this.putChar('\\');
        } else {
          this.putChar(ch);
        }
        spaces = true;
      } else {
        this.putChar(ch);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string, indent: number): void {
    this.indicator('|', true, false, false);
    const chars = Array.from(value);
    const first = chars[0];
    if (first !== undefined && (first === ' ' || isBreak(first.codePointAt(0)!))) {
      this.indicator(String(BEST_INDENT), false, false, false);
    }
    const last = chars[chars.length - 1];
    let chomp = '';
    if (last === undefined || !isBreak(last.codePointAt(0)!)) chomp = '-';
    else if (chars.length === 1) chomp = '+';
    else if (isBreak(chars[chars.length - 2]!.codePointAt(0)!)) chomp = '+';
    if (chomp) this.indicator(chomp, false, false, false);
    this.newline();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const ch of chars) {
      if (isBreak(ch.codePointAt(0)!)) {
        if (ch === '\n' || ch === '\r') this.newline();
        else {
          this.parts.push(ch);
          this.column = 0;
        }
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        this.putChar(ch);
        this.indention = false;
        breaks = false;
      }
    }
    // The next node starts on a new line: a block scalar always ends with its line.
    this.whitespace = true;
  }
}

function doubleQuotedEscape(c: number): string {
  switch (c) {
    case 0x00:
      return '0';
    case 0x07:
      return 'a';
    case 0x08:
      return 'b';
    case 0x09:
      return 't';
    case 0x0a:
      return 'n';
    case 0x0b:
      return 'v';
    case 0x0c:
      return 'f';
    case 0x0d:
      return 'r';
    case 0x1b:
      return 'e';
    case 0x22:
      return '"';
    case 0x5c:
      return '\\';
    case 0x85:
      return 'N';
    case 0xa0:
      return '_';
    case 0x2028:
      return 'L';
    case 0x2029:
      return 'P';
    default: {
      const hex = c.toString(16).toUpperCase();
      if (c <= 0xff) return `x${hex.padStart(2, '0')}`;
      if (c <= 0xffff) return `u${hex.padStart(4, '0')}`;
      return `U${hex.padStart(8, '0')}`;
    }
  }
}

/** libyaml's yaml_emitter_check_simple_key for a string key. */
function isSimpleKey(key: string): boolean {
  return new TextEncoder().encode(key).length <= 128 && !analyze(key).multiline;
}

function isLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Nd}/u.test(ch);
}

/** go-yaml's keyList.Less for string keys: letters after other runes, digit runs numerically. */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)! ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 0x30);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 0x30);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)! ? -1 : 1;
  }
  return ar.length < br.length ? -1 : 1;
}

function sortYamlKeys(keys: readonly string[]): string[] {
  return [...keys].sort(compareYamlKeys);
}

/** go-yaml's output for a JSON-shaped tree, ending with a newline. */
export function emitYaml(tree: JsonTree, options: YamlEmitOptions = {}): string {
  const emitter = new Emitter(options.v3 ?? false);
  emitter.node(tree, -1, 'root');
  return emitter.finish();
}

/** sigs.k8s.io/yaml.Marshal: throws where json.Marshal fails. */
export function marshalYaml(value: unknown): string {
  return emitYaml(toJsonTree(value));
}

/** go-yaml v3 with two-space indentation (Helm's toYamlPretty). */
export function marshalYamlPretty(value: unknown): string {
  return emitYaml(toJsonTree(value), { v3: true });
}

export { sortedGoKeys };
