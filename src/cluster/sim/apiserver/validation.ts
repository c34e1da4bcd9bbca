import { isPlainObject } from '../../../core/index.ts';
import { clusterErrorFromStatus, makeStatus, type StatusCause } from '../../errors.ts';

/**
 * The 422 Invalid error the API server answers with, and custom resources' schema checks and
 * pruning (the built-in kinds' validation lives in the schema layer).
 */

export interface FieldError {
  readonly type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTypeInvalid' | 'FieldValueDuplicate' | 'FieldValueTooMany' | 'FieldValueNotFound';
  readonly field: string;
  /** The detail after the field: `Invalid value: "x": must be …`, `Required value`. */
  readonly detail: string;
}

export function required(field: string, why?: string): FieldError {
  return { type: 'FieldValueRequired', field, detail: why ? `Required value: ${why}` : 'Required value' };
}

export function invalid(field: string, value: unknown, why: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${formatValue(value)}: ${why}` };
}

export function forbidden(field: string, why: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail: `Forbidden: ${why}` };
}

export function notSupported(field: string, value: unknown, supported: readonly unknown[]): FieldError {
  return {
    type: 'FieldValueNotSupported',
    field,
    detail: `Unsupported value: ${formatValue(value)}: supported values: ${supported.map((s) => formatValue(s)).join(', ')}`,
  };
}

/** Values as Go's %q / %v print them in field errors. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** 422 Invalid: `Deployment.apps "web" is invalid: [a: …, b: …]` with one cause per error. */
export function invalidObjectError(kind: string, group: string, name: string, errors: readonly FieldError[]) {
  const qualified = group === '' ? kind : `${kind}.${group}`;
  const parts = errors.map((e) => `${e.field}: ${e.detail}`);
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field }));
  return clusterErrorFromStatus(
    makeStatus(422, `${qualified} "${name}" is invalid: ${list}`, 'Invalid', {
      name,
      ...(group === '' ? {} : { group }),
      kind,
      causes,
    }),
  );
}

/** Why a value does not have a JSON schema type. */
function typeProblem(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value !== 'string';
    case 'integer':
      return typeof value !== 'number' || !Number.isInteger(value);
    case 'number':
      return typeof value !== 'number';
    case 'boolean':
      return typeof value !== 'boolean';
    case 'array':
      return !Array.isArray(value);
    case 'object':
      return !isPlainObject(value);
    default:
      return false;
  }
}

function goType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Checks a custom resource against its version's `openAPIV3Schema` (types, required fields,
 * enums, bounds, patterns, lengths), worded as the apiextensions server words it.
 */
export function validateAgainstSchema(value: unknown, schema: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (value === null) {
    if (schema.nullable !== true && schema.type !== undefined) {
      errors.push({ type: 'FieldValueTypeInvalid', field: path, detail: `Invalid value: "null": ${path} in body must be of type ${String(schema.type)}: "null"` });
    }
    return errors;
  }
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      errors.push({ type: 'FieldValueTypeInvalid', field: path, detail: `Invalid value: "${goType(value)}": ${path} in body must be of type integer,string: "${goType(value)}"` });
    }
    return errors;
  }
  if (typeof schema.type === 'string' && typeProblem(value, schema.type)) {
    errors.push({
      type: 'FieldValueTypeInvalid',
      field: path,
      detail: `Invalid value: "${goType(value)}": ${path} in body must be of type ${schema.type}: "${goType(value)}"`,
    });
    return errors;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    errors.push(notSupported(path, value, schema.enum));
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      errors.push(invalid(path, value, `${path} in body should be greater than or equal to ${schema.minimum}`));
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      errors.push(invalid(path, value, `${path} in body should be less than or equal to ${schema.maximum}`));
    }
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      errors.push(invalid(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      errors.push({ type: 'FieldValueTooLong', field: path, detail: `Too long: may not be more than ${schema.maxLength} bytes` });
    }
    if (typeof schema.pattern === 'string') {
      let matches = true;
      try {
        matches = new RegExp(schema.pattern, 'u').test(value);
      } catch {
        matches = true;
      }
      if (!matches) errors.push(invalid(path, value, `${path} in body should match '${schema.pattern}'`));
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      errors.push(invalid(path, value.length, `${path} in body should have at least ${schema.minItems} items`));
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      errors.push({ type: 'FieldValueTooMany', field: path, detail: `Too many: ${value.length}: must have at most ${schema.maxItems} items` });
    }
    if (isPlainObject(schema.items)) {
      value.forEach((item, i) => errors.push(...validateAgainstSchema(item, schema.items as Record<string, unknown>, `${path}[${i}]`)));
    }
  }
  if (isPlainObject(value)) {
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof key === 'string' && value[key] === undefined) errors.push(required(path === '' ? key : `${path}.${key}`));
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const childSchema = properties[key] ?? (isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (isPlainObject(childSchema)) errors.push(...validateAgainstSchema(child, childSchema, childPath));
    }
  }
  return errors;
}

/** Removes fields the schema does not declare (structural pruning), unless it preserves them. */
export function pruneToSchema(value: unknown, schema: Record<string, unknown> | undefined): unknown {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] === true) return value;
  if (Array.isArray(value)) {
    return isPlainObject(schema.items) ? value.map((item) => pruneToSchema(item, schema.items as Record<string, unknown>)) : value;
  }
  if (!isPlainObject(value)) return value;
  const properties = isPlainObject(schema.properties) ? schema.properties : undefined;
  const additional = isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  if (!properties && !additional && schema.additionalProperties !== true) {
    return schema.type === 'object' && !properties ? {} : value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = properties?.[key] ?? additional;
    if (childSchema) out[key] = pruneToSchema(child, childSchema as Record<string, unknown>);
    else if (schema.additionalProperties === true) out[key] = child;
  }
  return out;
}
