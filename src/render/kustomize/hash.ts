import { createHash } from 'node:crypto';
import { isPlainObject } from '../../core/index.ts';

/**
 * kustomize's name suffix hash. What is hashed is a small JSON document, encoded as Go's
 * encoding/json does (sorted keys, HTML-safe escapes); its sha256's first ten hex digits are
 * then made pronounceable-safe (0→g, 1→h, 3→k, a→m, e→t).
 *
 * kustomize looks the name up with the single key "metadata/name", which no object has, so
 * the name it hashes is always empty: kept here, or hashes would differ from kustomize's.
 */

/** JSON as Go's json.Marshal writes it for generic data. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${goString(k)}:${goJson(value[k])}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const SAFE: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };

export function encodeHash(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (ch) => SAFE[ch] as string);
}

function fieldOrEmpty(obj: Record<string, unknown>, key: string): unknown {
  const value = obj[key];
  return value === undefined || value === null ? '' : value;
}

/** The hash kustomize appends to a generated ConfigMap's or Secret's name. */
export function hashResource(obj: Record<string, unknown>): string {
  let doc: Record<string, unknown>;
  if (obj.kind === 'ConfigMap') {
    doc = { kind: 'ConfigMap', name: '', data: fieldOrEmpty(obj, 'data') };
    if (isPlainObject(obj.binaryData)) doc.binaryData = obj.binaryData;
  } else if (obj.kind === 'Secret') {
    doc = { kind: 'Secret', type: fieldOrEmpty(obj, 'type'), name: '', data: fieldOrEmpty(obj, 'data') };
    if (isPlainObject(obj.stringData)) doc.stringData = obj.stringData;
  } else doc = obj;
  return encodeHash(goJson(doc));
}
