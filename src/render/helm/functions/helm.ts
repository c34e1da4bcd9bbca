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

function goJsonError(text: string, error: unknown): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'unexpected end of JSON input';
  const m = /position (\d+)/.exec((error as Error).message);
  if (m) {
    const position = Number(m[1]);
    if (position >= text.length) return 'unexpected end of JSON input';
    return `invalid character ${quoteChar(text[position]!)} looking for beginning of value`;
  }
  return /end of (JSON )?input/i.test((error as Error).message) ? 'unexpected end of JSON input' : `invalid character ${quoteChar(trimmed[0]!)} looking for beginning of value`;
}

function quoteChar(ch: string): string {
  return ch === "'" ? "'\\''" : `'${ch}'`;
}

/** json.Unmarshal into interface{} (numbers become float64). */
export function parseGoJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(goJsonError(text, error));
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


