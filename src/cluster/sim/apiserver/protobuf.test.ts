import { describe, expect, it } from 'vitest';
import { statusOfClusterError } from '../../errors.ts';
import { decodeProtobufObject } from './protobuf.ts';
import { dumpMessage, readFields } from './protobuf-wire.ts';

// Bodies recorded from kubectl v1.35.2 (`kubectl create namespace nsx`, `kubectl create configmap cmx
// --from-literal=alpha=beta --from-literal=gamma=delta`).
const NAMESPACE = '6b3873000a0f0a02763112094e616d657370616365121b0a130a036e737812001a0022002a0032003800420012001a020a001a002200';
const CONFIGMAP =
  '6b3873000a0f0a0276311209436f6e6669674d617012340a130a03636d7812001a0022002a00320038004200120d0a05616c706861120462657461120e0a0567616d6d61120564656c74611a002200';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('decodeProtobufObject', () => {
  it('reads the objects kubectl create sends, without the zero values Go writes for unset fields', () => {
    expect(decodeProtobufObject(bytes(NAMESPACE))).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nsx' }, spec: {}, status: {} });
    expect(decodeProtobufObject(bytes(CONFIGMAP))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cmx' },
      data: { alpha: 'beta', gamma: 'delta' },
    });
  });

  it('refuses a body without the k8s magic (400) or of a kind it has no schema for (415)', () => {
    expect(statusOfClusterError(catchError(() => decodeProtobufObject(bytes('7b7d'))))).toMatchObject({ code: 400 });
    const pod = '6b3873000a090a0276311203506f641200';
    expect(statusOfClusterError(catchError(() => decodeProtobufObject(bytes(pod))))).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
  });

  it('refuses a field it does not know when it carries a value (415), and ignores zero ones', () => {
    // ConfigMap{metadata{name: abc}, 9: "x"}: field 9 is unknown and must not be dropped silently.
    const message = Buffer.concat([Buffer.from('0a050a03616263', 'hex'), Buffer.from('4a0178', 'hex')]);
    const envelope = Buffer.concat([
      Buffer.from('6b387300', 'hex'),
      Buffer.from('0a0f0a0276311209436f6e6669674d6170', 'hex'),
      Buffer.from([0x12, message.length]),
      message,
    ]);
    expect(statusOfClusterError(catchError(() => decodeProtobufObject(envelope)))?.message).toContain('field 9 of ConfigMap (at the top) is not one the embedded cluster can read');
    const zero = Buffer.concat([Buffer.from('0a050a03616263', 'hex'), Buffer.from('4a00', 'hex')]);
    const zeroEnvelope = Buffer.concat([Buffer.from('6b387300', 'hex'), Buffer.from('0a0f0a0276311209436f6e6669674d6170', 'hex'), Buffer.from([0x12, zero.length]), zero]);
    expect(decodeProtobufObject(zeroEnvelope)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'abc' } });
  });
});

describe('readFields', () => {
  it('reads varints, length-delimited fields and fixed-width ones, and reports truncation', () => {
    expect(readFields(Uint8Array.from([0x08, 0x96, 0x01, 0x12, 0x01, 0x61, 0x1d, 1, 2, 3, 4])).map((f) => [f.number, f.wireType])).toEqual([[1, 0], [2, 2], [3, 5]]);
    expect(() => readFields(Uint8Array.from([0x12, 0x05, 0x61]))).toThrow('truncated field 2');
    expect(dumpMessage(Uint8Array.from([0x08, 0x2a]))).toEqual({ 1: [42] });
  });
});

function catchError(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}
