/**
 * Builds the `.idx` (version 2) of a pack file, as `git index-pack` does: every object is
 * inflated once with native zlib to find where it ends and to hash it (SHA-1 of
 * `type size\0content`), deltas are resolved from their bases depth-first, and the index
 * lists ids sorted with their CRC-32 and offset. The pack's trailing checksum is verified.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { applyDelta, type ObjectType } from './git-objects.ts';

const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;

interface Entry {
  readonly offset: number;
  readonly type: number;
  readonly dataStart: number;
  end: number;
  crc: number;
  baseOffset?: number;
  baseOid?: string;
  /** The inflated delta, kept until the entry is resolved. */
  delta?: Buffer;
  oid?: string;
  objectType?: ObjectType;
}

export interface IndexedPack {
  /** Hex SHA-1 of the pack (its trailing checksum): the pack's file name is `pack-<checksum>.pack`. */
  readonly checksum: string;
  readonly idx: Buffer;
  readonly count: number;
}

/** Looks up an object outside the pack (the base of a thin pack's REF_DELTA). */
export type ExternalObjects = (oid: string) => { type: ObjectType; data: Uint8Array } | undefined;

export class PackFormatError extends Error {
  override readonly name = 'PackFormatError';
}

function hashObject(type: ObjectType, data: Uint8Array): string {
  return createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
}

function readEntryHeader(pack: Buffer, offset: number): Omit<Entry, 'end' | 'crc'> & { size: number } {
  let at = offset;
  let byte = pack[at++] as number;
  const type = (byte >> 4) & 7;
  let size = byte & 15;
  let shift = 4;
  while (byte & 0x80) {
    byte = pack[at++] as number;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  if (type === OFS_DELTA) {
    byte = pack[at++] as number;
    let distance = byte & 0x7f;
    while (byte & 0x80) {
      byte = pack[at++] as number;
      distance = (distance + 1) * 128 + (byte & 0x7f);
    }
    if (distance > offset) throw new PackFormatError(`entry at ${offset} points before the pack start`);
    return { offset, type, size, dataStart: at, baseOffset: offset - distance };
  }
  if (type === REF_DELTA) {
    return { offset, type, size, dataStart: at + 20, baseOid: pack.subarray(at, at + 20).toString('hex') };
  }
  if (!TYPES[type]) throw new PackFormatError(`entry at ${offset} has the unknown type ${type}`);
  return { offset, type, size, dataStart: at };
}

function inflateAt(pack: Buffer, start: number, end: number, expected: number): Buffer {
  const data = zlib.inflateSync(pack.subarray(start, end), { chunkSize: Math.max(64, Math.min(expected + 16, 1 << 20)) });
  if (data.length !== expected) throw new PackFormatError(`entry at ${start} inflates to ${data.length} bytes, not ${expected}`);
  return data;
}

/** Contents of recently resolved entries by offset: most delta bases sit just before their deltas. */
class ContentCache {
  private readonly entries = new Map<number, Uint8Array>();
  private bytes = 0;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  get(offset: number): Uint8Array | undefined {
    return this.entries.get(offset);
  }
  set(offset: number, content: Uint8Array): void {
    if (content.length > this.limit / 8 || this.entries.has(offset)) return;
    this.entries.set(offset, content);
    this.bytes += content.length;
    for (const [old, value] of this.entries) {
      if (this.bytes <= this.limit) break;
      this.entries.delete(old);
      this.bytes -= value.length;
    }
  }
}

const YIELD_EVERY = 512;

/** Lets the event loop run (and an abort land) during a long indexing. */
function yieldToLoop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      if (signal?.aborted) reject(signal.reason);
      else resolve();
    }),
  );
}

/**
 * Indexes a whole pack held in memory. Yields to the event loop every few hundred objects,
 * so a large first fetch does not stall the server, and stops if `signal` aborts.
 */
