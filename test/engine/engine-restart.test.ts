import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock, type KubeObject } from '../../src/core/index.ts';
import { EmbeddedCluster, SimCluster } from '../../src/cluster/sim/index.ts';
import { Engine, LiveStateCache } from '../../src/engine/index.ts';
import { createGitSource } from '../../src/source/git/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { repoRoot } from '../support/oracles.ts';
import { deployment, yaml } from './world.ts';

const slowHook: KubeObject = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } },
  spec: { template: { metadata: { annotations: { 'sim.ferry.dev/run-seconds': '4' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox:1.36' }] } } },
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function runUntilHookRuns(repoURL: string, dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), [path.join(repoRoot, 'test/engine/fixtures/sync-then-die.ts'), repoURL, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let operationId = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /hook-running (\d+)/.exec(chunk.toString());
      if (match && !operationId) {
        operationId = Number(match[1]);
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' && operationId ? resolve(operationId) : reject(new Error(`the child ended on its own: ${stderr}`))));
  });
}

describe('engine after kill -9 in the middle of a sync', () => {
  it('resumes the stored operation after a restart and finishes it, history intact', async () => {
    const git: GitServer = await startGitServer();
    cleanup.push(() => git.close());
    const repo = git.createRepo('apps');
    repo.commit({ 'app/hook.yaml': yaml(slowHook), 'app/deployment.yaml': yaml(deployment('web', 'nginx:1.27')) });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ferry-restart-'));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));

    // GIVEN a Ferry killed while its sync waits on a PreSync hook
    const operationId = await runUntilHookRuns(repo.url, dataDir);

    // WHEN a new Ferry starts on the same data
    const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'running', dataDir: path.join(dataDir, 'cluster') });
    const client = new SimCluster(cluster);
    const live = new LiveStateCache(client, { clock: systemClock, logger: silentLogger });
    const store = openSqliteStore(path.join(dataDir, 'ferry.db'), { clock: systemClock });
    const connection = { name: 'in-cluster', server: 'https://kubernetes.default.svc', client, live };
    const engine = new Engine(
      { store, git: createGitSource({ cacheDir: path.join(dataDir, 'git') }), clusters: { resolve: () => connection, list: () => [connection] }, clock: systemClock, logger: silentLogger, random: () => 0.5 },
      { pollIntervalMs: 3_600_000, syncPollMs: 100 },
    );
    cleanup.push(async () => {
      await engine.stop();
      live.stop();
      await cluster.close();
      store.close();
    });
    expect(store.operations.get(operationId)?.phase).toBe('Running');
    await engine.start();

    // THEN the same operation resumes and succeeds, and is recorded once
    const deadline = Date.now() + 20_000;
    while (store.operations.get(operationId)?.phase === 'Running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const finished = store.operations.get(operationId);
    expect([finished?.phase, (finished?.state as { message: string }).message]).toEqual(['Succeeded', 'successfully synced (3 tasks)']);
    expect(engine.events('crashy').map((e) => e.reason)).toContain('OperationResumed');
    expect(engine.history('crashy').map((h) => [h.operationId, h.phase])).toEqual([[operationId, 'Succeeded']]);
    expect(await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'guestbook', name: 'web' })).toBeDefined();
  });
});
