/**
 * Controllers benchmark (in process, no HTTP): 1 000 Deployments of 3 replicas on 30 simulated
 * nodes, on a ManualClock, until every pod is Ready. Prints wall and CPU time, syncs, objects
 * and heap. Run: `node bench/cluster-controllers.ts [deployments] [replicas]`.
 */
import { cpuUsage, memoryUsage } from 'node:process';
import { ManualClock } from '../src/core/index.ts';
import { SimObjectStore } from '../src/cluster/sim/store/index.ts';
import { createControllerManager } from '../src/cluster/sim/controllers/index.ts';
import { deploymentObject, isReady, seededRandom } from '../src/cluster/sim/controllers/testing.ts';

const deployments = Number(process.argv[2] ?? 1000);
const replicas = Number(process.argv[3] ?? 3);
const clock = new ManualClock();
const store = new SimObjectStore({ clock, random: seededRandom(1) });
const manager = createControllerManager({ store, clock, random: seededRandom(2), nodes: { count: Math.max(3, Math.ceil((deployments * replicas) / 100)) } });
manager.runUntilIdle();

const wallStart = performance.now();
const cpuStart = cpuUsage();
for (let i = 0; i < deployments; i++) manager.client.create('apps/deployments', deploymentObject(`app-${i}`, { replicas }));
const created = performance.now();
let syncs = 0;
const want = deployments * replicas;
let ready = 0;
const done = manager.runUntil(
  () => {
    ready = 0;
    for (const pod of store.list('pods').items) if (isReady(pod)) ready++;
    return ready === want;
  },
  { timeoutMs: 10 * 60_000, onStep: () => syncs++ },
);
const cpu = cpuUsage(cpuStart);
const wall = performance.now() - wallStart;
const memory = memoryUsage();
const line = (name: string, value: string): void => void process.stdout.write(`${name.padEnd(34)} ${value}\n`);
line('deployments × replicas', `${deployments} × ${replicas} (${want} pods, ${store.count('nodes')} nodes)`);
line('all pods Ready', `${done} (${ready}/${want}) after ${(clock.now().getTime() - Date.parse('2026-01-01T00:00:00Z')) / 1000} s of cluster time`);
line('wall time (create + converge)', `${(wall / 1000).toFixed(2)} s (creates ${(created - wallStart).toFixed(0)} ms)`);
line('CPU time (user + system)', `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
line('controller syncs', `${syncs} (${((syncs / wall) * 1000).toFixed(0)}/s)`);
line('objects (pods, replicasets, events)', `${store.count('pods')}, ${store.count('apps/replicasets')}, ${store.count('events')}`);
line('heap used / RSS', `${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB / ${(memory.rss / 2 ** 20).toFixed(0)} MiB`);
if (!done) process.exitCode = 1;
