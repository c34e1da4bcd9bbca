/**
 * One `git-upload-pack` exchange over smart HTTP (protocol v0/v1, stateless): send the wants
 * and the haves with `done`, stream the pack the server answers to a temporary file, index
 * it natively (index-pack.ts) and move pack and index into `objects/pack`. The refs come
 * from the listing the caller already made, so a fetch costs one request beyond it.
 *
 * isomorphic-git's own fetch re-lists the refs, keeps the whole pack in memory and indexes
 * it in JavaScript with one asynchronous SHA-1 per object; on a 5,000-file repository that
 * made the first fetch several times slower than `git clone` (see bench/git.ts).
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FerryError } from '../../core/index.ts';
import type { HttpClient } from './http-client.ts';
import { indexPack, PackFormatError } from './index-pack.ts';
import type { ObjectStore } from './object-store.ts';

/** The server no longer advertises a tip we asked for: the refs moved since they were listed. */
export class StaleWantError extends Error {
  override readonly name = 'StaleWantError';
}

/** The shape isomorphic-git gives HTTP errors, so one mapping (network-errors.ts) serves both. */
function httpError(statusCode: number, statusMessage: string): Error & { code: string; data: object } {
  return Object.assign(new Error(`HTTP Error: ${statusCode} ${statusMessage}`), {
    code: 'HttpError',
    data: { statusCode, statusMessage },
  });
}

export function pktLine(payload: string): Buffer {
  const body = Buffer.from(payload);
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

const FLUSH = Buffer.from('0000');
const MAX_HAVES = 256;

/** Reads pkt-lines from a byte stream; `null` is a flush packet, `undefined` the end of the stream. */
class PktReader {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private readonly source: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array> | AsyncIterator<Uint8Array>) {
    this.source = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source;
  }

  private async fill(size: number): Promise<boolean> {
    while (this.buffer.length < size && !this.ended) {
      const { value, done } = await this.source.next();
      if (done) this.ended = true;
      else this.buffer = this.buffer.length === 0 ? Buffer.from(value) : Buffer.concat([this.buffer, value]);
    }
    return this.buffer.length >= size;
  }

  async read(): Promise<Buffer | null | undefined> {
    if (!(await this.fill(4))) {
      if (this.buffer.length > 0) throw new PackFormatError('the server answer ends inside a packet header');
      return undefined;
    }
    const length = Number.parseInt(this.buffer.toString('latin1', 0, 4), 16);
    if (Number.isNaN(length) || (length > 0 && length < 4)) throw new PackFormatError('the server answer is not in pkt-line format');
    if (length === 0) {
      this.buffer = this.buffer.subarray(4);
      return null;
    }
    if (!(await this.fill(length))) throw new PackFormatError('the server answer ends inside a packet');
    const payload = this.buffer.subarray(4, length);
    this.buffer = this.buffer.subarray(length);
    return payload;
  }

  /** Everything left, unframed (a pack sent without side-band). */
  async *rest(): AsyncIterableIterator<Buffer> {
    if (this.buffer.length > 0) yield this.buffer;
    this.buffer = Buffer.alloc(0);
    while (!this.ended) {
      const { value, done } = await this.source.next();
      if (done) this.ended = true;
      else yield Buffer.from(value);
    }
  }
}

export interface FetchPackRequest {
  /** An HTTP client already bound to `signal`. */
  readonly http: HttpClient;
  readonly signal?: AbortSignal;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Capabilities the server advertised with its refs. */
  readonly capabilities: ReadonlySet<string>;
  readonly wants: readonly string[];
  readonly haves: readonly string[];
  /** The `objects` folder to add the pack to, and its reader (for thin-pack bases). */
  readonly objectsDir: string;
  readonly store: ObjectStore;
}

export interface FetchPackResult {
  /** The new pack, or undefined when the server had nothing to send. */
  readonly pack?: string;
  readonly objects: number;
  readonly bytes: number;
}

