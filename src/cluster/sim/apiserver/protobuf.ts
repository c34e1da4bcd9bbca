import { clusterErrorFromStatus, makeStatus } from '../../errors.ts';
import { KIND_MESSAGES, MESSAGES, type FieldSpec } from './protobuf-schema.ts';
import { readFields, WireError, type WireField } from './protobuf-wire.ts';

/**
 * Decodes `application/vnd.kubernetes.protobuf` request bodies into the JSON object the same
 * request would have carried: the `k8s\0` magic, a `runtime.Unknown` envelope (type meta, raw
 * message), and the kind's message, read with the field table of `protobuf-schema.ts`.
 * kubectl's generator commands (`kubectl create namespace|configmap|deployment …`) send these.
 */
const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const utf8 = new TextDecoder('utf-8', { fatal: true });

function unsupported(message: string) {
  return clusterErrorFromStatus(
    makeStatus(415, `the body of the request was in an unknown format - ${message}; accepted media types include: application/json, application/yaml`, 'UnsupportedMediaType'),
  );
}

function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

function int(field: WireField): number {
  if (field.wireType !== 0) throw new WireError(`field ${field.number} is not a varint`);
  const value = BigInt.asIntN(64, field.value as bigint);
  return Number(value);
}

function bytesOf(field: WireField): Uint8Array {
  if (field.wireType !== 2) throw new WireError(`field ${field.number} is not length-delimited`);
  return field.value as Uint8Array;
}

/** True when a field carries only zero values (what Go writes for unset non-pointer fields). */
function isZero(field: WireField): boolean {
  if (field.wireType === 0) return field.value === 0n;
  if (field.wireType !== 2) return false;
  const bytes = field.value as Uint8Array;
  if (bytes.length === 0) return true;
  try {
    return readFields(bytes).every(isZero);
  } catch {
    return false;
  }
}

function timeOf(bytes: Uint8Array): string | null {
  let seconds = 0;
  for (const field of readFields(bytes)) if (field.number === 1) seconds = int(field);
  if (seconds === 0) return null;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}

function intOrStringOf(bytes: Uint8Array): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  for (const field of readFields(bytes)) {
    if (field.number === 1) type = int(field);
    else if (field.number === 2) intVal = int(field);
    else if (field.number === 3) strVal = text(bytesOf(field));
  }
  return type === 1 ? strVal : intVal;
}

function scalar(field: WireField, type: string, path: string): unknown {
  switch (type) {
    case 'string':
      return text(bytesOf(field));
    case 'int':
      return int(field);
    case 'bool':
      return int(field) !== 0;
    case 'bytes':
      return Buffer.from(bytesOf(field)).toString('base64');
    case 'time':
      return timeOf(bytesOf(field));
    case 'quantity': {
      for (const inner of readFields(bytesOf(field))) if (inner.number === 1) return text(bytesOf(inner));
      return '0';
    }
    case 'intOrString':
      return intOrStringOf(bytesOf(field));
    default:
      return decodeMessage(bytesOf(field), type, path);
  }
}

function zeroScalar(value: unknown): boolean {
  return value === '' || value === 0 || value === false || value === null;
}

function decodeMessage(bytes: Uint8Array, name: string, path: string): Record<string, unknown> {
  const spec = MESSAGES[name];
  if (!spec) throw unsupported(`no protobuf schema for ${name} at ${path || 'the top'}`);
  const out: Record<string, unknown> = {};
  for (const field of readFields(bytes)) {
    const fieldSpec: FieldSpec | undefined = spec[field.number];
    if (!fieldSpec) {
      if (isZero(field)) continue;
      throw unsupported(`field ${field.number} of ${name} (at ${path || 'the top'}) is not one the embedded cluster can read as protobuf; send JSON (kubectl create -f)`);
    }
    const at = path === '' ? fieldSpec.name : `${path}.${fieldSpec.name}`;
    if (fieldSpec.map) {
      let key = '';
      let value: unknown = fieldSpec.type === 'string' ? '' : undefined;
      for (const entry of readFields(bytesOf(field))) {
        if (entry.number === 1) key = text(bytesOf(entry));
        else if (entry.number === 2) value = scalar(entry, fieldSpec.type, `${at}[${key}]`);
      }
      const target = (out[fieldSpec.name] ??= {}) as Record<string, unknown>;
      target[key] = value ?? (fieldSpec.type === 'bytes' ? '' : {});
      continue;
    }
    const value = scalar(field, fieldSpec.type, at);
    if (fieldSpec.repeated) {
      ((out[fieldSpec.name] ??= []) as unknown[]).push(value);
      continue;
    }
    if (fieldSpec.inline) {
      Object.assign(out, value as Record<string, unknown>);
      continue;
    }
    // Go writes every non-pointer field; a zero one is an unset one (JSON's omitempty, and a
    // zero Time is omitted as kubectl 1.35 omits it).
    if (value === null || (!fieldSpec.ptr && zeroScalar(value))) continue;
    out[fieldSpec.name] = value;
  }
  return out;
}

/** The JSON object a protobuf request body stands for; throws 400/415 when it cannot be read. */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) {
    throw clusterErrorFromStatus(makeStatus(400, 'the body of the request is not a Kubernetes protobuf message (no "k8s\\x00" prefix)', 'BadRequest'));
  }
  try {
    let apiVersion = '';
    let kind = '';
    let raw: Uint8Array | undefined;
    for (const field of readFields(body.subarray(4))) {
      if (field.number === 1) {
        for (const meta of readFields(bytesOf(field))) {
          if (meta.number === 1) apiVersion = text(bytesOf(meta));
          else if (meta.number === 2) kind = text(bytesOf(meta));
        }
      } else if (field.number === 2) raw = bytesOf(field);
    }
    const message = KIND_MESSAGES[`${apiVersion}/${kind}`];
    if (!message) throw unsupported(`the embedded cluster reads protobuf for kubectl's generator kinds only, not ${kind || 'this kind'} ${apiVersion}; send JSON`);
    const object = decodeMessage(raw ?? new Uint8Array(), message, '');
    return { apiVersion, kind, ...object };
  } catch (error) {
    if (error instanceof WireError || error instanceof TypeError) {
      throw clusterErrorFromStatus(makeStatus(400, `the protobuf body of the request could not be decoded: ${error.message}`, 'BadRequest'));
    }
    throw error;
  }
}
