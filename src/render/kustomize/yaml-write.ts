/**
 * Printing as `kubectl kustomize` prints: each resource is turned into JSON and back into YAML
 * by sigs.k8s.io/yaml, that is go-yaml v2's encoder over generic data. Hence: keys in go-yaml
 * v2's "natural" order, YAML 1.1 quoting (`"yes"`, `"on"`, `"12:30"`), plain scalars folded at
 * 80 columns, `|` blocks for multi-line strings, and sequences not indented below their key.
 */

const BEST_WIDTH = 80;

// go-yaml v2 resolves these plain scalars to non-strings, so a string with this text is quoted.
const V2_RESERVED = new Set([
  '', '~', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE',
  'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?:Z|[+-]\d{1,2}(?::\d{2})?))|(?:\s+\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?))?$/;

/** True when go-yaml v2 would read `text`, written plain, as something other than a string. */
function resolvesToNonString(text: string): boolean {
  if (V2_RESERVED.has(text)) return true;
  if (!/^[-+.0-9]/.test(text)) return false;
  const plain = text.replaceAll('_', '');
  if (GO_INT.test(plain) || YAML_FLOAT.test(plain)) return true;
  if (/^-?0b[01]+$/.test(plain)) return true;
  return TIMESTAMP.test(text);
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function isBreak(ch: string): boolean {
  return ch === '\r' || ch === '\n' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
}

// go-yaml's is_printable: no C1 controls (NEL included) and nothing beyond the BMP.
function isPrintable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

// Most scalars are words, names and paths: nothing in them needs the full analysis.
const SIMPLE_SCALAR = /^[A-Za-z0-9_/(=+$][A-Za-z0-9_/.()=+$ ,-]*$/;
const SIMPLE: ScalarAnalysis = { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };

// A port of go-yaml's yaml_emitter_analyze_scalar, limited to the block context.
function analyzeScalar(value: string): ScalarAnalysis {
  if (SIMPLE_SCALAR.test(value) && !value.endsWith(' ')) return SIMPLE;
  if (value.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const chars = [...value];
  let blockIndicators = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let lineBreaks = false;
  let special = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreak(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      else if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true;
    else if (ch === '#' && precededByWhitespace) blockIndicators = true;
    if (!isPrintable(ch)) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
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
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreak(ch);
  }
  const result: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) result.blockPlainAllowed = false;
  if (trailingSpace) result.blockAllowed = false;
  if (breakSpace) {
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
    result.blockAllowed = false;
  }
  if (lineBreaks) result.blockPlainAllowed = false;
  if (blockIndicators) result.blockPlainAllowed = false;
  return result;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function chooseStyle(value: string, simpleKey: boolean): Style {
  const analysis = analyzeScalar(value);
  let style: Style;
  if (value.includes('\n')) style = 'literal';
  else if (!resolvesToNonString(value) && !BASE60_FLOAT.test(value)) style = 'plain';
  else style = 'double';
  if (simpleKey && analysis.multiline) style = 'double';
  if (style === 'plain') {
    if (!analysis.blockPlainAllowed) style = 'single';
    if (value.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
  return style;
}

/** Writes characters tracking the column, for go-yaml's folding of long scalars. */
class Out {
  text = '';
  column = 0;

  put(s: string): void {
    this.text += s;
    // Columns count characters, not UTF-16 units.
    this.column += /[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length;
  }

  newline(indent: number): void {
    this.text += `\n${' '.repeat(indent)}`;
    this.column = indent;
  }
}

function writePlain(out: Out, value: string, indent: number, allowBreaks: boolean): void {
  // Folding happens only at a space past column 80.
  if (!allowBreaks || !value.includes(' ') || out.column + value.length <= BEST_WIDTH) {
    out.put(value);
    return;
  }
  const chars = [...value];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && chars[i + 1] !== ' ') out.newline(indent);
      else out.put(ch);
      spaces = true;
    } else {
      out.put(ch);
      spaces = false;
    }
  }
}

function writeSingle(out: Out, value: string, indent: number, allowBreaks: boolean): void {
  out.put("'");
  const chars = [...value];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
        out.newline(indent);
      } else out.put(ch);
      spaces = true;
    } else {
      if (ch === "'") out.put("'");
      out.put(ch);
      spaces = false;
    }
  }
  out.put("'");
}

const SHORT_ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\u0085': 'N', '\u00a0': '_', '\u2028': 'L', '\u2029': 'P',
};

function writeDouble(out: Out, value: string, indent: number, allowBreaks: boolean): void {
  out.put('"');
  const chars = [...value];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const code = ch.codePointAt(0) ?? 0;
    if (!isPrintable(ch) || code === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\') {
      const short = SHORT_ESCAPES[ch];
      if (short !== undefined) out.put(`\\${short}`);
      else if (code <= 0xff) out.put(`\\x${code.toString(16).toUpperCase().padStart(2, '0')}`);
      else if (code <= 0xffff) out.put(`\\u${code.toString(16).toUpperCase().padStart(4, '0')}`);
      else out.put(`\\U${code.toString(16).toUpperCase().padStart(8, '0')}`);
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out.newline(indent);
        if (chars[i + 1] === ' ') out.put('\\');
      } else out.put(ch);
      spaces = true;
    } else {
      out.put(ch);
      spaces = false;
    }
  }
  out.put('"');
}

