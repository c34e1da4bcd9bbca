import { systemClock } from '../../src/core/index.ts';
import { KubeCluster } from '../../src/cluster/kube/index.ts';
import { EmbeddedCluster } from '../../src/cluster/sim/index.ts';
import { describeClusterContract } from './cluster-contract.ts';

const HISTORY = 200;

describeClusterContract('kube/ (client-node) against the sim API over HTTP', async () => {
  const cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'off', historyLimit: HISTORY });
  const { url } = await cluster.serve();
  const client = KubeCluster.fromKubeconfigText(`apiVersion: v1
kind: Config
clusters: [{name: sim, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]
users: [{name: sim, user: {}}]
contexts: [{name: sim, context: {cluster: sim, user: sim}}]
current-context: sim
`);
  return { client, historyLimit: HISTORY, close: () => cluster.close() };
});
