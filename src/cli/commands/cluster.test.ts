import { describe, expect, it } from 'vitest';
import type { ClusterServeRequest } from '../deps.ts';
import { runFerry } from '../../../test/support/cli-harness.ts';

function fakeCluster() {
  const requests: ClusterServeRequest[] = [];
  let closed = 0;
  return {
    requests,
    closed: () => closed,
    deps: {
      serveCluster: async (request: ClusterServeRequest) => {
        requests.push(request);
        return {
          url: 'http://127.0.0.1:6443',
          kubeconfigPath: `${request.dataDir}/kubeconfig`,
          close: async () => {
            closed++;
          },
        };
      },
      waitForShutdown: () => Promise.resolve(),
    },
  };
}

describe('ferry cluster serve', () => {
  it('serves with the defaults, prints the export line, and closes on shutdown', async () => {
    const fake = fakeCluster();
    const run = await runFerry(['cluster', 'serve'], { ...fake.deps, cwd: '/home/me/project' });
    expect(run.code).toBe(0);
    expect(fake.requests).toEqual([{
      dataDir: '/home/me/project/.ferry/cluster',
      host: '127.0.0.1',
      port: 6443,
      tls: false,
      nodes: { count: 3, cpu: '4', memory: '8Gi', pods: '110' },
    }]);
    expect(run.stdout).toBe(
      'Embedded cluster serving at http://127.0.0.1:6443 (3 nodes, data in /home/me/project/.ferry/cluster)\n' +
        'export KUBECONFIG=/home/me/project/.ferry/cluster/kubeconfig\n' +
        'Embedded cluster stopped\n',
    );
    expect(fake.closed()).toBe(1);
  });

  it('takes nodes, data, port, host, TLS and node capacity from flags', async () => {
    const fake = fakeCluster();
    const run = await runFerry(
      ['cluster', 'serve', '--nodes', '1', '--data', '/var/ferry', '--port', '0', '--host', '0.0.0.0', '--tls', '--node-cpu', '500m', '--node-memory', '2Gi', '--node-pods', '20'],
      fake.deps,
    );
    expect(run.code).toBe(0);
    expect(fake.requests[0]).toEqual({ dataDir: '/var/ferry', host: '0.0.0.0', port: 0, tls: true, nodes: { count: 1, cpu: '500m', memory: '2Gi', pods: '20' } });
    expect(run.stdout).toContain('(1 node, data in /var/ferry)');
  });

  it.each([
    [['--nodes', 'three'], '--nodes must be a whole number from 0 to 5000, got "three"'],
    [['--nodes', '-1'], '--nodes must be a whole number from 0 to 5000, got "-1"'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, got "70000"'],
    [['--node-memory', 'lots'], '--node-memory must be a Kubernetes quantity such as 4, 500m, 8Gi; got "lots"'],
    [['--node-pods', '0'], '--node-pods must be a whole number from 1 to 1000, got "0"'],
    [['--host', ' '], '--host must not be empty'],
  ])('refuses %j with a one-line error and exit code 2', async (flags, message) => {
    const fake = fakeCluster();
    const run = await runFerry(['cluster', 'serve', ...flags], fake.deps);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(fake.requests).toEqual([]);
  });

  it('says so when the embedded cluster is not wired', async () => {
    const run = await runFerry(['cluster', 'serve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ferry: the embedded cluster is not available in this build\n');
  });
});
