/**
 * YAML as Helm reads it: go-yaml v2's YAML 1.1 scalar resolution (see go-scalar.ts), then a
 * trip through JSON, so numbers are float64 (JS numbers), map keys are strings and values
 * JSON cannot hold (infinities, NaN) are refused.
 */
import jsyaml from 'js-yaml';
import { resolveGoScalar } from './go-scalar.ts';

const implicitScalar = new jsyaml.Type('tag:ferry:go-implicit', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && resolveGoScalar(data).kind !== 'str',
  construct: (data: string) => {
    const scalar = resolveGoScalar(data);
    switch (scalar.kind) {
      case 'null':
        return null;
      case 'bool':
        return scalar.value;
      case 'int':
        return Number(scalar.value);
      case 'float':
        return scalar.value;
      default:
        return data;
    }
  },
});

function explicitScalar(tag: string, wanted: 'int' | 'float' | 'bool' | 'null'): jsyaml.Type {
  return new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown) => {
      if (data === null) return wanted === 'null';
      const kind = resolveGoScalar(String(data)).kind;
      return kind === wanted || (wanted === 'float' && kind === 'int');
    },
    construct: (data: unknown) => (data === null ? null : implicitScalar.construct(String(data))),
  });
}

const merge = new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' });

// go-yaml keeps the node's value for tags it does not know (`!Ref x`, `!!binary`...).
const anyTag = (kind: 'scalar' | 'sequence' | 'mapping') =>
  new jsyaml.Type('', { kind, multi: true, resolve: () => true, construct: (data: unknown) => data ?? (kind === 'scalar' ? '' : null) });

// go-yaml v2 decodes `!!binary` base64 into a string of the bytes.
const binary = new jsyaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(data),
  construct: (data: string) => {
    const text = atob(data.replace(/\s+/g, ''));
    return new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  },
});

const GO_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [implicitScalar, merge],
  explicit: [
    explicitScalar('int', 'int'),
    explicitScalar('float', 'float'),
    explicitScalar('bool', 'bool'),
    explicitScalar('null', 'null'),
    binary,
    anyTag('scalar'),
    anyTag('sequence'),
    anyTag('mapping'),
  ],
});

export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined;
  constructor(message: string, line: number | undefined) {
    super(message);
    this.line = line;
  }
}

/** go-yaml's words for the syntax errors whose cause both parsers name the same way. */
const GO_YAML_WORDS: Readonly<Record<string, string>> = {
  'tab characters must not be used in indentation': 'found character that cannot start any token',
};

function rethrow(error: unknown): never {
  if (error instanceof jsyaml.YAMLException) {
    const line = error.mark ? error.mark.line + 1 : undefined;
    throw new YamlSyntaxError(`yaml: ${line === undefined ? '' : `line ${line}: `}${GO_YAML_WORDS[error.reason] ?? error.reason}`, line);
  }
  throw error;
}

const LOAD_OPTIONS = { schema: GO_SCHEMA, json: true } as const;

// YAML's printable set (go-yaml's reader refuses anything else, DEL and C0/C1 controls included).
const NON_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udbff\udc00-\udfff]/;

function checkPrintable(text: string): void {
  if (NON_PRINTABLE.test(text)) throw new YamlSyntaxError('yaml: control characters are not allowed', undefined);
}

/** One YAML document (empty text gives null), as sigs.k8s.io/yaml would hand it to Go. */
export function parseGoYaml(text: string): unknown {
  checkPrintable(text);
  try {
    const docs = jsyaml.loadAll(text, null, LOAD_OPTIONS);
    // sigs.k8s.io/yaml reads the first document only.
    return docs.length === 0 ? null : docs[0];
  } catch (error) {
    return rethrow(error);
  }
}

/** Every document of a multi-document stream. */
export function parseGoYamlAll(text: string): unknown[] {
  checkPrintable(text);
  try {
    return jsyaml.loadAll(text, null, LOAD_OPTIONS);
  } catch (error) {
    return rethrow(error);
  }
}

/**
 * The JSON step of sigs.k8s.io/yaml: refuses numbers JSON cannot hold with encoding/json's
 * words, so the caller can report `json: unsupported value: +Inf` as Helm does.
 */
export function checkJsonCompatible(value: unknown): void {
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) {
        throw new YamlSyntaxError(`json: unsupported value: ${Number.isNaN(node) ? 'NaN' : node > 0 ? '+Inf' : '-Inf'}`, undefined);
      }
      return;
    }
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) node.forEach(visit);
    else for (const key of Object.keys(node)) visit((node as Record<string, unknown>)[key]);
  };
  visit(value);
}
