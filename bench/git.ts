/**
 * `npm run bench -- git [-n RUNS] [--files N] [--commits N]`: a repository of 5,000 files and
 * 500 commits (made with git fast-import) served by `git http-backend` on loopback; three
 * operations timed with Ferry's GitSource and with the git CLI in the same run:
 *
 *   first fetch        resolveRevision on an empty cache    vs  git clone --bare
 *   incremental fetch  resolveRevision after one new commit vs  git fetch (in that clone)
 *   no-change check    resolveRevision, nothing moved       vs  git ls-remote
 *
 * Each figure is the median of RUNS (fresh caches for first fetches); the ratio is
 * Ferry / git (below 1: Ferry is faster). The no-change check must cost exactly one
 * info/refs request and no pack download; the run fails otherwise.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createGitSource } from '../src/source/git/index.ts';
import { fastImportCommit, gitEnvironment, type FileContent, type GitTestRepo } from '../test/support/git-repo.ts';
import { startGitServer, type GitServer } from '../test/support/git-server.ts';

const execFileAsync = promisify(execFile);

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive integer`);
  return value;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A manifest-like file whose content is unique to (file, version). */
function fileContent(index: number, version: number): string {
  const digest = createHash('sha256').update(`${index}:${version}`).digest('hex');
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: config-${index}`,
    `  namespace: team-${index % 50}`,
    'data:',
    `  version: "${version}"`,
    `  checksum: ${digest}`,
    `  payload: ${digest.repeat(4)}`,
    '',
  ].join('\n');
}

function filePath(index: number): string {
  return `apps/app-${String(index % 50).padStart(2, '0')}/config-${index}.yaml`;
}

/** Builds the history in one fast-import run: all files in the first commit, then ~10 edits per commit. */
function makeHistory(repo: GitTestRepo, files: number, commits: number): void {
  const parts: Buffer[] = [];
  const first = new Map<string, FileContent>();
  for (let i = 0; i < files; i++) first.set(filePath(i), fileContent(i, 0));
  parts.push(...fastImportCommit({ ref: 'refs/heads/main', message: 'initial import', time: 1767225600, files: first }));
  for (let c = 1; c < commits; c++) {
    const edits = new Map<string, FileContent>();
    for (let e = 0; e < 10; e++) {
      const index = (c * 7919 + e * 104729) % files;
      edits.set(filePath(index), fileContent(index, c));
    }
    parts.push(...fastImportCommit({ ref: 'refs/heads/main', message: `change ${c}`, time: 1767225600 + c * 60, files: edits }));
  }
  repo.importStream(Buffer.concat(parts));
  // What a server that ran `git gc` holds: one pack with deltas.
  repo.git(['gc', '--quiet']);
}

async function time<T>(operation: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await operation();
  return { ms: performance.now() - start, value };
}

interface Row {
  readonly name: string;
  readonly ferry: number;
  readonly git: number;
}

function formatRow(row: Row): string {
  const ratio = row.ferry / row.git;
  return `${row.name.padEnd(20)} ${`${row.ferry.toFixed(1)} ms`.padStart(12)} ${`${row.git.toFixed(1)} ms`.padStart(12)} ${ratio.toFixed(2).padStart(8)}`;
}

export async function run(args: readonly string[]): Promise<void> {
  const runs = option(args, '-n', 3);
  const files = option(args, '--files', 5000);
  const commits = option(args, '--commits', 500);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-git-'));
  const env = gitEnvironment(scratch);
  const git = (gitArgs: string[], cwd = scratch) => execFileAsync('git', gitArgs, { cwd, env, maxBuffer: 1 << 26 });
  let server: GitServer | undefined;
  try {
    server = await startGitServer();
    const repo = server.createRepo('bench');
    const made = performance.now();
    makeHistory(repo, files, commits);
    const objects = repo.git(['count-objects', '-v']).match(/in-pack: (\d+)/)?.[1];
    process.stdout.write(
      `repository: ${files} files, ${commits} commits, ${objects} objects, made in ${((performance.now() - made) / 1000).toFixed(1)} s\n`,
    );
    process.stdout.write(`served by git http-backend at ${repo.url}; median of ${runs} runs\n\n`);

    const first = { ferry: [] as number[], git: [] as number[] };
    const incremental = { ferry: [] as number[], git: [] as number[] };
    const check = { ferry: [] as number[], git: [] as number[] };
    let firstPackBytes = 0;
    let incrementalPackBytes = 0;
    let listing = 0;
    let checkRequests = '';

    for (let round = 0; round < runs; round++) {
      // (a) first fetch into an empty cache / a fresh bare clone.
      const cacheDir = path.join(scratch, `cache-${round}`);
      const clone = path.join(scratch, `clone-${round}.git`);
      const source = createGitSource({ cacheDir, timeoutMs: 600_000 });
      server.resetRequests();
      const ferryFirst = await time(() => source.resolveRevision(repo.url, 'main'));
      firstPackBytes = server.bytes({ kind: 'upload-pack' });
      first.ferry.push(ferryFirst.ms);
      first.git.push((await time(() => git(['clone', '--quiet', '--bare', repo.url, clone]))).ms);
      listing = (await time(() => source.checkout({ repoURL: repo.url, targetRevision: ferryFirst.value, path: 'apps' }))).ms;

      // (b) one new commit, then an incremental fetch.
      repo.commit({ [filePath(round)]: fileContent(round, 10_000 + round) }, { message: `bench round ${round}` });
      server.resetRequests();
      const ferryNext = await time(() => source.resolveRevision(repo.url, 'main'));
      incrementalPackBytes = server.bytes({ kind: 'upload-pack' });
      if (ferryNext.value !== repo.rev('main')) throw new Error('Ferry resolved main to the wrong commit');
      incremental.ferry.push(ferryNext.ms);
      incremental.git.push((await time(() => git(['--git-dir', clone, 'fetch', '--quiet', 'origin', '+refs/heads/*:refs/heads/*']))).ms);

      // (c) nothing moved: the cheap check.
      for (let i = 0; i < 5; i++) {
        server.resetRequests();
        check.ferry.push((await time(() => source.resolveRevision(repo.url, 'main'))).ms);
        const refs = server.count({ kind: 'info-refs' });
        const packs = server.count({ kind: 'upload-pack' });
        checkRequests = `${refs} info/refs request(s), ${packs} upload-pack request(s)`;
        if (refs !== 1 || packs !== 0 || server.count() !== 1) {
          throw new Error(`the no-change check made ${checkRequests}; expected exactly one info/refs and no pack download`);
        }
        check.git.push((await time(() => git(['ls-remote', repo.url, 'refs/heads/main']))).ms);
      }
    }

    const rows: Row[] = [
      { name: 'first fetch', ferry: median(first.ferry), git: median(first.git) },
      { name: 'incremental fetch', ferry: median(incremental.ferry), git: median(incremental.git) },
      { name: 'no-change check', ferry: median(check.ferry), git: median(check.git) },
    ];
    process.stdout.write(`${'operation'.padEnd(20)} ${'ferry'.padStart(12)} ${'git CLI'.padStart(12)} ${'ferry/git'.padStart(8)}\n`);
    for (const row of rows) process.stdout.write(`${formatRow(row)}\n`);
    process.stdout.write(
      `\npack bytes: first ${firstPackBytes}, incremental ${incrementalPackBytes}; tree listing of ${files} files after the first fetch: ${listing.toFixed(1)} ms\n`,
    );
    process.stdout.write(`no-change check: ${checkRequests} (asserted: exactly one refs request, no pack download)\n`);
  } finally {
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
