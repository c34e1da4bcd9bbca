/**
 * What a new user does, over real sockets and real processes: `ferry start` in an empty folder
 * (as `npm start` runs it), `ferry login` with the printed token, an application from a
 * `git http-backend` repository, a push announced by a signed GitHub webhook, Synced and
 * Healthy, the Deployment seen by the real kubectl on the embedded cluster, a rollback and the
 * history with the CLI — then a second start on the same data: same applications, same token.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import type { GitTestRepo } from '../support/git-repo.ts';
import { startFerryProcess } from '../support/ferry-process.ts';
import { ferryCommand, kubectlPath, repoRoot } from '../support/oracles.ts';
import { signedDelivery } from '../support/webhook-payloads.ts';

const WEBHOOK_SECRET = 'e2e-webhook-secret-b7d1';

let scratch: string;
let git: GitServer;
let repo: GitTestRepo;
let server: ChildProcess | undefined;
let output = '';

const env = () => ({
  PATH: process.env.PATH,
  HOME: path.join(scratch, 'home'),
  XDG_CONFIG_HOME: path.join(scratch, 'home', '.config'),
  XDG_CACHE_HOME: path.join(scratch, 'home', '.cache'),
  FERRY_WEBHOOK_GITHUB_SECRET: WEBHOOK_SECRET,
  // Only the webhook (or a person) may notice the push: the poll would take an hour.
  FERRY_POLL_INTERVAL_SECONDS: '3600',
});

interface Started {
  readonly url: string;
  readonly token?: string;
  readonly kubeconfig: string;
}

/** `ferry start` as a child process; resolves once it prints that it is running. */
async function start(): Promise<Started> {
  const running = await startFerryProcess(['start', '--port', '0', '--data-dir', path.join(scratch, '.ferry')], { cwd: scratch, env: env() });
  server = running.child;
  output = running.output();
  const url = running.url;
  const kubeconfig = /export KUBECONFIG=(\S+)/.exec(output)?.[1];
  const token = /Admin token:\s+(ferry_\S+)/.exec(output)?.[1];
  if (!url || !kubeconfig) throw new Error(`unexpected banner: ${output}`);
  return { url, kubeconfig, ...(token && { token }) };
}

async function stop(): Promise<number | null> {
  const child = server;
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const code = await exited;
  server = undefined;
  return code;
}

