import { ManualClock } from '../../src/core/index.ts';
import { EmbeddedCluster, SimCluster } from '../../src/cluster/sim/index.ts';
import { describeClusterContract } from './cluster-contract.ts';

const HISTORY = 200;

describeClusterContract('in-process SimCluster', async () => {
  const cluster = new EmbeddedCluster({ clock: new ManualClock('2026-03-01T10:00:00Z'), controllers: 'off', historyLimit: HISTORY });
  return { client: new SimCluster(cluster), historyLimit: HISTORY, close: () => cluster.close() };
});
