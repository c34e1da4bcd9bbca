/**
 * Reads a packaged chart (`.tgz`) from bytes, as Helm's loader does: gunzip, walk the tar
 * entries (ustar, PAX and GNU long names), drop directories and the first path component
 * (the chart's folder), refuse absolute or climbing paths and links, and bound the size
 * (Helm's limits: 100 MiB per chart, 5 MiB per file).
 */
import { gunzipSync } from 'node:zlib';

export interface ArchiveFile {
  readonly name: string;
  readonly data: Uint8Array;
}

export const MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024;
export const MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024;

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

const decoder = new TextDecoder('utf-8');
const BOM = [0xef, 0xbb, 0xbf];

function readString(block: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && block[end] !== 0) end++;
  return decoder.decode(block.subarray(offset, end));
}

function readOctal(block: Uint8Array, offset: number, length: number): number {
  // GNU base-256 for large values.
  if (block[offset]! & 0x80) {
    let value = 0;
    for (let i = offset + 1; i < offset + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const text = readString(block, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`archive/tar: invalid header (bad number ${JSON.stringify(text)})`);
  return parseInt(text, 8);
}

function checksumOk(block: Uint8Array): boolean {
  const stored = readOctal(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === stored;
}

function parsePax(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const text = decoder.decode(data);
  let i = 0;
  while (i < text.length) {
    const space = text.indexOf(' ', i);
    if (space < 0) break;
    const length = Number(text.slice(i, space));
    if (!Number.isInteger(length) || length <= 0) throw new ArchiveError('archive/tar: invalid PAX record');
    const record = text.slice(space + 1, i + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += length;
  }
  return out;
}

function stripBom(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2] ? data.subarray(3) : data;
}

function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0 || parts[parts.length - 1] === '..') parts.push('..');
      else parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join('/') || '.';
}

/** gunzip with a bound on the output. */
export function gunzipBounded(bytes: Uint8Array, limit = MAX_DECOMPRESSED_CHART_SIZE + 1024 * 1024): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new ArchiveError('gzip: invalid header');
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ArchiveError(`decompressed chart is larger than the maximum size ${MAX_DECOMPRESSED_CHART_SIZE}`);
    throw new ArchiveError(`gzip: ${(error as Error).message}`);
  }
}

/** The files of a chart archive, named relative to the chart's folder inside it. */
export function readChartArchive(bytes: Uint8Array): ArchiveFile[] {
  const tar = gunzipBounded(bytes);
  const files: ArchiveFile[] = [];
  let remaining = MAX_DECOMPRESSED_CHART_SIZE;
  let offset = 0;
  let longName: string | undefined;
  let pax: Map<string, string> | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new ArchiveError('archive/tar: invalid header');
    const size = readOctal(header, 124, 12);
    const type = String.fromCharCode(header[156]! || 0x30);
    const dataStart = offset + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new ArchiveError('unexpected EOF');
    const data = tar.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = readString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g' || type === 'K') continue;
    const prefix = readString(header, 345, 155);
    const ustar = readString(header, 257, 6).startsWith('ustar');
    let name = longName ?? pax?.get('path') ?? (ustar && prefix ? `${prefix}/${readString(header, 0, 100)}` : readString(header, 0, 100));
    longName = undefined;
    pax = undefined;
    if (type === '5' || name.endsWith('/')) continue;
    if (type === '1' || type === '2') throw new ArchiveError(`chart archive holds a link (${name}); links are not followed`);
    if (type !== '0' && type !== '7') throw new ArchiveError(`chart archive holds ${name}, which is not a regular file`);
    const delimiter = name.includes('\\') ? '\\' : '/';
    const parts = name.split(delimiter);
    name = parts.slice(1).join('/');
    if (name.startsWith('/')) throw new ArchiveError('chart illegally contains absolute paths');
    const clean = cleanPath(name);
    if (clean === '.') throw new ArchiveError(`chart illegally contains content outside the base directory: ${JSON.stringify(parts.join(delimiter))}`);
    if (clean.startsWith('..')) throw new ArchiveError('chart illegally references parent directory');
    if (/^[a-zA-Z]:\//.test(clean)) throw new ArchiveError('chart contains illegally named files');
    if (parts[0] === 'Chart.yaml') throw new ArchiveError('chart yaml not in base directory');
    if (size > MAX_DECOMPRESSED_FILE_SIZE) {
      throw new ArchiveError(`decompressed chart file ${JSON.stringify(parts.join(delimiter))} is larger than the maximum file size ${MAX_DECOMPRESSED_FILE_SIZE}`);
    }
    remaining -= size;
    if (remaining <= 0) throw new ArchiveError(`decompressed chart is larger than the maximum size ${MAX_DECOMPRESSED_CHART_SIZE}`);
    files.push({ name: clean, data: stripBom(data) });
  }
  if (files.length === 0) throw new ArchiveError('no files in chart archive');
  return files;
}
