/**
 * A real Git smart-HTTP server for tests and benchmarks: a Node HTTP server on 127.0.0.1
 * (random port) that runs `git http-backend` as a CGI program over bare repositories in a
 * temporary folder.
 *
 *   const server = await startGitServer();
 *   const repo = server.createRepo('apps');            // bare repo served at repo.url
 *   const sha = repo.commit({ 'guestbook/svc.yaml': 'kind: Service' });
 *   server.protect('apps', { username: 'u', password: 'p' });   // optional, per repo
 *   server.resetRequests(); ...; server.count({ repo: 'apps', kind: 'upload-pack' });
 *   await server.close();                              // stops children, removes the folder
 *
 * Request kinds: `info-refs` (GET info/refs?service=git-upload-pack: the ref advertisement),
 * `upload-pack` (POST git-upload-pack: negotiation and pack download), `receive-info-refs` and
 * `receive-pack` (pushes; enabled for every repo), `other`. Each request is recorded when it
 * arrives, then updated with its HTTP status and the number of response body bytes, so a test
 * can assert "one refs request and no pack download".
 *
 * `startBlackholeServer()` accepts connections and never answers: for timeouts and aborts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GitTestRepo, gitEnvironment, runGit } from './git-repo.ts';

export const GIT_HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

export type GitRequestKind = 'info-refs' | 'upload-pack' | 'receive-info-refs' | 'receive-pack' | 'other';

export interface GitRequest {
  /** Repository name as given to `createRepo` (`apps`, `team/apps`). */
  readonly repo: string;
  readonly kind: GitRequestKind;
  readonly method: string;
  /** HTTP status; 0 while the answer has not started. */
  readonly status: number;
  /** Response body bytes sent so far (final once the request has ended). */
  readonly responseBytes: number;
}

export type RepoAuth = { username: string; password: string } | { token: string };

export interface GitServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The folder holding the bare repositories (`<root>/<name>.git`). */
  readonly root: string;
  /** Every request since the start or the last `resetRequests()`, in arrival order. */
  readonly requests: readonly GitRequest[];
  /** Creates an empty bare repository served at `${url}/${name}.git`. */
  createRepo(name: string, options?: { defaultBranch?: string }): GitTestRepo;
  /** The URL of a repository (it need not exist: for "not found" tests). */
  repoURL(name: string): string;
  /** From now on the repository answers 401 unless the request carries these credentials. */
  protect(name: string, auth: RepoAuth): void;
  count(filter?: { repo?: string; kind?: GitRequestKind }): number;
  /** Sum of the response bytes of the matching requests. */
  bytes(filter?: { repo?: string; kind?: GitRequestKind }): number;
  resetRequests(): void;
  close(): Promise<void>;
}

const ROUTES: readonly { suffix: string; kind: (query: URLSearchParams) => GitRequestKind }[] = [
  {
    suffix: '/info/refs',
    kind: (query) => (query.get('service') === 'git-receive-pack' ? 'receive-info-refs' : 'info-refs'),
  },
  { suffix: '/git-upload-pack', kind: () => 'upload-pack' },
  { suffix: '/git-receive-pack', kind: () => 'receive-pack' },
];

function routeOf(pathname: string, query: URLSearchParams): { repo: string; kind: GitRequestKind } {
  for (const route of ROUTES) {
    if (pathname.endsWith(route.suffix)) {
      const repoPath = pathname.slice(1, pathname.length - route.suffix.length);
      return { repo: repoPath.replace(/\.git$/, ''), kind: route.kind(query) };
    }
  }
  return { repo: pathname.slice(1).replace(/\.git(\/.*)?$/, ''), kind: 'other' };
}

function authorised(auth: RepoAuth, header: string | undefined): boolean {
  if (!header) return false;
  if ('token' in auth) return header === `Bearer ${auth.token}`;
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return header === expected;
}

/** Splits a CGI response head (`Status: 200 OK`, headers, blank line) from its body. */
function parseCgiHead(head: string): { status: number; headers: [string, string][] } {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of head.split(/\r?\n/)) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers };
}

function findHeadEnd(buffer: Buffer): { end: number; skip: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { end: crlf, skip: 4 };
  if (lf >= 0) return { end: lf, skip: 2 };
  return undefined;
}

// Servers a test forgot to close: their folders and children go when the process exits.
const open = new Map<string, Set<ChildProcess>>();
let exitHook = false;
function cleanUpOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const [root, children] of open) {
      for (const child of children) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
}

export async function startGitServer(): Promise<GitServer> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ferry-git-server-'));
  const requests: GitRequest[] = [];
  const protectedRepos = new Map<string, RepoAuth>();
  const children = new Set<ChildProcess>();
  const env = gitEnvironment(root);
  open.set(root, children);
  cleanUpOnExit();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { repo, kind } = routeOf(decodeURIComponent(url.pathname), url.searchParams);
    // Recorded on arrival, so counts never depend on when a child process exits.
    const entry = { repo, kind, method: req.method ?? 'GET', status: 0, responseBytes: 0 };
    requests.push(entry);

    const auth = protectedRepos.get(repo);
    if (auth && !authorised(auth, req.headers.authorization)) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="ferry-test"', 'Content-Type': 'text/plain' });
      entry.status = 401;
      res.end('authentication required\n');
      return;
    }

    const child = spawn(GIT_HTTP_BACKEND, [], {
      env: {
        ...env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        // http-backend enables receive-pack only for an authenticated user.
        REMOTE_USER: 'ferry-test',
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    req.pipe(child.stdin);
    child.stdin.on('error', () => undefined);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    let head: Buffer | undefined = Buffer.alloc(0);
    child.stdout.on('data', (chunk: Buffer) => {
      if (head === undefined) {
        entry.responseBytes += chunk.length;
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const found = findHeadEnd(head);
      if (!found) return;
      const parsed = parseCgiHead(head.subarray(0, found.end).toString('latin1'));
      entry.status = parsed.status;
      res.writeHead(parsed.status, parsed.headers);
      const rest = head.subarray(found.end + found.skip);
      head = undefined;
      entry.responseBytes += rest.length;
      if (rest.length > 0) res.write(rest);
    });
    child.on('close', (code) => {
      children.delete(child);
      if (head !== undefined) {
        entry.status = 502;
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.write(`git http-backend exited with ${code}: ${stderr}`);
      }
      res.end();
    });
    res.on('close', () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  const base = `http://127.0.0.1:${address.port}`;

  const matches = (r: GitRequest, filter: { repo?: string; kind?: GitRequestKind }) =>
    (filter.repo === undefined || r.repo === filter.repo) && (filter.kind === undefined || r.kind === filter.kind);

  return {
    url: base,
    root,
    requests,
    repoURL: (name) => `${base}/${name}.git`,
    createRepo(name, options = {}) {
      const dir = path.join(root, `${name}.git`);
      runGit(env, root, ['init', '--quiet', '--bare', `--initial-branch=${options.defaultBranch ?? 'main'}`, dir]);
      return new GitTestRepo(dir, `${base}/${name}.git`, env);
    },
    protect(name, auth) {
      protectedRepos.set(name, auth);
    },
    count: (filter = {}) => requests.filter((r) => matches(r, filter)).length,
    bytes: (filter = {}) => requests.filter((r) => matches(r, filter)).reduce((sum, r) => sum + r.responseBytes, 0),
    resetRequests() {
      requests.length = 0;
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
      open.delete(root);
    },
  };
}

/** A TCP server that accepts connections and never answers: requests to it hang until aborted. */
export async function startBlackholeServer(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening on it (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