function writeLiteral(out: Out, value: string, indent: number): void {
  let chomp = '';
  if (!value.endsWith('\n')) chomp = '-';
  else if (value.length === 1 || value.endsWith('\n\n')) chomp = '+';
  const indentHint = value.startsWith(' ') || value.startsWith('\n') ? '2' : '';
  out.put(`|${indentHint}${chomp}`);
  const lines = value.split('\n');
  // A trailing newline ends the last line rather than starting an empty one.
  if (value.endsWith('\n')) lines.pop();
  for (const line of lines) {
    if (line === '') {
      out.text += '\n';
      out.column = 0;
    } else {
      out.newline(indent);
      out.put(line);
    }
  }
}

function writeString(out: Out, value: string, indent: number, simpleKey: boolean): void {
  switch (chooseStyle(value, simpleKey)) {
    case 'plain':
      writePlain(out, value, indent, !simpleKey);
      return;
    case 'single':
      writeSingle(out, value, indent, !simpleKey);
      return;
    case 'double':
      writeDouble(out, value, indent, !simpleKey);
      return;
    case 'literal':
      writeLiteral(out, value, indent);
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 64), which go-yaml v2 uses for floats. */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '+.inf';
  if (value === -Infinity) return '-.inf';
  // An integral value is printed as an integer when Go can read it back into an int64 or a
  // uint64 (kubectl's JSON round trip); beyond that it is a float, written in 'g' form.
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 64) return String(value);
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

function writeScalar(out: Out, value: unknown, indent: number): void {
  if (value === null || value === undefined) out.put('null');
  else if (typeof value === 'boolean') out.put(value ? 'true' : 'false');
  else if (typeof value === 'number') out.put(formatGoFloat(value));
  else if (typeof value === 'bigint') out.put(value.toString());
  else writeString(out, String(value), indent, false);
}

/** go-yaml v2's ordering of map keys: letters before other runes, digit runs by value. */
export function compareKeysV2(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] as string;
    const cb = br[i] as string;
    if (ca === cb) continue;
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) return ca < cb ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ca === '0' || cb === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ca < cb ? -1 : 1;
  }
  return ar.length - br.length;
}

function isEmptyCollection(value: unknown): string | undefined {
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function writeMapBody(out: Out, map: Record<string, unknown>, indent: number, firstOnLine: boolean): void {
  const keys = Object.keys(map).sort(compareKeysV2);
  keys.forEach((key, index) => {
    if (index > 0 || !firstOnLine) out.newline(indent);
    // go-yaml writes a key longer than 128 bytes as an explicit `? key` / `: value` pair.
    if (Buffer.byteLength(key) > 128) {
      out.put('? ');
      writeString(out, key, indent + 2, false);
      out.newline(indent);
      out.put(':');
      const value = map[key];
      // A block value starts on the `:` line, its lines indented below it.
      if (isMap(value) && !isEmptyCollection(value)) {
        out.put(' ');
        writeMapBody(out, value, indent + 2, true);
      } else if (Array.isArray(value) && value.length > 0) {
        out.put(' ');
        writeSeqBody(out, value, indent + 2, true);
      } else writeValue(out, value, indent, true);
      return;
    }
    writeString(out, key, indent, true);
    out.put(':');
    writeValue(out, map[key], indent, true);
  });
}

function writeSeqBody(out: Out, list: readonly unknown[], indent: number, firstOnLine: boolean): void {
  list.forEach((item, index) => {
    if (index > 0 || !firstOnLine) out.newline(indent);
    out.put('-');
    const empty = isEmptyCollection(item);
    if (empty) out.put(` ${empty}`);
    else if (isMap(item)) {
      out.put(' ');
      writeMapBody(out, item, indent + 2, true);
    } else if (Array.isArray(item)) {
      out.put(' ');
      writeSeqBody(out, item, indent + 2, true);
    } else {
      out.put(' ');
      writeScalar(out, item, indent + 2);
    }
  });
}

// Writes what follows `key:`; `indent` is the column of the key.
function writeValue(out: Out, value: unknown, indent: number, _afterKey: boolean): void {
  const empty = isEmptyCollection(value);
  if (empty) out.put(` ${empty}`);
  else if (isMap(value)) writeMapBody(out, value, indent + 2, false);
  else if (Array.isArray(value)) writeSeqBody(out, value, indent, false);
  else {
    out.put(' ');
    writeScalar(out, value, indent + 2);
  }
}

/** One document as sigs.k8s.io/yaml's JSONToYAML prints it, ending with a newline. */
export function writeKustomizeYaml(value: unknown): string {
  const out = new Out();
  const empty = isEmptyCollection(value);
  if (empty) return `${empty}\n`;
  if (isMap(value)) writeMapBody(out, value, 0, true);
  else if (Array.isArray(value)) writeSeqBody(out, value, 0, true);
  else writeScalar(out, value, 0);
  return `${out.text}\n`;
}
