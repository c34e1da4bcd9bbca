/**
 * The protobuf wire format, read without a schema: a message is a list of fields, each with a
 * number, a wire type and a value (varint, 64-bit, length-delimited bytes or 32-bit). The
 * Kubernetes decoder (`protobuf.ts`) gives the fields their names and types.
 */
export interface WireField {
  readonly number: number;
  readonly wireType: 0 | 1 | 2 | 5;
  /** Varints as bigint (int64 values do not fit a double); bytes for length-delimited fields. */
  readonly value: bigint | Uint8Array;
}

export class WireError extends Error {}

function readVarint(bytes: Uint8Array, start: number): { value: bigint; next: number } {
  let result = 0n;
  let shift = 0n;
  for (let i = start; i < bytes.length && i < start + 10; i++) {
    const byte = bytes[i] as number;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: result, next: i + 1 };
    shift += 7n;
  }
  throw new WireError(`truncated varint at byte ${start}`);
}

export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const key = readVarint(bytes, pos);
    pos = key.next;
    const number = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    if (number === 0) throw new WireError(`field number 0 at byte ${pos}`);
    switch (wireType) {
      case 0: {
        const v = readVarint(bytes, pos);
        fields.push({ number, wireType: 0, value: v.value });
        pos = v.next;
        break;
      }
      case 1:
        if (pos + 8 > bytes.length) throw new WireError(`truncated 64-bit field ${number}`);
        fields.push({ number, wireType: 1, value: bytes.subarray(pos, pos + 8) });
        pos += 8;
        break;
      case 2: {
        const length = readVarint(bytes, pos);
        const end = length.next + Number(length.value);
        if (end > bytes.length) throw new WireError(`truncated field ${number}: ${length.value} bytes announced`);
        fields.push({ number, wireType: 2, value: bytes.subarray(length.next, end) });
        pos = end;
        break;
      }
      case 5:
        if (pos + 4 > bytes.length) throw new WireError(`truncated 32-bit field ${number}`);
        fields.push({ number, wireType: 5, value: bytes.subarray(pos, pos + 4) });
        pos += 4;
        break;
      default:
        throw new WireError(`unsupported wire type ${wireType} for field ${number}`);
    }
  }
  return fields;
}

/** A schemaless rendering of a message, for diagnostics: `{ "1": "name", "2": { … } }`. */
export function dumpMessage(bytes: Uint8Array, depth = 0): unknown {
  const out: Record<string, unknown[]> = {};
  for (const field of readFields(bytes)) {
    let value: unknown;
    if (field.wireType === 0) value = Number(field.value);
    else if (field.wireType === 2) {
      const raw = field.value as Uint8Array;
      const text = new TextDecoder('utf-8', { fatal: false }).decode(raw);
      let nested: unknown;
      if (depth < 12) {
        try {
          nested = raw.length > 0 ? dumpMessage(raw, depth + 1) : {};
        } catch {
          nested = undefined;
        }
      }
      value = nested !== undefined && !/^[\x20-\x7e]*$/.test(text) ? nested : nested ?? text;
      if (/^[\x20-\x7e]+$/.test(text) && nested !== undefined) value = { text, message: nested };
    } else value = Buffer.from(field.value as Uint8Array).toString('hex');
    (out[String(field.number)] ??= []).push(value);
  }
  return out;
}
