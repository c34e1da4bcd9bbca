/**
 * `ferry login`, `ferry app ...`, `ferry token ...` and `ferry version` in process, against a
 * real server on a loopback port (real fetch, real waiting): what a user types and sees.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type CliDeps } from '../../src/cli/index.ts';
import { resolveClientConfig } from '../../src/config/index.ts';
import { systemClock } from '../../src/core/index.ts';
import { runFerry } from '../support/cli-harness.ts';
import { CONFIG_MAP, DEPLOYMENT, startServerWorld, type ServerWorld } from './harness.ts';

let world: ServerWorld;
let server: string;
let scratch: string;
let saved: { server: string; token: string } | undefined;

function ferry(args: string[], extra: Partial<CliDeps> = {}) {
  return runFerry(args, {
    cwd: scratch,
    version: '9.9.9',
    connectApi: (flags) => new ApiClient({ ...resolveClientConfig({ env: {}, ...(saved && { stored: saved }), ...flags }), fetch: globalThis.fetch }),
    saveLogin: (login) => {
      saved = { ...login };
      return path.join(scratch, 'config.json');
    },
    readTextFile: async (file) => readFileSync(path.resolve(scratch, file), 'utf8'),
    sleep: (ms) => systemClock.sleep(Math.min(ms, 200)),
    ...extra,
  });
}

beforeAll(async () => {
  world = await startServerWorld({ 'guestbook/cm.yaml': CONFIG_MAP, 'guestbook/deploy.yaml': DEPLOYMENT });
  await world.app.listen({ host: '127.0.0.1', port: 0 });
  server = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  scratch = mkdtempSync(path.join(tmpdir(), 'ferry-cli-'));
});
afterAll(async () => {
  await world?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the CLI over the API', () => {
  it('refuses to log in with a bad token, and saves nothing', async () => {
    const run = await ferry(['login', '--server', server, '--token', 'ferry_wrong']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'ferry: the token is not valid (unknown or deleted) (ferry login --token TOKEN)\n' });
    expect(saved).toBeUndefined();
  });

  it('logs in: checks the token, then saves server and token', async () => {
    const run = await ferry(['login', '--server', `${server}/`, '--token', world.tokens.admin]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`logged in to ${server} as admin (admin); saved in ${path.join(scratch, 'config.json')}\n`);
    expect(saved).toEqual({ server, token: world.tokens.admin });
  });

  it('prints both versions', async () => {
    expect((await ferry(['version'])).stdout).toMatch(/^ferry: 9\.9\.9\nserver: 0\.0\.0-test \(node v24\.[\d.]+, linux\/\w+\)\n$/);
  });

  it('creates an application from flags, as argocd does', async () => {
    const run = await ferry(['app', 'create', 'web', '--repo', world.repo.url, '--path', 'guestbook', '--revision', 'main', '--dest-namespace', 'web', '--sync-option', 'CreateNamespace=true']);
    expect(run).toEqual({ code: 0, stdout: "application 'web' created\n", stderr: '' });
    const app = world.engine.getApplication('web').application;
    expect(app.spec).toMatchObject({ source: { repoURL: world.repo.url, path: 'guestbook', targetRevision: 'main' }, destination: { namespace: 'web' }, syncPolicy: { syncOptions: { CreateNamespace: 'true' } } });
    expect(app.spec.syncPolicy.automated).toBeUndefined();
  });

  it('creates an application from a YAML file, and upserts it', async () => {
    const file = path.join(scratch, 'app.yaml');
    writeFileSync(file, `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: filed\nspec:\n  source: {repoURL: "${world.repo.url}", path: guestbook, targetRevision: main}\n  destination: {server: "https://kubernetes.default.svc", namespace: filed}\n  syncPolicy: {syncOptions: [CreateNamespace=true]}\n`);
    expect((await ferry(['app', 'create', '-f', 'app.yaml'])).stdout).toBe("application 'filed' created\n");
    expect(await ferry(['app', 'create', '-f', 'app.yaml'])).toMatchObject({ code: 2, stderr: 'ferry: application filed already exists\n' });
    expect((await ferry(['app', 'create', '-f', 'app.yaml', '--upsert'])).stdout).toBe("application 'filed' updated\n");
  });

  it.each([
    [['app', 'create', 'x', '--repo', 'r'], 'ferry: app create x: --dest-namespace is required (or give -f FILE)\n'],
    [['app', 'create', 'x', '--repo', 'r', '--dest-namespace', 'n', '--prune'], 'ferry: --prune and --self-heal apply to automated sync: add --auto-sync\n'],
    [['app', 'create', 'x', '-f', 'app.yaml'], 'ferry: give an application NAME with flags, or -f FILE, not both\n'],
    [['app', 'get', 'Bad/Name'], 'ferry: "Bad/Name" is not a valid application name (lower-case letters, digits, \'-\' and \'.\')\n'],
    [['app', 'get', 'nope'], 'ferry: application nope not found\n'],
    [['app', 'sync', 'web', '--resource', 'Deployment'], 'ferry: --resource Deployment: expected GROUP:KIND:NAME or GROUP:KIND:NAMESPACE/NAME (GROUP empty for core kinds: :Service:web)\n'],
    [['app', 'list', '-o', 'xml'], expect.stringContaining("ferry: option '-o, --output <format>' argument 'xml' is invalid")],
  ])('fails %j with one line', async (args, stderr) => {
    const run = await ferry(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toEqual(stderr);
    expect(run.stdout).toBe('');
  });

  it('lists applications as a table, wide, JSON and YAML', async () => {
    await world.engine.refresh('web');
    const table = await ferry(['app', 'list']);
    expect(table.stdout.split('\n')[0]).toBe('NAME    SYNC        HEALTH    REVISION   PROJECT');
    expect(table.stdout).toContain(`web     OutOfSync   Missing   ${world.repo.rev('main')?.slice(0, 7)}    default`);
    expect((await ferry(['app', 'list', '-o', 'wide'])).stdout.split('\n')[0]).toMatch(/^NAME\s+CLUSTER\s+NAMESPACE\s+PROJECT\s+SYNC\s+HEALTH\s+SYNCPOLICY\s+REVISION\s+PINNED\s+REPO\s+PATH\s+TARGET$/);
    const json = JSON.parse((await ferry(['app', 'list', '-o', 'json', '--namespace', 'web'])).stdout);
    expect(json.map((a: { metadata: { name: string } }) => a.metadata.name)).toEqual(['web']);
    expect((await ferry(['app', 'list', '-o', 'yaml'])).stdout).toMatch(/^- apiVersion: argoproj\.io\/v1alpha1\n {2}kind: Application\n/);
  });

  it('prints an application in Argo CD shape with -o json', async () => {
    const app = JSON.parse((await ferry(['app', 'get', 'web', '-o', 'json', '--refresh'])).stdout);
    expect(app.status.sync.status).toBe('OutOfSync');
    expect(app.status.sync.revision).toBe(world.repo.rev('main'));
    expect(app.status.health.status).toBe('Missing');
  });

  it('diffs (exit 1 while there are differences)', async () => {
    const run = await ferry(['app', 'diff', 'web']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('===== apps/Deployment web/guestbook-ui (Missing) ======');
  });

  it('syncs with --wait, showing progress, and ends Synced and Healthy', async () => {
    const run = await ferry(['app', 'sync', 'web', '--wait', '--timeout', '60']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^sync of web to [0-9a-f]{7} started \(operation \d+\)$/);
    expect(lines).toContain('web: Succeeded · 3/3 resources done · successfully synced (3 tasks)');
    expect(lines[lines.length - 1]).toBe(`web: Synced · Healthy at ${world.repo.rev('main')?.slice(0, 7)}`);
    expect((await ferry(['app', 'diff', 'web'])).code).toBe(0);
    const get = (await ferry(['app', 'get', 'web'])).stdout;
    expect(get).toContain('Sync Status:    Synced to main');
    expect(get).toMatch(/apps\s+Deployment\s+web\s+guestbook-ui\s+Synced\s+Healthy/);
    expect((await ferry(['app', 'resources', 'web'])).stdout).toMatch(/└─ReplicaSet\/guestbook-ui-\w+\s+web\s+Healthy/);
  });

  it('syncs one resource by GROUP:KIND:NAME', async () => {
    const run = await ferry(['app', 'sync', 'web', '--resource', ':ConfigMap:guestbook-config', '--wait']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('web: Succeeded · 1/1 resources done');
  });

  it('exits 1 when a sync fails, naming what failed', async () => {
    world.repo.commit({ 'guestbook/bad.yaml': 'apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata:\n  name: bad\n' }, { message: 'a kind the cluster does not serve' });
    const run = await ferry(['app', 'sync', 'web', '--wait']);
    expect(run.code, JSON.stringify(run)).toBe(1);
    expect(run.stderr).toMatch(/^ferry: sync of web Failed: .*Widget.*\n$/);
    world.repo.commit({ 'guestbook/bad.yaml': null }, { message: 'fixed' });
  });

  it('shows history, rolls back to the previous revision with --wait, and unpins', async () => {
    const history = await ferry(['app', 'history', 'web']);
    expect(history.stdout.split('\n')[0]).toMatch(/^ID\s+DATE\s+REVISION\s+PHASE\s+INITIATOR\s+MESSAGE$/);
    await ferry(['app', 'sync', 'web', '--wait']);
    const items = JSON.parse((await ferry(['app', 'history', 'web', '-o', 'json'])).stdout) as { id: number; revision: string; phase: string }[];
    const target = items.find((item) => item.revision !== items[0]?.revision && item.phase === 'Succeeded');
    const run = await ferry(['app', 'rollback', 'web', '--wait']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`rollback of web to history ${target?.id} (${target?.revision.slice(0, 7)}) started`);
    expect((await ferry(['app', 'get', 'web'])).stdout).toMatch(new RegExp(`Pinned:\\s+at history ${target?.id}`));
    expect((await ferry(['app', 'unpin', 'web'])).stdout).toBe("application 'web' unpinned\n");
    expect((await ferry(['app', 'get', 'web'])).stdout).not.toContain('Pinned:');
  });

  it('creates, lists and deletes tokens; a readonly token cannot sync', async () => {
    const created = await ferry(['token', 'create', '--role', 'readonly', '--name', 'ci', '--expires-in', '1h']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^ferry_/);
    expect(created.stderr).toMatch(/^token 'ci' \(readonly, expires .+\) created; it is shown only this once\n$/);
    const list = await ferry(['token', 'list']);
    expect(list.stdout).toMatch(/\d+\s+ci\s+readonly\s+\S+\s+\S+Z/);
    expect(list.stdout).not.toContain(token);
    const refused = await ferry(['app', 'sync', 'web', '--token', token]);
    expect(refused).toMatchObject({ code: 2, stderr: 'ferry: token ci is readonly: POST /api/v1/applications/:name/sync needs an admin token\n' });
    const id = /(\d+)\s+ci\s/.exec(list.stdout)?.[1];
    expect((await ferry(['token', 'delete', String(id)])).stdout).toBe(`token ${id} deleted\n`);
    expect((await ferry(['app', 'list', '--token', token])).stderr).toBe('ferry: the token is not valid (unknown or deleted) (ferry login --token TOKEN)\n');
  });

  it('deletes an application with its resources', async () => {
    expect((await ferry(['app', 'delete', 'filed', '--no-cascade'])).stdout).toBe("application 'filed' deleted (resources kept)\n");
    expect((await ferry(['app', 'delete', 'web'])).stdout).toBe("application 'web' deleted with its resources\n");
    expect((await ferry(['app', 'list', '-o', 'json'])).stdout).toBe('[]\n');
  });

  it('names an unreachable server', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const run = await ferry(['app', 'list', '--server', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`ferry: cannot reach Ferry at http://127.0.0.1:${port}: ECONNREFUSED (is ferry serve running? ferry login --server URL)\n`);
  });
});
