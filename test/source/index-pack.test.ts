/**
 * Ferry's pack indexer against `git index-pack`: the same .idx, byte for byte, for packs with
 * OFS and REF deltas; and clear refusals of damaged packs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexPack } from '../../src/source/git/index-pack.ts';
import { createLocalRepo, type GitTestRepo } from '../support/git-repo.ts';

let local: ReturnType<typeof createLocalRepo>;
let repo: GitTestRepo;
let scratch: string;

beforeAll(() => {
  local = createLocalRepo();
  repo = local.repo;
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-index-pack-'));
  let text = Array.from({ length: 300 }, (_, i) => `key-${i}: ${'v'.repeat(i % 50)}`).join('\n');
  for (let i = 0; i < 25; i++) {
    text = text.replace(`key-${i * 11}:`, `key-${i * 11}-edited:`);
    repo.commit({ 'app/config.yaml': text, [`app/other-${i % 4}.yaml`]: `${text}\n# ${i}` });
  }
  repo.tag('v1', 'main', { message: 'annotated' });
});

afterAll(() => {
  local?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A pack of every object, written by `git pack-objects` with the given options. */
function gitPack(name: string, options: string[]): string {
  const base = path.join(scratch, name);
  const objects = repo.git(['rev-list', '--objects', '--all']).split('\n').map((line) => line.split(' ')[0]).join('\n');
  const checksum = repo.git(['pack-objects', ...options, base], `${objects}\n`);
  return `${base}-${checksum}`;
}

describe('indexPack', () => {
  it.each([
    ['OFS deltas', ['--delta-base-offset', '--window=50', '--depth=20']],
    ['REF deltas', ['--window=50', '--depth=20']],
    ['no deltas', ['--window=0']],
  ])('writes the .idx git writes, for a pack with %s', async (_name, options) => {
    const base = gitPack(_name.replace(/ /g, '-'), options);
    const pack = readFileSync(`${base}.pack`);
    const ours = await indexPack(pack);
    expect(ours.checksum).toBe(path.basename(base).split('-').pop());
    expect(ours.count).toBe(pack.readUInt32BE(8));
    expect(ours.idx.equals(readFileSync(`${base}.idx`))).toBe(true);
    if (_name !== 'no deltas') expect(repo.git(['verify-pack', '-v', `${base}.idx`])).toMatch(/chain length = [1-9]/);
  });

  it('matches git index-pack on what a server sends for a clone', async () => {
    const packFile = path.join(scratch, 'served.pack');
    const wants = repo.git(['rev-parse', 'main']);
    // What upload-pack streams: a pack made for "want main", as `git index-pack --stdin` would take it.
    const pack = execFileSync('git', ['--git-dir', repo.dir, 'pack-objects', '--stdout', '--revs', '--delta-base-offset'], {
      input: `${wants}\n`,
    });
    writeFileSync(packFile, pack);
    execFileSync('git', ['index-pack', packFile]);
    expect((await indexPack(pack)).idx.equals(readFileSync(packFile.replace(/\.pack$/, '.idx')))).toBe(true);
  });

  it.each([
    ['a truncated pack', (pack: Buffer) => pack.subarray(0, pack.length - 100), 'pack checksum mismatch'],
    ['a flipped byte', (pack: Buffer) => Buffer.concat([pack.subarray(0, 40), Buffer.from([pack[40]! ^ 0xff]), pack.subarray(41)]), 'pack checksum mismatch'],
    ['no pack at all', () => Buffer.from('<html>not a pack</html>............'), 'not a pack file'],
  ])('refuses %s', async (_name, damage, message) => {
    const base = gitPack('damaged', ['--delta-base-offset']);
    await expect(indexPack(damage(readFileSync(`${base}.pack`)))).rejects.toThrow(message);
  });
});
