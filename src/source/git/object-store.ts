/**
 * A synchronous, read-only reader of a Git object database (loose objects, pack files with
 * v1/v2 indexes, OFS/REF deltas, alternates). FileTree is synchronous, so blobs must be
 * readable without awaiting; and this reader reads only the bytes of the object asked for
 * (positioned reads), where isomorphic-git loads whole pack files into memory. An object's
 * size comes from its header without inflating the object: a renderer can refuse a 100 MB
 * file without loading it.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { FerryError } from '../../core/index.ts';
import { applyDelta, deltaSizes, type ObjectType } from './git-objects.ts';

export interface GitObject {
  readonly type: ObjectType;
  readonly data: Uint8Array;
}

export interface ObjectInfo {
  readonly type: ObjectType;
  readonly size: number;
}

const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
const MAX_DELTA_CHAIN = 10_000;
const CACHE_BYTES = 32 * 1024 * 1024;
const CACHE_OBJECT_BYTES = 2 * 1024 * 1024;
const MERGE_PACKS_ABOVE = 16;

function readRange(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

function withFile<T>(file: string, use: (fd: number) => T): T {
  const fd = openSync(file, 'r');
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** Inflates the start of a zlib stream, as far as the given bytes go. */
function inflatePrefix(compressed: Buffer): Buffer {
  return zlib.inflateSync(compressed, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

interface PackEntryHeader {
  readonly type: number;
  readonly size: number;
  readonly dataStart: number;
  readonly baseOffset?: number;
  readonly baseOid?: string;
}

/** One pack file and its index. Packs are immutable (named by their checksum), so this never goes stale. */
class Pack {
  readonly packPath: string;
  readonly count: number;
  private readonly idx: Buffer;
  private readonly version: 1 | 2;
  private readonly packSize: number;
  private sortedOffsets: Float64Array | undefined;

  private constructor(packPath: string, idx: Buffer, version: 1 | 2, count: number, packSize: number) {
    this.packPath = packPath;
    this.idx = idx;
    this.version = version;
    this.count = count;
    this.packSize = packSize;
  }

  /** Loads an index; undefined when it is torn or unknown (a fetch cut short leaves such files). */
  static load(idxPath: string): Pack | undefined {
    const packPath = idxPath.replace(/\.idx$/, '.pack');
    let idx: Buffer;
    let packSize: number;
    try {
      idx = readFileSync(idxPath);
      packSize = withFile(packPath, (fd) => fstatSync(fd).size);
    } catch {
      return undefined;
    }
    if (idx.length >= 8 && idx.readUInt32BE(0) === 0xff744f63) {
      if (idx.readUInt32BE(4) !== 2 || idx.length < 8 + 1024) return undefined;
      const count = idx.readUInt32BE(8 + 255 * 4);
      const fixed = 8 + 1024 + count * 28 + 40;
      if (idx.length < fixed || (idx.length - fixed) % 8 !== 0) return undefined;
      return new Pack(packPath, idx, 2, count, packSize);
    }
    if (idx.length < 1024) return undefined;
    const count = idx.readUInt32BE(255 * 4);
    if (idx.length !== 1024 + count * 24 + 40) return undefined;
    return new Pack(packPath, idx, 1, count, packSize);
  }

  private fanout(byte: number): number {
    const base = this.version === 2 ? 8 : 0;
    return byte < 0 ? 0 : this.idx.readUInt32BE(base + byte * 4);
  }

  private shaAt(index: number): Buffer {
    const at = this.version === 2 ? 8 + 1024 + index * 20 : 1024 + index * 24 + 4;
    return this.idx.subarray(at, at + 20);
  }

  private offsetAt(index: number): number {
    if (this.version === 1) return this.idx.readUInt32BE(1024 + index * 24);
    const table = 8 + 1024 + this.count * 24;
    const value = this.idx.readUInt32BE(table + index * 4);
    if ((value & 0x80000000) === 0) return value;
    const large = table + this.count * 4 + (value & 0x7fffffff) * 8;
    return Number(this.idx.readBigUInt64BE(large));
  }

  find(oid: Buffer): number | undefined {
    const first = oid[0] as number;
    let lo = this.fanout(first - 1);
    let hi = this.fanout(first);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = Buffer.compare(this.shaAt(mid), oid);
      if (cmp === 0) return this.offsetAt(mid);
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /** Every (id, offset) of the pack. */
  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.count; i++) yield [this.shaAt(i).toString('latin1'), this.offsetAt(i)];
  }

  /** Ids starting with the hex `prefix` (at least 2 digits). */
  matching(prefix: string): string[] {
    const first = Number.parseInt(prefix.slice(0, 2), 16);
    const out: string[] = [];
    for (let i = this.fanout(first - 1); i < this.fanout(first); i++) {
      const hex = this.shaAt(i).toString('hex');
      if (hex.startsWith(prefix)) out.push(hex);
    }
    return out;
  }

  /** Where the entry after the one at `offset` starts: the end of its compressed data. */
  private entryEnd(offset: number): number {
    if (!this.sortedOffsets) {
      const offsets = new Float64Array(this.count);
      for (let i = 0; i < this.count; i++) offsets[i] = this.offsetAt(i);
      offsets.sort();
      this.sortedOffsets = offsets;
    }
    const offsets = this.sortedOffsets;
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((offsets[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < offsets.length ? (offsets[lo] as number) : this.packSize - 20;
  }

  header(fd: number, offset: number): PackEntryHeader {
    const head = readRange(fd, offset, 32);
    let at = 0;
    let byte = head[at++] as number;
    const type = (byte >> 4) & 7;
    let size = byte & 15;
    let shift = 4;
    while (byte & 0x80) {
      byte = head[at++] as number;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (type === OFS_DELTA) {
      byte = head[at++] as number;
      let distance = byte & 0x7f;
      while (byte & 0x80) {
        byte = head[at++] as number;
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      return { type, size, dataStart: offset + at, baseOffset: offset - distance };
    }
    if (type === REF_DELTA) {
      return { type, size, dataStart: offset + at + 20, baseOid: head.subarray(at, at + 20).toString('hex') };
    }
    return { type, size, dataStart: offset + at };
  }

  /** The entry's whole compressed data, inflated. */
  inflate(fd: number, offset: number, header: PackEntryHeader): Buffer {
    const compressed = readRange(fd, header.dataStart, this.entryEnd(offset) - header.dataStart);
    const data = zlib.inflateSync(compressed, {
      maxOutputLength: Math.max(header.size, 1),
      chunkSize: Math.max(64, Math.min(header.size + 16, 1 << 20)),
    });
    if (data.length !== header.size) throw new Error(`entry at ${offset} inflated to ${data.length} bytes, expected ${header.size}`);
    return data;
  }

  /** The first bytes of the entry's inflated data (a delta's size header). */
  inflateStart(fd: number, header: PackEntryHeader, offset: number): Buffer {
    const end = this.entryEnd(offset);
    for (let length = 64; ; length *= 8) {
      const take = Math.min(length, end - header.dataStart);
      const out = inflatePrefix(readRange(fd, header.dataStart, take));
      if (out.length >= 20 || take >= end - header.dataStart) return out;
    }
  }
}

/** Reads objects of one `objects/` folder (and its alternates). */
export class ObjectStore {
  readonly objectsDir: string;
  private readonly where: string;
  private packs = new Map<string, Pack>();
  /**
   * With many packs (each incremental fetch adds one), one lookup table over all of them
   * instead of a binary search per pack: keys are the raw 20-byte ids as latin1 strings.
   */
  private merged: Map<string, { pack: Pack; offset: number }> | undefined;
  private alternates: ObjectStore[] = [];
  private readonly cache = new Map<string, GitObject>();
  private cachedBytes = 0;

  /** `where` names the repository in messages (a URL or a path, never credentials). */
  constructor(objectsDir: string, where: string, alternateDepth = 0) {
    this.objectsDir = objectsDir;
    this.where = where;
    this.scanPacks();
    this.loadAlternates(alternateDepth);
  }

  /** Picks up packs written since (a fetch) and forgets deleted ones (a gc in a local repo). */
  refresh(): void {
    this.scanPacks();
    for (const alternate of this.alternates) alternate.refresh();
  }

  private scanPacks(): void {
    const packDir = path.join(this.objectsDir, 'pack');
    let names: string[] = [];
    try {
      names = readdirSync(packDir).filter((name) => name.endsWith('.idx'));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const next = new Map<string, Pack>();
    for (const name of names.sort()) {
      const pack = this.packs.get(name) ?? Pack.load(path.join(packDir, name));
      if (pack) next.set(name, pack);
    }
    if (next.size !== this.packs.size || [...next.keys()].some((name) => !this.packs.has(name))) this.merged = undefined;
    this.packs = next;
  }

  private mergedIndex(): Map<string, { pack: Pack; offset: number }> | undefined {
    if (this.packs.size <= MERGE_PACKS_ABOVE) return undefined;
    if (!this.merged) {
      const merged = new Map<string, { pack: Pack; offset: number }>();
      for (const pack of this.packs.values()) for (const [id, offset] of pack.entries()) merged.set(id, { pack, offset });
      this.merged = merged;
    }
    return this.merged;
  }

  private loadAlternates(depth: number): void {
    if (depth >= 5) return;
    let text: string;
    try {
      text = readFileSync(path.join(this.objectsDir, 'info', 'alternates'), 'utf8');
    } catch {
      return;
    }
    this.alternates = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => path.resolve(this.objectsDir, line))
      .filter((dir) => existsSync(dir))
      .map((dir) => new ObjectStore(dir, this.where, depth + 1));
  }

  private loosePath(oid: string): string {
    return path.join(this.objectsDir, oid.slice(0, 2), oid.slice(2));
  }

  private locate(oid: string): { pack: Pack; offset: number } | { loose: string } | { store: ObjectStore } | undefined {
    const raw = Buffer.from(oid, 'hex');
    const merged = this.mergedIndex();
    if (merged) {
      const hit = merged.get(raw.toString('latin1'));
      if (hit) return hit;
    } else {
      for (const pack of this.packs.values()) {
        const offset = pack.find(raw);
        if (offset !== undefined) return { pack, offset };
      }
    }
    const loose = this.loosePath(oid);
    if (existsSync(loose)) return { loose };
    for (const store of this.alternates) if (store.locate(oid)) return { store };
    return undefined;
  }

  has(oid: string): boolean {
    if (this.locate(oid)) return true;
    this.refresh();
    return this.locate(oid) !== undefined;
  }

  /** Type and size, from the object's header only. */
  info(oid: string): ObjectInfo {
    return this.retrying(oid, () => this.infoOnce(oid));
  }

  read(oid: string): GitObject {
    return this.retrying(oid, () => this.readOnce(oid));
  }

  /** Full ids starting with `prefix` (hex, at least 4 digits), from every pack and loose folder. */
  expand(prefix: string): string[] {
    const lower = prefix.toLowerCase();
    const found = new Set<string>();
    for (const pack of this.packs.values()) for (const oid of pack.matching(lower)) found.add(oid);
    try {
      for (const name of readdirSync(path.join(this.objectsDir, lower.slice(0, 2)))) {
        const oid = lower.slice(0, 2) + name;
        if (oid.startsWith(lower) && /^[0-9a-f]{40}$/.test(oid)) found.add(oid);
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    for (const store of this.alternates) for (const oid of store.expand(lower)) found.add(oid);
    return [...found].sort();
  }

  private missing(oid: string): FerryError {
    return new FerryError('SOURCE_OBJECT_MISSING', `git object ${oid} is missing from ${this.where}`, {
      httpStatus: 500,
      details: { oid },
    });
  }

  private corrupt(oid: string, cause: unknown): FerryError {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new FerryError('SOURCE_OBJECT_CORRUPT', `git object ${oid} in ${this.where} cannot be read: ${why}`, {
      httpStatus: 500,
      cause,
    });
  }

  /** Runs `read`, rescanning the packs once when a pack vanished (a gc repacked the repository). */
  private retrying<T>(oid: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof FerryError && error.code !== 'SOURCE_OBJECT_MISSING') throw error;
      if (!(error instanceof FerryError) && !isNotFound(error)) throw this.corrupt(oid, error);
      this.refresh();
      try {
        return read();
      } catch (again) {
        if (again instanceof FerryError) throw again;
        if (isNotFound(again)) throw this.missing(oid);
        throw this.corrupt(oid, again);
      }
    }
  }

  private infoOnce(oid: string): ObjectInfo {
    const place = this.locate(oid);
    if (!place) throw this.missing(oid);
    if ('store' in place) return place.store.info(oid);
    if ('loose' in place) {
      const head = withFile(place.loose, (fd) => inflatePrefix(readRange(fd, 0, 512)));
      return parseLooseHeader(head, oid).info;
    }
    return withFile(place.pack.packPath, (fd) => this.packedInfo(place.pack, fd, place.offset, oid, 0));
  }

  private packedInfo(pack: Pack, fd: number, offset: number, oid: string, depth: number): ObjectInfo {
    if (depth > MAX_DELTA_CHAIN) throw new Error('delta chain too long');
    const header = pack.header(fd, offset);
    const type = TYPES[header.type];
    if (type) return { type, size: header.size };
    const { result } = deltaSizes(pack.inflateStart(fd, header, offset));
    if (header.type === OFS_DELTA) {
      return { type: this.packedInfo(pack, fd, header.baseOffset as number, oid, depth + 1).type, size: result };
    }
    if (header.type === REF_DELTA) return { type: this.info(header.baseOid as string).type, size: result };
    throw new Error(`unknown pack entry type ${header.type}`);
  }

  private readOnce(oid: string): GitObject {
    const place = this.locate(oid);
    if (!place) throw this.missing(oid);
    if ('store' in place) return place.store.read(oid);
    if ('loose' in place) {
      const raw = zlib.inflateSync(readFileSync(place.loose));
      const { info, start } = parseLooseHeader(raw, oid);
      const data = raw.subarray(start);
      if (data.length !== info.size) throw new Error(`loose object is ${data.length} bytes, its header says ${info.size}`);
      return { type: info.type, data };
    }
    return withFile(place.pack.packPath, (fd) => this.readPacked(place.pack, fd, place.offset));
  }

  private remember(key: string, object: GitObject): void {
    if (object.data.length > CACHE_OBJECT_BYTES) return;
    this.cache.set(key, object);
    this.cachedBytes += object.data.length;
    for (const [old, value] of this.cache) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      this.cache.delete(old);
      this.cachedBytes -= value.data.length;
    }
  }

  /** Walks the delta chain down to a whole object, then applies the deltas back up. */
  private readPacked(pack: Pack, fd: number, offset: number): GitObject {
    const deltas: { header: PackEntryHeader; offset: number }[] = [];
    let base: GitObject | undefined;
    let at = offset;
    while (base === undefined) {
      const key = `${pack.packPath}:${at}`;
      const cached = this.cache.get(key);
      if (cached) {
        base = cached;
        break;
      }
      if (deltas.length > MAX_DELTA_CHAIN) throw new Error('delta chain too long');
      const header = pack.header(fd, at);
      const type = TYPES[header.type];
      if (type) {
        base = { type, data: pack.inflate(fd, at, header) };
        if (deltas.length > 0) this.remember(key, base);
        break;
      }
      deltas.push({ header, offset: at });
      if (header.type === OFS_DELTA) at = header.baseOffset as number;
      else if (header.type === REF_DELTA) {
        const baseOid = header.baseOid as string;
        const inPack = pack.find(Buffer.from(baseOid, 'hex'));
        if (inPack !== undefined) at = inPack;
        else base = this.read(baseOid);
      } else throw new Error(`unknown pack entry type ${header.type}`);
    }
    let object = base;
    for (let i = deltas.length - 1; i >= 0; i--) {
      const { header, offset: deltaOffset } = deltas[i] as (typeof deltas)[number];
      object = { type: object.type, data: applyDelta(object.data, pack.inflate(fd, deltaOffset, header)) };
      if (i > 0) this.remember(`${pack.packPath}:${deltaOffset}`, object);
    }
    return object;
  }
}

function parseLooseHeader(raw: Buffer, oid: string): { info: ObjectInfo; start: number } {
  const nul = raw.indexOf(0);
  const header = raw.subarray(0, nul < 0 ? Math.min(raw.length, 32) : nul).toString('latin1');
  const match = /^(commit|tree|blob|tag) (\d+)$/.exec(header);
  if (nul < 0 || !match) throw new Error(`loose object ${oid} has a bad header ${JSON.stringify(header)}`);
  return { info: { type: match[1] as ObjectType, size: Number(match[2]) }, start: nul + 1 };
}
