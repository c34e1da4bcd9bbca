/**
 * The embedded cluster keeps every acknowledged write across a kill -9: `ferry cluster serve`
 * runs as a child process, kubectl writes, the process is killed with SIGKILL right after the
 * write is acknowledged, and a new process on the same data directory has it all, with the
 * resourceVersion counter continuing where it was.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ferryCommand } from '../support/oracles.ts';
import { runKubectl } from '../support/kubectl.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ferry-persist-'));
const dataDir = path.join(dir, 'data');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `ferry cluster serve` and resolves once it prints the kubeconfig line. */
function serve(): Promise<{ child: ChildProcess; env: NodeJS.ProcessEnv }> {
  const [node, script] = ferryCommand() as [string, string];
  const child = spawn(node, [script, 'cluster', 'serve', '--data', dataDir, '--port', '0', '--nodes', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`ferry cluster serve did not start: ${out}${err}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /export KUBECONFIG=(\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: match[1], KUBECACHEDIR: path.join(dir, `cache-${children.length}`) } });
      }
    });
    child.on('exit', (code) => reject(new Error(`ferry cluster serve exited with ${code}: ${out}${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const MANY = Array.from({ length: 20 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: default}\ndata: {index: "${i}"}\n`).join('---\n');

describe('kill -9 and restart', () => {
  it('keeps every acknowledged write and continues the resourceVersion counter', async () => {
    const first = await serve();
    const applied = await runKubectl(['apply', '-f', '-'], first.env, { stdin: MANY });
    expect(applied.code).toBe(0);
    const created = await runKubectl(['create', 'configmap', 'last', '--from-literal=k=v', '--dry-run=client', '-o', 'json'], first.env);
    const last = await runKubectl(['create', '-f', '-', '-o', 'jsonpath={.metadata.resourceVersion}'], first.env, { stdin: created.stdout });
    expect(last.code).toBe(0);
    const acknowledged = Number(last.stdout);
    expect(acknowledged).toBeGreaterThan(0);
    await killed(first.child);

    const second = await serve();
    const names = await runKubectl(['get', 'cm', '-n', 'default', '-o', 'jsonpath={.items[*].metadata.name}'], second.env);
    const listed = names.stdout.split(' ');
    for (let i = 0; i < 20; i++) expect(listed).toContain(`cm-${i}`);
    expect(listed).toContain('last');
    const kept = await runKubectl(['get', 'cm', 'last', '-o', 'jsonpath={.metadata.resourceVersion} {.data.k}'], second.env);
    expect(kept.stdout).toBe(`${acknowledged} v`);
    const next = await runKubectl(['create', '-f', '-', '-o', 'jsonpath={.metadata.resourceVersion}'], second.env, {
      stdin: created.stdout.replace('"last"', '"after-restart"'),
    });
    expect(next.code).toBe(0);
    expect(Number(next.stdout)).toBeGreaterThan(acknowledged);
    await killed(second.child);
  });
});
