import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../src/source/git/object-store.ts';
import { isFerryError } from '../../src/core/index.ts';
import { createLocalRepo, type GitTestRepo } from '../support/git-repo.ts';

/** Every object of the repository with type and size, as git itself reports them. */
function gitObjects(repo: GitTestRepo): { oid: string; type: string; size: number }[] {
  return repo
    .git(['cat-file', '--batch-all-objects', '--batch-check'])
    .split('\n')
    .map((line) => line.split(' '))
    .map(([oid, type, size]) => ({ oid: oid as string, type: type as string, size: Number(size) }));
}

function gitContent(repo: GitTestRepo, oid: string): Buffer {
  return execFileSync('git', ['--git-dir', repo.dir, 'cat-file', '-p', oid === '' ? 'HEAD' : oid], { maxBuffer: 1 << 28 });
}

describe('ObjectStore reads what git wrote', () => {
  let local: ReturnType<typeof createLocalRepo>;
  let repo: GitTestRepo;
  beforeAll(() => {
    local = createLocalRepo();
    repo = local.repo;
    // Many versions of similar files: `git gc --aggressive` stores most as deltas (OFS_DELTA).
    let text = Array.from({ length: 200 }, (_, i) => `line ${i}: ${'x'.repeat(i % 40)}`).join('\n');
    for (let i = 0; i < 30; i++) {
      text = text.replace(`line ${i * 5}:`, `line ${i * 5} (edited ${i}):`);
      repo.commit({ 'app/config.yaml': text, [`app/file-${i % 7}.txt`]: `${text}\n${i}`, 'README.md': `v${i}` });
    }
    repo.tag('v1', 'main', { message: 'release 1' });
    repo.gc();
    // And a few loose objects after the pack.
    repo.commit({ 'loose.txt': 'only loose', 'app/config.yaml': `${text}\nloose` });
  });
  afterAll(() => local.cleanup());

  it('reads every object, packed (with deltas) and loose, byte for byte', () => {
    const store = new ObjectStore(path.join(repo.dir, 'objects'), 'test repo');
    const objects = gitObjects(repo);
    expect(objects.length).toBeGreaterThan(100);
    for (const { oid, type, size } of objects) {
      expect(store.info(oid)).toEqual({ type, size });
      const object = store.read(oid);
      expect(object.type).toBe(type);
      expect(object.data.length).toBe(size);
      if (type === 'blob') expect(Buffer.from(object.data).equals(gitContent(repo, oid))).toBe(true);
    }
    // The fixture really has delta chains and loose objects.
    const pack = readdirSync(path.join(repo.dir, 'objects', 'pack')).find((name) => name.endsWith('.idx')) as string;
    expect(repo.git(['verify-pack', '-v', path.join(repo.dir, 'objects', 'pack', pack)])).toMatch(/chain length = [2-9]/);
    expect(repo.git(['count-objects', '-v'])).toMatch(/^count: [1-9]/m);
  });

  it('expands abbreviated ids and tells missing objects', () => {
    const store = new ObjectStore(path.join(repo.dir, 'objects'), 'test repo');
    const head = repo.rev('main') as string;
    expect(store.expand(head.slice(0, 8))).toEqual([head]);
    expect(store.has(head)).toBe(true);
    const absent = 'f'.repeat(40) === head ? 'e'.repeat(40) : 'f'.repeat(40);
    expect(store.has(absent)).toBe(false);
    let caught: unknown;
    try {
      store.read(absent);
    } catch (error) {
      caught = error;
    }
    expect(isFerryError(caught, 'SOURCE_OBJECT_MISSING')).toBe(true);
  });

  it('finds objects across many packs (one per incremental fetch)', () => {
    const many = createLocalRepo();
    try {
      for (let i = 0; i < 18; i++) {
        many.repo.commit({ [`app/file-${i}.yaml`]: `n: ${i}`, 'app/shared.yaml': `v${i}` });
        many.repo.git(['repack', '-d', '--quiet']);
      }
      const packDir = path.join(many.repo.dir, 'objects', 'pack');
      expect(readdirSync(packDir).filter((name) => name.endsWith('.pack')).length).toBeGreaterThan(16);
      expect(many.repo.git(['count-objects', '-v'])).toMatch(/^count: 0$/m);
      const store = new ObjectStore(path.join(many.repo.dir, 'objects'), 'many packs');
      for (const { oid, type, size } of gitObjects(many.repo)) {
        expect(store.info(oid)).toEqual({ type, size });
        expect(store.read(oid).data.length).toBe(size);
      }
      // A pack added later is found after a refresh.
      const sha = many.repo.commit({ 'late.yaml': 'late' });
      many.repo.git(['repack', '-d', '--quiet']);
      expect(store.has(sha)).toBe(true);
      expect(store.expand(sha.slice(0, 10))).toEqual([sha]);
    } finally {
      many.cleanup();
    }
  });
});