export async function indexPack(
  pack: Buffer,
  external: ExternalObjects = () => undefined,
  signal?: AbortSignal,
): Promise<IndexedPack> {
  if (pack.length < 32 || pack.toString('latin1', 0, 4) !== 'PACK') throw new PackFormatError('not a pack file');
  const version = pack.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new PackFormatError(`unsupported pack version ${version}`);
  const count = pack.readUInt32BE(8);
  const bodyEnd = pack.length - 20;
  const checksum = pack.subarray(bodyEnd).toString('hex');
  if (createHash('sha1').update(pack.subarray(0, bodyEnd)).digest('hex') !== checksum) {
    throw new PackFormatError('pack checksum mismatch (truncated or corrupted download)');
  }

  const entries: Entry[] = [];
  const byOffset = new Map<number, Entry>();
  const byOid = new Map<string, Entry>();
  const cache = new ContentCache(64 * 1024 * 1024);

  /** The content of an entry already seen, from the cache or rebuilt from the pack. */
  const contentOf = (entry: Entry): Uint8Array => {
    const chain: Entry[] = [];
    let current: Entry | undefined = entry;
    let content: Uint8Array | undefined;
    while (current) {
      content = cache.get(current.offset);
      if (content) break;
      chain.push(current);
      if (current.baseOffset !== undefined) current = byOffset.get(current.baseOffset);
      else if (current.baseOid !== undefined) current = byOid.get(current.baseOid);
      else current = undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i] as Entry;
      const data = inflateAt(pack, link.dataStart, link.end, readEntryHeader(pack, link.offset).size);
      if (link.baseOffset === undefined && link.baseOid === undefined) content = data;
      else if (content) content = applyDelta(content, data);
      else {
        const base = external(link.baseOid as string);
        if (!base) throw new PackFormatError(`delta at ${link.offset} has no base ${link.baseOid}`);
        content = applyDelta(base.data, data);
      }
      cache.set(link.offset, content);
    }
    return content as Uint8Array;
  };

  const resolve = (entry: Entry, type: ObjectType, content: Uint8Array): void => {
    entry.objectType = type;
    entry.oid = hashObject(type, content);
    entry.delta = undefined;
    byOid.set(entry.oid, entry);
    cache.set(entry.offset, content);
  };

  // One pass in pack order: each entry inflated once to find where it ends; whole objects
  // hashed at once, deltas applied to their (usually cached) base as soon as it is known.
  let offset = 12;
  for (let i = 0; i < count; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToLoop(signal);
    if (offset >= bodyEnd) throw new PackFormatError(`pack ends after ${i} of ${count} objects`);
    const header = readEntryHeader(pack, offset);
    // An output chunk of the announced size: the default 16 KiB per object is mostly garbage.
    const chunkSize = Math.max(64, Math.min(header.size + 16, 1 << 20));
    const { buffer, engine } = zlib.inflateSync(pack.subarray(header.dataStart, bodyEnd), { info: true, chunkSize }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (buffer.length !== header.size) throw new PackFormatError(`entry at ${offset} inflates to ${buffer.length} bytes, not ${header.size}`);
    const end = header.dataStart + engine.bytesWritten;
    const entry: Entry = { ...header, end, crc: zlib.crc32(pack.subarray(offset, end)) };
    entries.push(entry);
    byOffset.set(offset, entry);
    offset = end;
    const objectType = TYPES[header.type];
    if (objectType) {
      resolve(entry, objectType, buffer);
      continue;
    }
    const base = entry.baseOffset !== undefined ? byOffset.get(entry.baseOffset) : byOid.get(entry.baseOid as string);
    if (base?.objectType) resolve(entry, base.objectType, applyDelta(contentOf(base), buffer));
    else entry.delta = buffer;
  }
  if (offset !== bodyEnd) throw new PackFormatError(`pack has ${bodyEnd - offset} bytes after its last object`);

  // Deltas whose base came later in the pack (REF_DELTA) or lies outside it (a thin pack).
  for (let progress = true; progress; ) {
    progress = false;
    for (const entry of entries) {
      if (entry.delta === undefined) continue;
      const base = entry.baseOffset !== undefined ? byOffset.get(entry.baseOffset) : byOid.get(entry.baseOid as string);
      if (base?.objectType) {
        resolve(entry, base.objectType, applyDelta(contentOf(base), entry.delta));
        progress = true;
      } else if (!base && entry.baseOid !== undefined) {
        const outside = external(entry.baseOid);
        if (outside) {
          resolve(entry, outside.type, applyDelta(outside.data, entry.delta));
          progress = true;
        }
      }
    }
  }
  const unresolved = entries.filter((entry) => entry.oid === undefined).length;
  if (unresolved > 0) throw new PackFormatError(`pack has ${unresolved} unresolved deltas`);

  return { checksum, idx: writeIndex(entries as (Entry & { oid: string })[], pack.subarray(bodyEnd)), count };
}

function writeIndex(entries: (Entry & { oid: string })[], packChecksum: Buffer): Buffer {
  const sorted = [...entries].sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
  const n = sorted.length;
  const large = sorted.filter((e) => e.offset >= 0x80000000).length;
  const out = Buffer.alloc(8 + 1024 + n * 28 + large * 8 + 40);
  out.writeUInt32BE(0xff744f63, 0);
  out.writeUInt32BE(2, 4);
  const fanout = new Uint32Array(256);
  for (const entry of sorted) {
    const first = Number.parseInt(entry.oid.slice(0, 2), 16);
    fanout[first] = (fanout[first] as number) + 1;
  }
  let running = 0;
  for (let i = 0; i < 256; i++) {
    running += fanout[i] as number;
    out.writeUInt32BE(running, 8 + i * 4);
  }
  const shas = 8 + 1024;
  const crcs = shas + n * 20;
  const offsets = crcs + n * 4;
  const larges = offsets + n * 4;
  let nextLarge = 0;
  sorted.forEach((entry, i) => {
    out.write(entry.oid, shas + i * 20, 'hex');
    out.writeUInt32BE(entry.crc >>> 0, crcs + i * 4);
    if (entry.offset < 0x80000000) {
      out.writeUInt32BE(entry.offset, offsets + i * 4);
    } else {
      out.writeUInt32BE((0x80000000 | nextLarge) >>> 0, offsets + i * 4);
      out.writeBigUInt64BE(BigInt(entry.offset), larges + nextLarge * 8);
      nextLarge += 1;
    }
  });
  const trailer = larges + large * 8;
  packChecksum.copy(out, trailer);
  createHash('sha1').update(out.subarray(0, trailer + 20)).digest().copy(out, trailer + 20);
  return out;
}
