/**
 * Reads untrusted input field by field, collecting every problem instead of stopping at the
 * first, so a user fixes a bad Application in one round trip.
 */
import { isPlainObject } from '../core/index.ts';
import type { FieldProblem } from './types.ts';

export class FieldReader {
  readonly problems: FieldProblem[] = [];

  report(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  object(value: unknown, field: string, required = false): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.report(field, 'is required');
      return undefined;
    }
    if (!isPlainObject(value)) {
      this.report(field, `must be an object, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  string(value: unknown, field: string, required = false): string | undefined {
    if (value === undefined || value === null || (required && value === '')) {
      if (required) this.report(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.report(field, `must be a string, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.report(field, `must be true or false, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  integer(value: unknown, field: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.report(field, `must be an integer, not ${describe(value)}`);
      return undefined;
    }
    if (value < min) {
      this.report(field, `must be at least ${min}`);
      return undefined;
    }
    return value;
  }

  list(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.report(field, `must be a list, not ${describe(value)}`);
      return [];
    }
    return value;
  }

  strings(value: unknown, field: string): string[] {
    return this.list(value, field).flatMap((item, index) => {
      const text = this.string(item, `${field}[${index}]`, true);
      return text === undefined ? [] : [text];
    });
  }

  stringMap(value: unknown, field: string): Record<string, string> | undefined {
    const object = this.object(value, field);
    if (!object) return undefined;
    const out: Record<string, string> = {};
    for (const [key, item] of Object.entries(object)) {
      const text = this.string(item, `${field}.${key}`, false);
      if (text !== undefined) out[key] = text;
    }
    return out;
  }

  /** Fields the schema does not know are reported: a typo must not silently do nothing. */
  unknownFields(object: Record<string, unknown> | undefined, field: string, known: readonly string[]): void {
    if (!object) return;
    for (const key of Object.keys(object)) {
      if (!known.includes(key)) this.report(`${field}.${key}`, `is not a known field (known: ${known.join(', ')})`);
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const GO_DURATION = /^(?:(\d+(?:\.\d+)?)(h|m|s|ms))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Go durations as Argo CD writes them (`5s`, `3m`, `1h30m`); a bare number means seconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!GO_DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(GO_DURATION_PART)) total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 0);
  return total;
}
