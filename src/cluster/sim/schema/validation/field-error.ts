/**
 * `field.Error` of k8s.io/apimachinery `pkg/util/validation/field`: a type (the Status cause
 * reason), a path, the bad value and a detail, worded as the API server words them so the
 * 422 answer and kubectl's rendering of it read like a real cluster's.
 */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound';

export interface FieldError {
  readonly type: FieldErrorType;
  /** `spec.template.spec.containers[0].image` */
  readonly field: string;
  readonly badValue?: unknown;
  readonly detail: string;
  /** NotSupported: the values that would have been accepted. */
  readonly supported?: readonly string[];
}

const GO_TEXT = Symbol('goText');

/** A bad value whose Go rendering is given as text (structs such as `v1.LabelSelector{...}`). */
export function goValue(text: string): unknown {
  return { [GO_TEXT]: text };
}

/** Go's `%#v`-like rendering the server uses for bad values: `"x"`, `-1`, `map[string]string{"a":"b"}`. */
export function formatBadValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'object' && GO_TEXT in value) return String((value as Record<symbol, unknown>)[GO_TEXT]);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
    return JSON.stringify(value);
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, v]) => typeof v === 'string')) {
      return `map[string]string{${entries
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
        .join(', ')}}`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** `ErrorBody()`: the cause message, without the field path. */
export function fieldErrorBody(error: FieldError): string {
  const detail = error.detail ? `: ${error.detail}` : '';
  switch (error.type) {
    case 'FieldValueRequired':
      return `Required value${detail}`;
    case 'FieldValueForbidden':
      return `Forbidden${detail}`;
    case 'FieldValueTooLong':
      return `Too long${detail}`;
    case 'FieldValueTooMany':
      return `Too many: ${formatBadValue(error.badValue)}${detail}`;
    case 'FieldValueNotFound':
      return `Not found: ${formatBadValue(error.badValue)}${detail}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${formatBadValue(error.badValue)}${detail}`;
    case 'FieldValueNotSupported': {
      const supported = error.supported?.length ? `: supported values: ${error.supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
      return `Unsupported value: ${formatBadValue(error.badValue)}${supported}`;
    }
    default:
      return `Invalid value: ${formatBadValue(error.badValue)}${detail}`;
  }
}

/** `field.Error.Error()`: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

/**
 * The 422 message: `Deployment.apps "web" is invalid: spec.replicas: ...`, with several errors
 * in brackets, as `errors.NewInvalid` words it.
 */
export function invalidMessage(kind: string, group: string, name: string, errors: readonly FieldError[]): string {
  const qualified = group === '' ? kind : `${kind}.${group}`;
  const list = errors.map(formatFieldError);
  const body = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return `${qualified} "${name}" is invalid: ${body}`;
}

/** The `details.causes` of the 422 Status. */
export function statusCauses(errors: readonly FieldError[]): { reason: FieldErrorType; message: string; field: string }[] {
  return errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
}

export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const invalid = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });
export const notSupported = (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({ type: 'FieldValueNotSupported', field, badValue, detail: '', supported });
export const duplicate = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue, detail: '' });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const tooLong = (field: string, max: number): FieldError => ({ type: 'FieldValueTooLong', field, detail: `may not be more than ${max} bytes` });
export const notFound = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueNotFound', field, badValue, detail: '' });
