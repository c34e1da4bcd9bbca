/**
 * Credentials (basic and bearer), unreachable servers, deadlines and cancellation, against
 * `git http-backend` and a server that accepts connections but never answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, isAbortError, type Logger } from '../../src/core/index.ts';
import { createGitSource } from '../../src/source/git/index.ts';
import type { GitSource } from '../../src/source/index.ts';
import type { GitTestRepo } from '../support/git-repo.ts';
import { closedPort, startBlackholeServer, startGitServer, type GitServer } from '../support/git-server.ts';
import { caught } from './caught.ts';

let server: GitServer;
let scratch: string;
let basicRepo: GitTestRepo;
let tokenRepo: GitTestRepo;
let basicSha: string;
let tokenSha: string;
const logged: string[] = [];

/** A logger that keeps every line, to check that no secret is ever logged. */
function recordingLogger(): Logger {
  const log = (fields: unknown, message?: string) => logged.push(JSON.stringify([fields, message]));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

let counter = 0;
function freshSource(options: { clock?: ManualClock; timeoutMs?: number } = {}): GitSource {
  counter += 1;
  return createGitSource({
    cacheDir: path.join(scratch, `cache-${counter}`),
    timeoutMs: options.timeoutMs ?? 10_000,
    logger: recordingLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

beforeAll(async () => {
  server = await startGitServer();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-git-network-'));
  basicRepo = server.createRepo('private');
  basicSha = basicRepo.commit({ 'app/secret.yaml': 'kind: Secret' });
  server.protect('private', { username: 'ferry', password: 's3cret-pass' });
  tokenRepo = server.createRepo('token');
  tokenSha = tokenRepo.commit({ 'app/a.yaml': 'a' });
  server.protect('token', { token: 'tok-0123456789' });
});

afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  expect(logged.length).toBeGreaterThan(0);
  for (const line of logged) {
    expect(line).not.toContain('s3cret-pass');
    expect(line).not.toContain('tok-0123456789');
    expect(line).not.toContain('wrong-pass');
  }
});

describe('credentials', () => {
  it('reads a basic-auth repository with the right username and password', async () => {
    const snapshot = await freshSource().checkout(
      { repoURL: basicRepo.url, targetRevision: 'main', path: 'app' },
      { credentials: { username: 'ferry', password: 's3cret-pass' } },
    );
    expect(snapshot.commit.sha).toBe(basicSha);
  });

  it('takes credentials written in the URL, and never repeats them', async () => {
    const withUser = basicRepo.url.replace('http://', 'http://ferry:s3cret-pass@');
    expect(await freshSource().resolveRevision(withUser, 'main')).toBe(basicSha);
    const wrong = basicRepo.url.replace('http://', 'http://ferry:wrong-pass@');
    const error = await caught(freshSource().resolveRevision(wrong, 'main'));
    expect(error.code).toBe('SOURCE_AUTH_FAILED');
    expect(error.message).not.toContain('wrong-pass');
  });

  it.each([
    ['a wrong password', { username: 'ferry', password: 'wrong-pass' }, 'authentication to URL failed (HTTP 401): the server refused the username/password or token'],
    ['a wrong user', { username: 'eve', password: 's3cret-pass' }, 'authentication to URL failed (HTTP 401): the server refused the username/password or token'],
    ['no credentials', undefined, 'URL requires credentials (HTTP 401): give a username/password or a token'],
  ])('refuses %s with a clear error', async (_name, credentials, message) => {
    const error = await caught(
      freshSource().checkout({ repoURL: basicRepo.url, targetRevision: 'main', path: '' }, credentials ? { credentials } : {}),
    );
    expect(error.code).toBe('SOURCE_AUTH_FAILED');
    expect(error.httpStatus).toBe(403);
    expect(error.message).toBe(message.replace('URL', basicRepo.url));
    expect(JSON.stringify(error)).not.toContain('s3cret-pass');
  });

  it('sends a bearer token', async () => {
    const source = freshSource();
    expect(await source.resolveRevision(tokenRepo.url, 'main', { credentials: { bearerToken: 'tok-0123456789' } })).toBe(tokenSha);
    const error = await caught(source.resolveRevision(tokenRepo.url, 'main', { credentials: { bearerToken: 'tok-wrong' } }));
    expect(error.code).toBe('SOURCE_AUTH_FAILED');
    expect(error.message).not.toContain('tok-wrong');
  });

  it('refuses credentials that give both a token and a password', async () => {
    const error = await caught(
      freshSource().resolveRevision(tokenRepo.url, 'main', { credentials: { bearerToken: 't', username: 'u', password: 'p' } }),
    );
    expect(error.code).toBe('SOURCE_CREDENTIALS_INVALID');
  });

  it('never lets one caller ride on another caller\'s credentials', async () => {
    const source = freshSource();
    const [good, bad] = await Promise.allSettled([
      source.resolveRevision(basicRepo.url, 'main', { credentials: { username: 'ferry', password: 's3cret-pass' } }),
      source.resolveRevision(basicRepo.url, 'main', { credentials: { username: 'ferry', password: 'wrong-pass' } }),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: basicSha });
    expect(bad.status).toBe('rejected');
  });
});

describe('servers that cannot be reached', () => {
  it('names the host and the cause when the port is closed', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/apps.git`;
    const error = await caught(freshSource().resolveRevision(url, 'main'));
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect(error.message).toBe(`cannot reach 127.0.0.1:${port} to list the refs of ${url}: connection refused (ECONNREFUSED)`);
  });

  it('gives up after the deadline when the server never answers', async () => {
    const blackhole = await startBlackholeServer();
    try {
      const clock = new ManualClock();
      const url = `${blackhole.url}/apps.git`;
      const pending = caught(freshSource({ clock, timeoutMs: 2000 }).resolveRevision(url, 'main'));
      while (clock.nextWakeAt() === undefined || blackhole.connections() === 0) await new Promise((r) => setTimeout(r, 5));
      clock.advance(1999);
      await new Promise((r) => setTimeout(r, 20));
      clock.advance(1);
      const error = await pending;
      expect(error.code).toBe('SOURCE_UNREACHABLE');
      expect(error.httpStatus).toBe(504);
      expect(error.message).toBe(`cannot list the refs of ${url}: ${new URL(blackhole.url).host} did not answer within 2000 ms`);
    } finally {
      await blackhole.close();
    }
  });

  it('stops when the caller aborts, and only then for a shared operation', async () => {
    const blackhole = await startBlackholeServer();
    try {
      const source = freshSource();
      const url = `${blackhole.url}/apps.git`;
      const first = new AbortController();
      const second = new AbortController();
      const one = caught(source.resolveRevision(url, 'main', { signal: first.signal }));
      const two = caught(source.resolveRevision(url, 'main', { signal: second.signal }));
      while (blackhole.connections() === 0) await new Promise((r) => setTimeout(r, 5));
      first.abort(new Error('user cancelled'));
      const error = await one;
      expect(error.code).toBe('ABORTED');
      expect(isAbortError(error)).toBe(true);
      expect(error.message).toBe(`list the refs of ${url} was cancelled`);
      // The other caller still waits on the one shared request.
      let settled = false;
      void two.then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(settled).toBe(false);
      second.abort(new Error('user cancelled'));
      expect((await two).code).toBe('ABORTED');
      expect(blackhole.connections()).toBe(1);
      // An already aborted signal fails at once.
      const already = AbortSignal.abort(new Error('too late'));
      expect((await caught(source.resolveRevision(url, 'main', { signal: already }))).code).toBe('ABORTED');
    } finally {
      await blackhole.close();
    }
  });
});
