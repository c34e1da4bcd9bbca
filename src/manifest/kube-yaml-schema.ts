/**
 * The YAML schema Kubernetes tooling reads manifests with. kubectl, Argo CD and Helm parse YAML
 * through sigs.k8s.io/yaml, which resolves plain scalars the YAML 1.1 way (go-yaml v2): `yes`,
 * `on` and `y` are booleans, `0644` is octal (420), `1_000` is 1000, while timestamps stay
 * strings. js-yaml's own schemas follow YAML 1.2, where `defaultMode: 0644` would become 644 and
 * `enabled: yes` a string, so a manifest would mean something else to Ferry than to the cluster.
 * The same schema is used to print, so strings such as "yes" or "0644" come out quoted.
 */
import { FAILSAFE_SCHEMA, Type } from 'js-yaml';

const BOOLEANS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as const),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((word) => [word, Number.NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((word) => [word, Number.POSITIVE_INFINITY] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((word) => [word, Number.NEGATIVE_INFINITY] as const),
]);

// Go's strconv.ParseInt(s, 0, 64) syntax, applied (as go-yaml does) after removing underscores.
const GO_INTEGER = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
// go-yaml v2's yamlStyleFloat.
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** go-yaml only tries numbers for scalars that start with a digit or a sign (`.5` is a float too). */
function startsLikeNumber(data: string): boolean {
  return /^[-+0-9]/.test(data);
}

function resolveInteger(data: string | null): boolean {
  if (data === null || !startsLikeNumber(data)) return false;
  return GO_INTEGER.test(data.replace(/_/g, ''));
}

function constructInteger(data: string): number {
  // Go integers have no negative zero: `-0` is 0.
  return parseGoInteger(data) || 0;
}

function parseGoInteger(data: string): number {
  const plain = data.replace(/_/g, '');
  const sign = plain.startsWith('-') ? -1 : 1;
  const unsigned = plain.replace(/^[-+]/, '');
  const prefix = unsigned.slice(0, 2).toLowerCase();
  if (prefix === '0x') return sign * Number.parseInt(unsigned.slice(2), 16);
  if (prefix === '0o') return sign * Number.parseInt(unsigned.slice(2), 8);
  if (prefix === '0b') return sign * Number.parseInt(unsigned.slice(2), 2);
  if (unsigned.length > 1 && unsigned.startsWith('0')) return sign * Number.parseInt(unsigned.slice(1), 8);
  return sign * Number(unsigned);
}

function resolveFloat(data: string | null): boolean {
  if (data === null) return false;
  if (SPECIAL_FLOATS.has(data)) return true;
  if (data.startsWith('.')) return GO_FLOAT.test(data);
  return startsLikeNumber(data) && GO_FLOAT.test(data.replace(/_/g, ''));
}

function constructFloat(data: string): number {
  return SPECIAL_FLOATS.get(data) ?? Number(data.startsWith('.') ? data : data.replace(/_/g, ''));
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULLS.has(data),
  construct: () => null,
  predicate: (value: unknown) => value === null,
  represent: () => 'null',
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOLEANS.has(data),
  construct: (data: string) => BOOLEANS.get(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: (value: unknown) => (value ? 'true' : 'false'),
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: resolveInteger,
  construct: constructInteger,
  predicate: (value: unknown) => isNumber(value) && Number.isInteger(value) && !Object.is(value, -0),
  represent: (value: unknown) => String(value),
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: resolveFloat,
  construct: constructFloat,
  predicate: (value: unknown) => isNumber(value) && (!Number.isInteger(value) || Object.is(value, -0)),
  represent: (value: unknown) => {
    const number = value as number;
    if (Number.isNaN(number)) return '.nan';
    if (number === Number.POSITIVE_INFINITY) return '.inf';
    if (number === Number.NEGATIVE_INFINITY) return '-.inf';
    if (Object.is(number, -0)) return '-0.0';
    // `1e+21` would read back as a string: go-yaml wants a dot before the exponent.
    const text = String(number);
    return /^[-+]?[0-9]+e/.test(text) ? text.replace('e', '.e') : text;
  },
});

const mergeType = new Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<',
});

const textDecoder = new TextDecoder('utf-8');

// go-yaml decodes `!!binary` into bytes, which sigs.k8s.io/yaml turns into a string.
const binaryType = new Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && /^[A-Za-z0-9+/=\s]*$/.test(data),
  construct: (data: string) => textDecoder.decode(Buffer.from(data.replace(/\s/g, ''), 'base64')),
});

export const KUBE_YAML_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, mergeType],
  explicit: [binaryType],
});
