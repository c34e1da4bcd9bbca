/**
 * How go-yaml v2 (the parser behind sigs.k8s.io/yaml, which Helm reads values and Chart.yaml
 * with) resolves a plain scalar: YAML 1.1 booleans (`yes`, `on`, `y`...), Go's integer syntax
 * (`0x1F`, `0777` octal, `0b101`, underscores), floats, nulls. Timestamps stay strings, as
 * go-yaml v2 gives them to an `interface{}`. Helm then round-trips values through JSON, so
 * every number ends as a float64: a JS number here.
 */

export type GoScalar =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'str' };

const BOOLS = new Map<string, boolean>();
for (const word of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOLS.set(word, true);
for (const word of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOLS.set(word, false);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ['.nan', Number.NaN], ['.NaN', Number.NaN], ['.NAN', Number.NaN],
  ['.inf', Infinity], ['.Inf', Infinity], ['.INF', Infinity],
  ['+.inf', Infinity], ['+.Inf', Infinity], ['+.INF', Infinity],
  ['-.inf', -Infinity], ['-.Inf', -Infinity], ['-.INF', -Infinity],
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_FLOAT = /^[-+]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf|infinity|nan)$/i;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
// go-yaml v2's timestamp layouts (time.Parse with short fields): date only, RFC 3339 with
// `T`/`t`, or a space and no zone.
const TIMESTAMP =
  /^\d{4}-(\d{1,2})-(\d{1,2})(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[-+]\d{2}:\d{2})| \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?)?$/;

function isTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint: undefined when the syntax or range is wrong. */
export function parseGoInteger(text: string, unsigned = false): bigint | undefined {
  let rest = text;
  let negative = false;
  if (!unsigned && (rest[0] === '+' || rest[0] === '-')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '') return undefined;
  let base = 10;
  let digits = rest;
  if (rest[0] === '0' && rest.length > 1) {
    const prefix = rest[1]!.toLowerCase();
    if (prefix === 'x') [base, digits] = [16, rest.slice(2)];
    else if (prefix === 'o') [base, digits] = [8, rest.slice(2)];
    else if (prefix === 'b') [base, digits] = [2, rest.slice(2)];
    else [base, digits] = [8, rest.slice(1)];
  }
  if (!DIGITS[base]!.test(digits)) return undefined;
  const prefixes: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };
  let value = BigInt(prefixes[base] + digits);
  if (negative) value = -value;
  if (unsigned ? value > UINT64_MAX : value < INT64_MIN || value > INT64_MAX) return undefined;
  return value;
}

/** Go's strconv.ParseFloat(s, 64) succeeding without a range error. */
export function parseGoFloat(text: string): number | undefined {
  if (!GO_FLOAT.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/^\+/, '');
  let value: number;
  if (lower === 'inf' || lower === 'infinity') value = Infinity;
  else if (lower === '-inf' || lower === '-infinity') value = -Infinity;
  else if (lower === 'nan' || lower === '-nan') value = Number.NaN;
  else {
    value = Number(text);
    if (!Number.isFinite(value)) return undefined;
  }
  return value;
}

export function isBase60Float(text: string): boolean {
  return BASE60_FLOAT.test(text);
}

/** The tag go-yaml v2 resolves an untagged plain scalar to, with its value. */
export function resolveGoScalar(text: string): GoScalar {
  const first = text.charCodeAt(0);
  const isDigit = first >= 0x30 && first <= 0x39;
  const isSign = text[0] === '+' || text[0] === '-';
  const inMapHint = text === '' || 'yYnNtTfFoO~'.includes(text[0]!);
  if (!(isDigit || isSign || inMapHint || text[0] === '.')) return { kind: 'str' };
  if (NULLS.has(text)) return { kind: 'null' };
  const bool = BOOLS.get(text);
  if (bool !== undefined) return { kind: 'bool', value: bool };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { kind: 'float', value: special };
  if (text[0] === '.') {
    const value = parseGoFloat(text);
    return value === undefined ? { kind: 'str' } : { kind: 'float', value };
  }
  if (!(isDigit || isSign)) return { kind: 'str' };
  if (isTimestamp(text)) return { kind: 'str' };
  const plain = text.replaceAll('_', '');
  const int = parseGoInteger(plain) ?? parseGoInteger(plain, true);
  if (int !== undefined) return { kind: 'int', value: int };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = parseGoFloat(plain);
    if (value !== undefined) return { kind: 'float', value };
  }
  return { kind: 'str' };
}

/** True when go-yaml v2 would read `text` back as something other than this string. */
export function needsQuotingV2(text: string): boolean {
  return resolveGoScalar(text).kind !== 'str' || isBase60Float(text) || isTimestamp(text);
}

export function isTimestampLike(text: string): boolean {
  return isTimestamp(text);
}