function ferry(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const [node, bin] = ferryCommand() as [string, string];
  const run = spawnSync(node, [bin, ...args], { cwd: scratch, env: env(), encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function kubectl(kubeconfig: string, ...args: string[]): string {
  const run = spawnSync(kubectlPath(), args, { env: { PATH: process.env.PATH, KUBECONFIG: kubeconfig, HOME: path.join(scratch, 'home') }, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

interface AppJson {
  status: { sync: { status: string; revision?: string }; health: { status: string }; operation?: { phase: string }; pin?: { historyId: number } };
}

/** Polls the API (what the UI does) until the application satisfies `done`. */
async function waitForApp(started: Started, name: string, done: (app: AppJson) => boolean, what: string): Promise<AppJson> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(`${started.url}/api/v1/applications/${name}`, { headers: { authorization: `Bearer ${started.token}` } });
    last = await response.text();
    if (response.ok) {
      const app = JSON.parse(last) as AppJson;
      if (done(app)) return app;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}: ${last}`);
}

const guestbook = (file: string) => readFileSync(path.join(repoRoot, 'examples', 'guestbook', file), 'utf8');

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ferry-new-user-'));
  git = await startGitServer();
  repo = git.createRepo('team/guestbook');
  repo.commit({ 'deploy/deployment.yaml': guestbook('deployment.yaml'), 'deploy/service.yaml': guestbook('service.yaml'), 'deploy/configmap.yaml': guestbook('configmap.yaml') }, { message: 'guestbook' });
});

afterAll(async () => {
  await stop();
  await git?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a new user', () => {
  it('starts Ferry, deploys from Git, follows a push, rolls back, and restarts', async () => {
    // GIVEN Ferry started in an empty folder, as npm start does
    const first = await start();
    expect(first.token).toMatch(/^ferry_/);
    expect(output).toContain('Demo:        application guestbook (auto-sync)');

    // WHEN the user logs in with the printed token
    const login = ferry('login', '--server', first.url, '--token', first.token ?? '');
    expect(login.stderr).toBe('');
    expect(login.stdout).toMatch(/^logged in to http:\/\/127\.0\.0\.1:\d+ as admin \(admin\); saved in .+config\.json\n$/);

    // AND creates an application from a Git repository served by git http-backend
    const created = ferry('app', 'create', 'shop', '--repo', repo.url, '--path', 'deploy', '--revision', 'main', '--dest-namespace', 'shop', '--auto-sync', '--self-heal', '--sync-option', 'CreateNamespace=true');
    expect(created).toEqual({ code: 0, stdout: "application 'shop' created\n", stderr: '' });
    const firstSha = repo.rev('main');
    await waitForApp(first, 'shop', (a) => a.status.sync.status === 'Synced' && a.status.health.status === 'Healthy' && a.status.sync.revision === firstSha, 'the first deploy');

    // AND pushes a commit, which GitHub announces with a signed webhook
    const newSha = repo.commit({ 'deploy/deployment.yaml': guestbook('deployment.yaml').replace('replicas: 2', 'replicas: 3') }, { message: 'three replicas' });
    const delivery = signedDelivery('github', { webURL: repo.url.replace(/\.git$/, ''), ref: 'refs/heads/main', defaultBranch: 'main', after: newSha, commits: [{ modified: ['deploy/deployment.yaml'] }] }, { secret: WEBHOOK_SECRET, delivery: 'e2e-delivery-1' });
    const hook = await fetch(`${first.url}/api/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(hook.status).toBe(200);
    expect(await hook.json()).toEqual({ provider: 'github', event: 'push', delivery: 'e2e-delivery-1', refreshed: ['shop'] });

    // THEN the new commit is deployed, Synced and Healthy
    await waitForApp(first, 'shop', (a) => a.status.sync.revision === newSha && a.status.sync.status === 'Synced' && a.status.health.status === 'Healthy', 'the pushed commit deployed');
    // AND the real kubectl sees the Deployment on the embedded cluster
    const deployment = JSON.parse(kubectl(first.kubeconfig, 'get', 'deployment', 'guestbook-ui', '-n', 'shop', '-o', 'json')) as { spec: { replicas: number }; status: { readyReplicas?: number } };
    expect(deployment.spec.replicas).toBe(3);
    expect(kubectl(first.kubeconfig, 'get', 'pods', '-n', 'shop', '--no-headers').trim().split('\n')).toHaveLength(3);

    // WHEN the user rolls back with the CLI
    const rollback = ferry('app', 'rollback', 'shop', '--wait', '--timeout', '60');
    expect(rollback.stderr).toBe('');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`rollback of shop to history 1 (${firstSha?.slice(0, 7)}) started`);
    // THEN the first version runs again, pinned, and the history tells the story
    expect((JSON.parse(kubectl(first.kubeconfig, 'get', 'deployment', 'guestbook-ui', '-n', 'shop', '-o', 'json')) as { spec: { replicas: number } }).spec.replicas).toBe(2);
    const pinned = await waitForApp(first, 'shop', (a) => a.status.pin !== undefined && a.status.sync.status === 'Synced', 'pinned and synced');
    expect(pinned.status.pin?.historyId).toBe(1);
    const history = ferry('app', 'history', 'shop');
    const rows = history.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^ID\s+DATE\s+REVISION\s+PHASE\s+INITIATOR\s+MESSAGE$/);
    expect(rows.slice(1).map((row) => row.split(/\s{3,}/).filter(Boolean))).toEqual([
      ['3', expect.any(String), firstSha?.slice(0, 7), 'Succeeded', 'rollback:1', 'guestbook'],
      ['2', expect.any(String), newSha.slice(0, 7), 'Succeeded', 'automated', 'three replicas'],
      ['1', expect.any(String), firstSha?.slice(0, 7), 'Succeeded', 'automated', 'guestbook'],
    ]);

    // WHEN Ferry is stopped and started again on the same data
    expect(await stop()).toBe(0);
    const second = await start();
    // THEN no token is printed again, the first one still works, and nothing is duplicated
    expect(second.token).toBeUndefined();
    expect(ferry('login', '--server', second.url, '--token', first.token ?? '').code).toBe(0);
    const list = ferry('app', 'list', '-o', 'json');
    expect(list.stderr).toBe('');
    expect((JSON.parse(list.stdout) as { metadata: { name: string } }[]).map((a) => a.metadata.name)).toEqual(['guestbook', 'shop']);
    expect(await stop()).toBe(0);
  }, 240_000);
});
