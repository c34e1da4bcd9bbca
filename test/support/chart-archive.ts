/**
 * Builds chart archives in memory for tests: a ustar writer, gzip-compressed. (Test support:
 * only imported by *.test.ts files.)
 */
import { gzipSync } from 'node:zlib';

export interface ArchiveEntry {
  readonly name: string;
  readonly data?: string | Uint8Array;
  /** tar typeflag: '0' file (default), '5' directory, '2' symlink. */
  readonly type?: string;
  readonly linkName?: string;
}

function writeString(block: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = new TextEncoder().encode(text);
  block.set(bytes.subarray(0, length), offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

export function buildTar(entries: readonly ArchiveEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? new TextEncoder().encode(entry.data) : (entry.data ?? new Uint8Array());
    const header = new Uint8Array(512);
    writeString(header, 0, 100, entry.name);
    writeOctal(header, 100, 8, 0o644);
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    writeOctal(header, 124, 12, data.length);
    writeOctal(header, 136, 12, 0);
    header.fill(0x20, 148, 156);
    writeString(header, 156, 1, entry.type ?? '0');
    writeString(header, 157, 100, entry.linkName ?? '');
    writeString(header, 257, 6, 'ustar\0');
    writeString(header, 263, 2, '00');
    let sum = 0;
    for (const byte of header) sum += byte;
    writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    chunks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  chunks.push(new Uint8Array(1024));
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export function buildTgz(entries: readonly ArchiveEntry[]): Uint8Array {
  return gzipSync(buildTar(entries));
}
