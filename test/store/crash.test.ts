import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import { repoRoot } from '../support/oracles.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts the writer and kills it with SIGKILL once it has acknowledged `acks` writes. */
function writeThenKill(file: string, acks: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), [path.join(repoRoot, 'test/store/fixtures/write-until-killed.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: number[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      acknowledged.push(...lines.map(Number));
      if (acknowledged.length >= acks && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`writer exited without being killed (${String(_code)})`))));
  });
}

describe('sqlite store under kill -9', () => {
  it('keeps every acknowledged write and opens cleanly afterwards', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ferry-crash-'));
    dirs.push(dir);
    const file = path.join(dir, 'ferry.db');
    const acknowledged = await writeThenKill(file, 300);

    const integrity = new DatabaseSync(file);
    expect(integrity.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    integrity.close();

    const store = openSqliteStore(file, { clock: systemClock });
    const names = new Set(store.applications.list().map((a) => a.name));
    const lost = acknowledged.filter((i) => !names.has(`app-${i}`) || store.history.list(`app-${i}`).length !== 1);
    expect(lost).toEqual([]);
    // The store is usable after the crash: the next write lands.
    store.applications.create('after-crash', {});
    expect(store.applications.get('after-crash')?.version).toBe(1);
    store.close();
  });
});

describe('sqlite store on a damaged file', () => {
  it('refuses a file that is not a database, naming it, and leaves it untouched', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ferry-corrupt-'));
    dirs.push(dir);
    const file = path.join(dir, 'ferry.db');
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(file, 'this is not a sqlite database, just some text that is long enough to look like a header'.repeat(50));
    expect(() => openSqliteStore(file, { clock: systemClock })).toThrow(`cannot open the Ferry database ${file}: file is not a database`);
    expect(readFileSync(file, 'utf8').startsWith('this is not a sqlite database')).toBe(true);
  });
});
