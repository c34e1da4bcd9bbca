/**
 * JSON Schema validation of values (values.schema.json), enough of drafts 4 to 2020-12 for
 * charts: types, enum/const, properties and friends, items/prefixItems, numeric and length
 * bounds, pattern, combinators, if/then/else, local `$ref`. Errors read as Helm v4 prints
 * them (santhosh-tekuri/jsonschema): `- at '/replicas': got string, want integer`, nested
 * under `validation failed` when one place has several.
 */

export interface SchemaError {
  readonly at: string;
  readonly message: string;
  readonly causes: readonly SchemaError[];
}

export class SchemaLoadError extends Error {
  override readonly name = 'SchemaLoadError';
}

type Schema = boolean | Record<string, unknown>;

function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

function isInteger(value: unknown): boolean {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

function toNumber(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  // jsonschema's display: collections are just "value", nil as Go prints it.
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value) || typeof value === 'object') return 'value';
  return display(value);
}

function display(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return JSON.stringify(Array.from(value));
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number as jsonschema's messages print it (golang.org/x/text's printer, English): `%v` of a
 * float64 is its shortest form, in `1.5×10⁰⁶` notation from exponent 6 (or below -4), else
 * with thousands grouped (`70,000`, `1,234.5`); an integer count is grouped too.
 */
