/**
 * Helm's own template functions (pkg/engine/funcs.go and engine.go): toYaml and friends, JSON
 * and TOML, `include` and `tpl` (late-bound to the running template set), `required`, `fail`,
 * and `lookup`, which finds nothing as in `helm template`.
 */
import { quoteGo } from '../gotemplate/index.ts';
import type { ExecContext, FuncMap, TemplateSet } from '../gotemplate/index.ts';
import { marshalYaml, marshalYamlPretty } from '../yaml/emit.ts';
import { marshalGoJson } from '../yaml/go-json.ts';
import { checkJsonCompatible, parseGoYaml } from '../yaml/parse.ts';
import { expandValue } from '../../../manifest/index.ts';
import { contextFn, fn } from './support.ts';
import { encodeToml, parseToml } from './toml.ts';

/** Helm wraps `required`/`fail` messages so the final error shows them alone. */
export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';

export function warnWrap(message: string): string {
  return `${WARN_START}${message}${WARN_END}`;
}

/** Helm's limit on the nesting of one template name through `include`. */
export const RECURSION_MAX = 1000;

const INCLUDE_COUNTS = 'helm.includedNames';
const tplClones = new WeakMap<TemplateSet, Map<string, TemplateSet>>();

/** encoding/json's quoteChar: the offending byte as a rune (0xC3 of é is Ã). */
function quoteByte(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return `'"'`;
  const quoted = quoteGo(String.fromCharCode(byte));
  return `'${quoted.slice(1, -1)}'`;
}

/**
 * The syntax error encoding/json's scanner reports for text JSON.parse refused: the same walk
 * over the bytes, so the message names the same byte and the same state.
 */
function goJsonError(text: string): string {
  const b = new TextEncoder().encode(text);
  let i = 0;
  class Stop extends Error {}
  const fail = (what: string): never => {
    throw new Stop(i >= b.length ? 'unexpected end of JSON input' : `invalid character ${quoteByte(b[i]!)} ${what}`);
  };
  // At the end of the input the scanner is fed a space: inside a literal or a number that is its error.
  const failByte = (what: string): never => {
    throw new Stop(`invalid character ${i >= b.length ? "' '" : quoteByte(b[i]!)} ${what}`);
  };
  const ws = () => {
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  };
  const digits = () => {
    while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
  };
  const isDigit = () => i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39;
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (b[i] !== word.charCodeAt(k)) failByte(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= b.length) fail('');
      const c = b[i]!;
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('in string literal');
      if (c === 0x5c) {
        i++;
        if (i >= b.length) fail('');
        if (b[i] === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= b.length || !/[0-9a-fA-F]/.test(String.fromCharCode(b[i]!))) fail('in \\u hexadecimal character escape');
          }
        } else if (!'bfnrt\\/"'.includes(String.fromCharCode(b[i]!))) fail('in string escape code');
      }
      i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= b.length) fail('');
    const c = b[i]!;
    if (c === 0x7b) {
      i++;
      ws();
      if (b[i] === 0x7d) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (b[i] !== 0x22) fail('looking for beginning of object key string');
        string();
        ws();
        if (b[i] !== 0x3a) fail('after object key');
        i++;
        value();
        ws();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x7d) {
          i++;
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (c === 0x5b) {
      i++;
      ws();
      if (b[i] === 0x5d) {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x5d) {
          i++;
          return;
        }
        fail('after array element');
      }
    }
    if (c === 0x22) return string();
    if (c === 0x74) return literal('true');
    if (c === 0x66) return literal('false');
    if (c === 0x6e) return literal('null');
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (c === 0x2d) {
        i++;
        if (!isDigit()) failByte('in numeric literal');
      }
      if (b[i] === 0x30) i++;
      else digits();
      if (b[i] === 0x2e) {
        i++;
        if (!isDigit()) failByte('after decimal point in numeric literal');
        digits();
      }
      if (b[i] === 0x65 || b[i] === 0x45) {
        i++;
        if (b[i] === 0x2b || b[i] === 0x2d) i++;
        if (!isDigit()) failByte('in exponent of numeric literal');
        digits();
      }
      return;
    }
    fail('looking for beginning of value');
  };
  try {
    value();
    ws();
    if (i < b.length) fail('after top-level value');
  } catch (error) {
    if (error instanceof Stop) return error.message;
    throw error;
  }
  return 'unexpected end of JSON input';
}

/** json.Unmarshal into interface{} (numbers become float64). */
export function parseGoJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new Error(goJsonError(text));
  }
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** YAML from a template string, with its aliases expanded within a bound (no alias bombs). */
function parseTemplateYaml(text: string): unknown {
  const value = parseGoYaml(text);
  checkJsonCompatible(value);
  const expanded = expandValue(value, 16 * 1024 * 1024);
  if (!expanded.ok) throw new Error('yaml: document contains excessive aliasing');
  return expanded.value;
}

function yamlError(message: string): string {
  return message.startsWith('yaml:') ? `error converting YAML to JSON: ${message}` : message;
}

