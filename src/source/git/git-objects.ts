/**
 * Parsers for the Git object formats Ferry reads (commit, tree, tag) and the delta format of
 * pack files. Pure functions over bytes.
 */
import { FerryError } from '../../core/index.ts';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface TreeEntry {
  readonly mode: string;
  readonly name: string;
  readonly oid: string;
}

export interface ParsedCommit {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: { readonly name: string; readonly email: string; readonly date: string };
  readonly message: string;
}

export interface ParsedTag {
  readonly object: string;
  readonly type: string;
  readonly tag: string;
}

function corrupt(what: string, oid: string, why: string): FerryError {
  return new FerryError('SOURCE_OBJECT_CORRUPT', `git ${what} ${oid} is malformed: ${why}`, { httpStatus: 500 });
}

const NUL = 0;
const SPACE = 0x20;
const decoder = new TextDecoder('utf-8');

export function parseTree(data: Uint8Array, oid: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(SPACE, at);
    const nul = space < 0 ? -1 : data.indexOf(NUL, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw corrupt('tree', oid, `truncated entry at byte ${at}`);
    const mode = decoder.decode(data.subarray(at, space));
    const name = decoder.decode(data.subarray(space + 1, nul));
    const id = Buffer.from(data.buffer, data.byteOffset + nul + 1, 20).toString('hex');
    entries.push({ mode, name, oid: id });
    at = nul + 21;
  }
  return entries;
}

/** Headers (with continuation lines joined) and the message after the first blank line. */
function splitHeaders(text: string): { headers: [string, string][]; message: string } {
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const message = end < 0 ? '' : text.slice(end + 2);
  const headers: [string, string][] = [];
  for (const line of head.split('\n')) {
    if (line.startsWith(' ') && headers.length > 0) {
      const last = headers[headers.length - 1] as [string, string];
      last[1] += `\n${line.slice(1)}`;
      continue;
    }
    const space = line.indexOf(' ');
    headers.push(space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)]);
  }
  return { headers, message };
}

const IDENTITY = /^(.*?) ?<([^>]*)> (\d+) ([+-])(\d\d)(\d\d)$/;

/**
 * The ISO 8601 form of a Git timestamp, in the author's own offset (what
 * `git log --date=iso-strict` prints): `2026-01-01T12:00:00+01:00`.
 */
export function formatGitDate(seconds: number, sign: string, hours: number, minutes: number): string {
  const offsetMinutes = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  const local = new Date((seconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local}${sign === '-' && offsetMinutes !== 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}`;
}

export function parseIdentity(text: string): { name: string; email: string; date: string } | undefined {
  const match = IDENTITY.exec(text);
  if (!match) return undefined;
  const [, name, email, seconds, sign, hours, minutes] = match as unknown as [string, string, string, string, string, string, string];
  return { name, email, date: formatGitDate(Number(seconds), sign, Number(hours), Number(minutes)) };
}

export function parseCommit(data: Uint8Array, oid: string): ParsedCommit {
  const { headers, message } = splitHeaders(decoder.decode(data));
  let tree: string | undefined;
  const parents: string[] = [];
  let author: ParsedCommit['author'] | undefined;
  for (const [key, value] of headers) {
    if (key === 'tree' && tree === undefined) tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author' && author === undefined) author = parseIdentity(value);
  }
  if (!tree || !/^[0-9a-f]{40}$/.test(tree)) throw corrupt('commit', oid, 'no tree');
  return {
    tree,
    parents,
    author: author ?? { name: '', email: '', date: new Date(0).toISOString() },
    message: message.replace(/\n+$/, ''),
  };
}

export function parseTag(data: Uint8Array, oid: string): ParsedTag {
  const { headers } = splitHeaders(decoder.decode(data));
  const get = (key: string) => headers.find(([k]) => k === key)?.[1];
  const object = get('object');
  if (!object || !/^[0-9a-f]{40}$/.test(object)) throw corrupt('tag', oid, 'no object');
  return { object, type: get('type') ?? '', tag: get('tag') ?? '' };
}

/** Reads the little-endian base-128 varint of a delta header at `at`. */
function readDeltaSize(delta: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    if (at >= delta.length) throw new Error('truncated delta header');
    byte = delta[at++] as number;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** The base and result sizes a delta starts with (enough to know an object's size unread). */
export function deltaSizes(delta: Uint8Array): { base: number; result: number } {
  const [base, at] = readDeltaSize(delta, 0);
  const [result] = readDeltaSize(delta, at);
  return { base, result };
}

/** Applies a Git pack delta (copy/insert instructions) to `base`. */
export function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array {
  const [baseSize, afterBase] = readDeltaSize(delta, 0);
  if (baseSize !== base.length) throw new Error(`delta expects a base of ${baseSize} bytes, got ${base.length}`);
  const [resultSize, afterResult] = readDeltaSize(delta, afterBase);
  let at = afterResult;
  const out = Buffer.allocUnsafe(resultSize);
  let written = 0;
  while (at < delta.length) {
    const op = delta[at++] as number;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) offset += (delta[at++] as number) * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (op & (0x10 << bit)) size += (delta[at++] as number) * 2 ** (8 * bit);
      if (size === 0) size = 0x10000;
      if (offset + size > base.length || written + size > resultSize) throw new Error('delta copies out of bounds');
      out.set(base.subarray(offset, offset + size), written);
      written += size;
    } else if (op > 0) {
      if (at + op > delta.length || written + op > resultSize) throw new Error('delta inserts out of bounds');
      out.set(delta.subarray(at, at + op), written);
      at += op;
      written += op;
    } else {
      throw new Error('delta has a reserved opcode 0');
    }
  }
  if (written !== resultSize) throw new Error(`delta produced ${written} bytes, expected ${resultSize}`);
  return out;
}