function requestBody(request: FetchPackRequest): Buffer {
  const caps = ['ofs-delta', 'side-band-64k', 'no-progress'].filter((cap) => request.capabilities.has(cap));
  if (!caps.includes('side-band-64k') && request.capabilities.has('side-band')) caps.push('side-band');
  caps.push('agent=git/ferry');
  const wants = [...new Set(request.wants)];
  const lines = wants.map((oid, i) => pktLine(i === 0 ? `want ${oid} ${caps.join(' ')}\n` : `want ${oid}\n`));
  lines.push(FLUSH);
  for (const oid of [...new Set(request.haves)].slice(0, MAX_HAVES)) lines.push(pktLine(`have ${oid}\n`));
  lines.push(pktLine('done\n'));
  return Buffer.concat(lines);
}

function serverError(url: string, message: string): Error {
  const text = message.trim();
  if (/not our ref|no such remote ref|not valid/i.test(text)) return new StaleWantError(text);
  return new FerryError('SOURCE_FETCH_FAILED', `cannot fetch ${url}: the server said: ${text}`, { httpStatus: 502 });
}

export async function fetchPack(request: FetchPackRequest): Promise<FetchPackResult> {
  if (request.wants.length === 0) return { objects: 0, bytes: 0 };
  const response = await request.http.request({
    url: `${request.url}/git-upload-pack`,
    method: 'POST',
    headers: {
      ...request.headers,
      'content-type': 'application/x-git-upload-pack-request',
      accept: 'application/x-git-upload-pack-result',
    },
    body: [requestBody(request)] as unknown as AsyncIterableIterator<Uint8Array>,
  });
  if (response.statusCode !== 200) throw httpError(response.statusCode, response.statusMessage);
  if (!response.body) throw new PackFormatError('the server sent an empty answer');
  const body = response.body;

  const packDir = path.join(request.objectsDir, 'pack');
  const temporary = path.join(packDir, `tmp_pack_${randomBytes(8).toString('hex')}`);
  const file = await open(temporary, 'wx');
  let bytes = 0;
  try {
    const reader = new PktReader(body);
    const sideBand = request.capabilities.has('side-band-64k') || request.capabilities.has('side-band');
    // Negotiation lines (ACK/NAK, shallow) come first, then the pack.
    for (;;) {
      const line = await reader.read();
      if (line === undefined) throw new PackFormatError('the server closed the answer before sending a pack');
      if (line === null) continue;
      const text = line.toString('latin1');
      if (/^(ACK|NAK|shallow|unshallow)\b/.test(text)) continue;
      if (text.startsWith('ERR ')) throw serverError(request.url, text.slice(4));
      if (!sideBand) {
        await file.write(line.subarray(0));
        bytes += line.length;
        for await (const chunk of reader.rest()) {
          await file.write(chunk);
          bytes += chunk.length;
        }
        break;
      }
      let packet: Buffer | null | undefined = line;
      while (packet !== undefined && packet !== null) {
        const band = packet[0];
        const payload = packet.subarray(1);
        if (band === 1) {
          await file.write(payload);
          bytes += payload.length;
        } else if (band === 3) {
          throw serverError(request.url, payload.toString('utf8'));
        } else if (band !== 2) {
          throw new PackFormatError(`the server sent data on the unknown side-band ${String(band)}`);
        }
        packet = await reader.read();
      }
      // Read the answer to its end, so the connection can be reused.
      while ((await reader.read()) !== undefined);
      break;
    }
    await file.close();
    const pack = await readFile(temporary);
    if (pack.length === 0) throw new PackFormatError('the server sent no pack');
    const indexed = await indexPack(pack, (oid) => (request.store.has(oid) ? request.store.read(oid) : undefined), request.signal);
    if (indexed.count === 0) {
      await rm(temporary, { force: true });
      return { objects: 0, bytes };
    }
    const base = path.join(packDir, `pack-${indexed.checksum}`);
    // The pack first, its index last: a reader only sees packs whose index is complete.
    await rename(temporary, `${base}.pack`);
    await writeFile(`${temporary}.idx`, indexed.idx);
    await rename(`${temporary}.idx`, `${base}.idx`);
    return { pack: `${base}.pack`, objects: indexed.count, bytes };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    await rm(`${temporary}.idx`, { force: true });
    throw error;
  }
}