export function helmFunctions(): FuncMap {
  const toYaml = (v: unknown) => {
    try {
      return marshalYaml(v).replace(/\n$/, '');
    } catch {
      return '';
    }
  };
  return {
    toYaml: fn(['interface {}'], toYaml),
    mustToYaml: fn(['interface {}'], (v: unknown) => marshalYaml(v).replace(/\n$/, '')),
    toYamlPretty: fn(['interface {}'], (v: unknown) => {
      try {
        return marshalYamlPretty(v).replace(/\n$/, '');
      } catch {
        return '';
      }
    }),
    fromYaml: fn(['string'], (text: string) => {
      try {
        const value = parseTemplateYaml(text);
        if (value === null) return {};
        if (typeof value !== 'object' || Array.isArray(value)) {
          return { Error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(value)} into Go value of type map[string]interface {}` };
        }
        return value;
      } catch (error) {
        return { Error: yamlError((error as Error).message) };
      }
    }),
    fromYamlArray: fn(['string'], (text: string) => {
      try {
        const value = parseTemplateYaml(text);
        if (value === null) return [];
        if (!Array.isArray(value)) {
          return [`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(value)} into Go value of type []interface {}`];
        }
        return value;
      } catch (error) {
        return [yamlError((error as Error).message)];
      }
    }),
    toJson: fn(['interface {}'], (v: unknown) => {
      try {
        return marshalGoJson(v);
      } catch {
        return '';
      }
    }),
    mustToJson: fn(['interface {}'], (v: unknown) => marshalGoJson(v)),
    toPrettyJson: fn(['interface {}'], (v: unknown) => {
      try {
        return marshalGoJson(v, { indent: '  ' });
      } catch {
        return '';
      }
    }),
    mustToPrettyJson: fn(['interface {}'], (v: unknown) => marshalGoJson(v, { indent: '  ' })),
    toRawJson: fn(['interface {}'], (v: unknown) => {
      try {
        return marshalGoJson(v, { escapeHtml: false });
      } catch {
        return '';
      }
    }),
    mustToRawJson: fn(['interface {}'], (v: unknown) => marshalGoJson(v, { escapeHtml: false })),
    fromJson: fn(['string'], (text: string) => {
      let value: unknown;
      try {
        value = parseGoJson(text);
      } catch (error) {
        return { Error: (error as Error).message };
      }
      if (value === null) return {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        return { Error: `json: cannot unmarshal ${jsonKind(value)} into Go value of type map[string]interface {}` };
      }
      return value;
    }),
    fromJsonArray: fn(['string'], (text: string) => {
      let value: unknown;
      try {
        value = parseGoJson(text);
      } catch (error) {
        return [(error as Error).message];
      }
      if (value === null) return [];
      if (!Array.isArray(value)) return [`json: cannot unmarshal ${jsonKind(value)} into Go value of type []interface {}`];
      return value;
    }),
    mustFromJson: fn(['string'], parseGoJson),
    toToml: fn(['interface {}'], (v: unknown) => {
      try {
        return encodeToml(v);
      } catch (error) {
        return (error as Error).message;
      }
    }),
    fromToml: fn(['string'], (text: string) => {
      try {
        return parseToml(text);
      } catch (error) {
        return { Error: (error as Error).message };
      }
    }),
    include: contextFn(['string', 'interface {}'], (ctx: ExecContext, name: string, data: unknown) => {
      const counts = (ctx.shared.get(INCLUDE_COUNTS) as Map<string, number> | undefined) ?? new Map<string, number>();
      ctx.shared.set(INCLUDE_COUNTS, counts);
      const count = counts.get(name) ?? 0;
      if (count > RECURSION_MAX) throw new Error(`rendering template has a nested reference name: ${name}`);
      counts.set(name, count + 1);
      try {
        return ctx.executeTemplate(name, data);
      } finally {
        counts.set(name, (counts.get(name) ?? 1) - 1);
      }
    }),
    tpl: contextFn(['string', 'interface {}'], (ctx: ExecContext, text: string, values: unknown) => {
      // The set a text parses into depends only on the set it is called from and the text:
      // keep one per pair while that set lives (charts call tpl with the same texts again and again).
      let forSet = tplClones.get(ctx.set);
      if (!forSet) tplClones.set(ctx.set, (forSet = new Map()));
      let clone = forSet.get(text);
      if (!clone) {
        clone = ctx.set.clone();
        try {
          clone.parse(clone.name, text);
        } catch (error) {
          throw new Error(`cannot parse template ${quoteGo(text)}: ${(error as Error).message}`, { cause: error });
        }
        forSet.set(text, clone);
      }
      let out: string;
      try {
        out = ctx.executeTemplate(clone.name, values, clone);
      } catch (error) {
        // A stack overflow (a tpl that renders itself) must stay one, so the engine reports depth.
        if (error instanceof RangeError) throw error;
        throw new Error(`error during tpl function execution for ${quoteGo(text)}: ${(error as Error).message}`, { cause: error });
      }
      return out.replaceAll('<no value>', '');
    }),
    required: fn(['string', 'interface {}'], (warn: string, value: unknown) => {
      if (value === null || value === undefined || value === '') throw new Error(warnWrap(warn));
      return value;
    }),
    fail: fn(['string'], (message: string) => {
      throw new Error(warnWrap(message));
    }),
    lookup: fn(['string', 'string', 'string', 'string'], () => ({})),
  };
}