export function formatNumber(value: unknown): string {
  if (typeof value === 'bigint') return (value < 0n ? '-' : '') + groupThousands((value < 0n ? -value : value).toString());
  const n = Number(value);
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN';
  if (n === 0) return '0';
  const [mantissa, exp] = Math.abs(n).toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  const sign = n < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    const power = (exponent < 0 ? '⁻' : '') + Array.from(digits, (d) => SUPERSCRIPT[Number(d)]).join('');
    return `${sign}${mantissa}×10${power}`;
  }
  const [int, frac] = String(Math.abs(n)).split('.') as [string, string | undefined];
  return `${sign}${groupThousands(int)}${frac === undefined ? '' : `.${frac}`}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return toNumber(a) === toNumber(b);
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

const regexCache = new Map<string, RegExp>();
function compilePattern(pattern: string): RegExp {
  let regexp = regexCache.get(pattern);
  if (!regexp) {
    try {
      regexp = new RegExp(pattern, 'u');
    } catch {
      try {
        regexp = new RegExp(pattern);
      } catch {
        throw new SchemaLoadError(`invalid regular expression ${JSON.stringify(pattern)}`);
      }
    }
    regexCache.set(pattern, regexp);
  }
  return regexp;
}

function group(at: string, errors: SchemaError[]): SchemaError | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return { at, message: 'validation failed', causes: errors };
}

class Validator {
  private readonly root: Schema;
  /** Drafts before 2019-09 ignore the keywords beside a `$ref`. */
  private readonly refAlone: boolean;
  private depth = 0;

  constructor(root: Schema) {
    this.root = root;
    const draft = typeof root === 'object' && typeof root.$schema === 'string' ? root.$schema : '';
    this.refAlone = /draft-0[3-7]/.test(draft);
  }

  private resolve(ref: string): Schema {
    // A reference through the schema's own $id is a local one.
    const id = typeof this.root === 'object' && typeof this.root.$id === 'string' ? this.root.$id.replace(/#.*$/, '') : '';
    if (id !== '' && ref.startsWith(id) && (ref.length === id.length || ref[id.length] === '#')) ref = ref.slice(id.length) || '#';
    // Helm fetches remote schemas (kubernetes-json-schema definitions, say); Ferry fetches nothing, and
    // a reference it cannot follow accepts any value rather than refuse a chart helm renders.
    if (!ref.startsWith('#')) return true;
    const pointer = decodeURIComponent(ref.slice(1));
    let node: unknown = this.root;
    if (pointer !== '' && !pointer.startsWith('/')) {
      const found = findAnchor(this.root, pointer);
      if (found === undefined) throw new SchemaLoadError(`$ref ${JSON.stringify(ref)} not found`);
      return found;
    }
    for (const raw of pointer.split('/').slice(1)) {
      const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) throw new SchemaLoadError(`$ref ${JSON.stringify(ref)} not found`);
      node = (node as Record<string, unknown>)[token];
    }
    if (typeof node !== 'boolean' && (node === null || typeof node !== 'object')) throw new SchemaLoadError(`$ref ${JSON.stringify(ref)} is not a schema`);
    return node as Schema;
  }

  validate(schema: Schema, value: unknown, at: string): SchemaError[] {
    if (schema === true) return [];
    if (schema === false) return [{ at, message: 'false schema', causes: [] }];
    if (++this.depth > 500) throw new SchemaLoadError('schema recursion too deep');
    try {
      return this.validateObject(schema, value, at);
    } finally {
      this.depth--;
    }
  }

  private validateObject(s: Record<string, unknown>, value: unknown, at: string): SchemaError[] {
    const errors: SchemaError[] = [];
    const type = jsonType(value);

    if (typeof s.$ref === 'string') {
      const refErrors = this.validate(this.resolve(s.$ref), value, at);
      const g = group(at, refErrors);
      if (g) errors.push(g);
      if (this.refAlone) return errors;
    }
    if (typeof s.$dynamicRef === 'string') {
      const g = group(at, this.validate(this.resolve(s.$dynamicRef), value, at));
      if (g) errors.push(g);
    }

    if (s.type !== undefined) {
      const wanted = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
      const ok = wanted.some((w) => w === type || (w === 'integer' && isInteger(value)) || (w === 'number' && type === 'number'));
      if (!ok) errors.push({ at, message: `got ${type}, want ${[...wanted].sort().join(' or ')}`, causes: [] });
    }
    if (Array.isArray(s.enum) && !s.enum.some((item) => deepEqual(item, value))) {
      errors.push({ at, message: `value must be one of ${s.enum.map(quote).join(', ')}`, causes: [] });
    }
    if (Object.hasOwn(s, 'const') && !deepEqual(s.const, value)) {
      const composite = s.const !== null && typeof s.const === 'object';
      errors.push({ at, message: composite ? "'const' failed" : `value must be ${quote(s.const)}`, causes: [] });
    }

    if (type === 'number') this.numeric(s, value, at, errors);
    if (type === 'string') this.string(s, value as string, at, errors);
    if (type === 'array') this.array(s, value as unknown[], at, errors);
    if (type === 'object') this.object(s, value as Record<string, unknown>, at, errors);

    if (Array.isArray(s.allOf)) {
      const causes = s.allOf.flatMap((sub) => {
        const g = group(at, this.validate(sub as Schema, value, at));
        return g ? [g] : [];
      });
      if (causes.length > 0) errors.push({ at, message: "'allOf' failed", causes });
    }
    if (Array.isArray(s.anyOf)) {
      const causes: SchemaError[] = [];
      let matched = false;
      for (const sub of s.anyOf) {
        const g = group(at, this.validate(sub as Schema, value, at));
        if (!g) {
          matched = true;
          break;
        }
        causes.push(g);
      }
      if (!matched) errors.push({ at, message: "'anyOf' failed", causes });
    }
    if (Array.isArray(s.oneOf)) {
      const causes: SchemaError[] = [];
      const matched: number[] = [];
      s.oneOf.forEach((sub, i) => {
        const g = group(at, this.validate(sub as Schema, value, at));
        if (g) causes.push(g);
        else matched.push(i);
      });
      if (matched.length === 0) errors.push({ at, message: "'oneOf' failed, none matched", causes });
      else if (matched.length > 1) errors.push({ at, message: `'oneOf' failed, subschemas ${matched[0]}, ${matched[1]} matched`, causes: [] });
    }
    if (s.not !== undefined && this.validate(s.not as Schema, value, at).length === 0) {
      errors.push({ at, message: "'not' failed", causes: [] });
    }
    if (s.if !== undefined) {
      const passes = this.validate(s.if as Schema, value, at).length === 0;
      const branch = passes ? s.then : s.else;
      if (branch !== undefined) {
        const g = group(at, this.validate(branch as Schema, value, at));
        if (g) errors.push(passes ? { at, message: "if-then failed", causes: [g] } : { at, message: "if-else failed", causes: [g] });
      }
    }
    return errors;
  }

  private numeric(s: Record<string, unknown>, value: unknown, at: string, errors: SchemaError[]): void {
    const n = toNumber(value);
    const shown = formatNumber(value);
    if (typeof s.minimum === 'number') {
      if (s.exclusiveMinimum === true ? n <= s.minimum : n < s.minimum) {
        errors.push({ at, message: `${s.exclusiveMinimum === true ? 'exclusiveMinimum' : 'minimum'}: got ${shown}, want ${formatNumber(s.minimum)}`, causes: [] });
      }
    }
    if (typeof s.maximum === 'number') {
      if (s.exclusiveMaximum === true ? n >= s.maximum : n > s.maximum) {
        errors.push({ at, message: `${s.exclusiveMaximum === true ? 'exclusiveMaximum' : 'maximum'}: got ${shown}, want ${formatNumber(s.maximum)}`, causes: [] });
      }
    }
    if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum) {
      errors.push({ at, message: `exclusiveMinimum: got ${shown}, want ${formatNumber(s.exclusiveMinimum)}`, causes: [] });
    }
    if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum) {
      errors.push({ at, message: `exclusiveMaximum: got ${shown}, want ${formatNumber(s.exclusiveMaximum)}`, causes: [] });
    }
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const q = n / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) errors.push({ at, message: `multipleOf: got ${shown}, want ${formatNumber(s.multipleOf)}`, causes: [] });
    }
  }

  private string(s: Record<string, unknown>, value: string, at: string, errors: SchemaError[]): void {
    const length = Array.from(value).length;
    if (typeof s.minLength === 'number' && length < s.minLength) errors.push({ at, message: `minLength: got ${formatNumber(length)}, want ${formatNumber(s.minLength)}`, causes: [] });
    if (typeof s.maxLength === 'number' && length > s.maxLength) errors.push({ at, message: `maxLength: got ${formatNumber(length)}, want ${formatNumber(s.maxLength)}`, causes: [] });
    if (typeof s.pattern === 'string' && !compilePattern(s.pattern).test(value)) {
      errors.push({ at, message: `${quote(value)} does not match pattern ${quote(s.pattern)}`, causes: [] });
    }
  }

  private array(s: Record<string, unknown>, value: unknown[], at: string, errors: SchemaError[]): void {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push({ at, message: `minItems: got ${formatNumber(value.length)}, want ${formatNumber(s.minItems)}`, causes: [] });
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push({ at, message: `maxItems: got ${formatNumber(value.length)}, want ${formatNumber(s.maxItems)}`, causes: [] });
    if (s.uniqueItems === true) {
      outer: for (let i = 0; i < value.length; i++) {
        for (let j = i + 1; j < value.length; j++) {
          if (deepEqual(value[i], value[j])) {
            errors.push({ at, message: `items at ${i} and ${j} are equal`, causes: [] });
            break outer;
          }
        }
      }
    }
    let prefix = 0;
    const itemErrors = (schema: Schema, i: number) => {
      const g = group(`${at}/${i}`, this.validate(schema, value[i], `${at}/${i}`));
      if (g) errors.push(g);
    };
    if (Array.isArray(s.prefixItems)) {
      prefix = Math.min(s.prefixItems.length, value.length);
      for (let i = 0; i < prefix; i++) itemErrors(s.prefixItems[i] as Schema, i);
      if (s.items !== undefined && !Array.isArray(s.items)) for (let i = prefix; i < value.length; i++) itemErrors(s.items as Schema, i);
    } else if (Array.isArray(s.items)) {
      prefix = Math.min(s.items.length, value.length);
      for (let i = 0; i < prefix; i++) itemErrors(s.items[i] as Schema, i);
      if (s.additionalItems === false && value.length > s.items.length) {
        errors.push({ at, message: `last ${value.length - s.items.length} additionalItem(s) not allowed`, causes: [] });
      } else if (s.additionalItems !== undefined && typeof s.additionalItems === 'object') {
        for (let i = prefix; i < value.length; i++) itemErrors(s.additionalItems as Schema, i);
      }
    } else if (s.items !== undefined) {
      for (let i = 0; i < value.length; i++) itemErrors(s.items as Schema, i);
    }
    if (s.contains !== undefined) {
      const misses: SchemaError[] = [];
      let matches = 0;
      value.forEach((item, i) => {
        const g = group(`${at}/${i}`, this.validate(s.contains as Schema, item, `${at}/${i}`));
        if (g) misses.push(g);
        else matches++;
      });
      const min = typeof s.minContains === 'number' ? s.minContains : 1;
      if (matches < min) {
        errors.push(min === 1 ? { at, message: 'no items match contains schema', causes: misses } : { at, message: `minContains: got ${formatNumber(matches)}, want ${formatNumber(min)}`, causes: [] });
      }
      if (typeof s.maxContains === 'number' && matches > s.maxContains) errors.push({ at, message: `maxContains: got ${formatNumber(matches)}, want ${formatNumber(s.maxContains)}`, causes: [] });
    }
  }

  private object(s: Record<string, unknown>, value: Record<string, unknown>, at: string, errors: SchemaError[]): void {
    const keys = Object.keys(value);
    if (Array.isArray(s.required)) {
      const missing = (s.required as string[]).filter((key) => !Object.hasOwn(value, key));
      if (missing.length === 1) errors.push({ at, message: `missing property ${quote(missing[0])}`, causes: [] });
      else if (missing.length > 1) errors.push({ at, message: `missing properties ${missing.map(quote).join(', ')}`, causes: [] });
    }
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) errors.push({ at, message: `minProperties: got ${formatNumber(keys.length)}, want ${formatNumber(s.minProperties)}`, causes: [] });
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) errors.push({ at, message: `maxProperties: got ${formatNumber(keys.length)}, want ${formatNumber(s.maxProperties)}`, causes: [] });
    const dependent = (s.dependentRequired ?? s.dependencies) as Record<string, unknown> | undefined;
    if (dependent && typeof dependent === 'object') {
      for (const [key, requirement] of Object.entries(dependent)) {
        if (!Object.hasOwn(value, key)) continue;
        if (Array.isArray(requirement)) {
          const missing = (requirement as string[]).filter((r) => !Object.hasOwn(value, r));
          if (missing.length > 0) errors.push({ at, message: `properties ${missing.map(quote).join(', ')} required, if ${quote(key)} exists`, causes: [] });
        } else {
          const g = group(at, this.validate(requirement as Schema, value, at));
          if (g) errors.push(g);
        }
      }
    }
    if (s.dependentSchemas && typeof s.dependentSchemas === 'object') {
      for (const [key, sub] of Object.entries(s.dependentSchemas as Record<string, unknown>)) {
        if (!Object.hasOwn(value, key)) continue;
        const g = group(at, this.validate(sub as Schema, value, at));
        if (g) errors.push(g);
      }
    }
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, Schema>).map(([p, sub]) => [compilePattern(p), sub] as const);
    const additional: string[] = [];
    const propertyErrors = new Map<string, SchemaError[]>();
    const push = (key: string, list: SchemaError[]) => {
      if (list.length === 0) return;
      const existing = propertyErrors.get(key) ?? [];
      existing.push(...list);
      propertyErrors.set(key, existing);
    };
    for (const key of Object.keys(properties)) {
      if (!Object.hasOwn(value, key)) continue;
      const child = `${at}/${escapePointer(key)}`;
      push(key, this.validate(properties[key]!, value[key], child));
    }
    for (const key of keys) {
      const child = `${at}/${escapePointer(key)}`;
      let matched = Object.hasOwn(properties, key);
      for (const [regexp, sub] of patterns) {
        if (regexp.test(key)) {
          matched = true;
          push(key, this.validate(sub, value[key], child));
        }
      }
      if (!matched && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) additional.push(key);
        else push(key, this.validate(s.additionalProperties as Schema, value[key], child));
      }
      if (s.propertyNames !== undefined) {
        const nameErrors = this.validate(s.propertyNames as Schema, key, at);
        if (nameErrors.length > 0) errors.push({ at, message: `invalid propertyName ${quote(key)}`, causes: nameErrors });
      }
    }
    for (const [key, list] of propertyErrors) {
      const g = group(`${at}/${escapePointer(key)}`, list);
      if (g) errors.push(g);
    }
    if (additional.length > 0) errors.push({ at, message: `additional properties ${additional.map(quote).join(', ')} not allowed`, causes: [] });
  }
}

function findAnchor(node: unknown, anchor: string): Schema | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findAnchor(item, anchor);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const record = node as Record<string, unknown>;
  if (record.$anchor === anchor || record.$id === `#${anchor}` || record.id === `#${anchor}`) return record;
  for (const value of Object.values(record)) {
    const found = findAnchor(value, anchor);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parses a values.schema.json (throws SchemaLoadError on bad JSON). */
export function parseSchema(bytes: Uint8Array): Schema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    throw new SchemaLoadError(`values.schema.json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'boolean' && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
    throw new SchemaLoadError('values.schema.json is not a JSON schema (an object or a boolean)');
  }
  return parsed as Schema;
}

/** The errors of validating `values` against `schema` (empty when valid). */
export function validateSchema(schema: Schema, values: unknown): SchemaError[] {
  return new Validator(schema).validate(schema, values, '');
}

/** The errors as Helm lists them, one `- at '...': ...` line each, causes indented. */
export function formatSchemaErrors(errors: readonly SchemaError[]): string {
  const lines: string[] = [];
  const write = (error: SchemaError, indent: string) => {
    lines.push(`${indent}- at '${error.at}': ${error.message}`);
    for (const cause of error.causes) write(cause, `${indent}  `);
  };
  for (const error of errors) write(error, '');
  return `${lines.join('\n')}\n`;
}
