/**
 * kubectl's read verbs against the embedded cluster: version, discovery, get in every output
 * format, selectors, watch, events, explain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubectlCluster, type KubectlCluster } from '../support/kubectl.ts';

let k: KubectlCluster;

const CONFIGMAPS = `apiVersion: v1
kind: ConfigMap
metadata: {name: red, namespace: reads, labels: {color: red, shade: dark}}
data: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: blue, namespace: reads, labels: {color: blue}}
data: {a: "1", b: "2"}
`;

beforeAll(async () => {
  k = await startKubectlCluster();
  await k.kubectl(['create', 'namespace', 'reads', '--dry-run=client', '-o', 'yaml']).then(async (r) => {
    expect(r.code).toBe(0);
    expect((await k.kubectl(['apply', '-f', '-'], { stdin: r.stdout })).code).toBe(0);
  });
  const applied = await k.kubectl(['apply', '-f', '-'], { stdin: CONFIGMAPS });
  expect(applied.stderr).toBe('');
});

afterAll(async () => {
  await k?.close();
});

describe('kubectl read verbs', () => {
  it('version shows the 1.35 server', async () => {
    const run = await k.kubectl(['version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Server Version: v1.35.0-ferry');
  });

  it('api-resources lists the built-in kinds with short names and scope', async () => {
    const run = await k.kubectl(['api-resources']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(lines.find((l) => l.startsWith('deployments '))).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/);
    expect(lines.find((l) => l.startsWith('nodes '))).toMatch(/^nodes\s+no\s+v1\s+false\s+Node$/);
    expect(lines.find((l) => l.startsWith('horizontalpodautoscalers '))).toMatch(/autoscaling\/v2/);
    const namespacedOnly = await k.kubectl(['api-resources', '--namespaced=false', '-o', 'name']);
    expect(namespacedOnly.stdout.split('\n')).toContain('namespaces');
    expect(namespacedOnly.stdout.split('\n')).not.toContain('pods');
  });

  it('get prints the server-side table columns, and -o wide the extra ones', async () => {
    const nodes = await k.kubectl(['get', 'nodes']);
    expect(nodes.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(nodes.stdout).toMatch(/node-1\s+Ready\s+<none>\s+\S+\s+v1\.35\.0/);
    const wide = await k.kubectl(['get', 'nodes', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(/INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    const cms = await k.kubectl(['get', 'cm', '-n', 'reads']);
    expect(cms.stdout).toMatch(/^NAME\s+DATA\s+AGE\nblue\s+2\s+\S+\n(kube-root-ca.crt\s+1\s+\S+\n)?red\s+1\s+\S+\n$/);
  });

  it('get -o yaml, json, name and jsonpath print the objects', async () => {
    const yaml = await k.kubectl(['get', 'cm', 'red', '-n', 'reads', '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/^apiVersion: v1\ndata:\n {2}a: "1"\nkind: ConfigMap\nmetadata:\n/);
    expect(yaml.stdout).toContain('  uid: ');
    expect(yaml.stdout).not.toContain('managedFields');
    const json = JSON.parse((await k.kubectl(['get', 'cm', '-n', 'reads', '-l', 'color', '-o', 'json'])).stdout) as { kind: string; items: { kind: string; metadata: { name: string } }[] };
    expect(json.kind).toBe('List');
    expect(json.items.map((i) => [i.kind, i.metadata.name])).toEqual([['ConfigMap', 'blue'], ['ConfigMap', 'red']]);
    const names = await k.kubectl(['get', 'cm', '-n', 'reads', '-l', 'color', '-o', 'name']);
    expect(names.stdout).toBe('configmap/blue\nconfigmap/red\n');
    const path = await k.kubectl(['get', 'cm', '-n', 'reads', '-l', 'color', '-o', 'jsonpath={.items[*].data.a}']);
    expect(path.stdout).toBe('1 1');
  });

  it('get filters with label and field selectors', async () => {
    expect((await k.kubectl(['get', 'cm', '-n', 'reads', '-l', 'color=red', '-o', 'name'])).stdout).toBe('configmap/red\n');
    expect((await k.kubectl(['get', 'cm', '-n', 'reads', '-l', 'color in (red,blue),!shade', '-o', 'name'])).stdout).toBe('configmap/blue\n');
    expect((await k.kubectl(['get', 'cm', '-n', 'reads', '--field-selector', 'metadata.name=blue', '-o', 'name'])).stdout).toBe('configmap/blue\n');
    expect((await k.kubectl(['get', 'ns', '--field-selector', 'status.phase=Active', '-o', 'name'])).stdout).toContain('namespace/reads\n');
    const bad = await k.kubectl(['get', 'cm', '-n', 'reads', '--field-selector', 'data.a=1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('field label not supported: data.a');
    const missing = await k.kubectl(['get', 'cm', 'nope', '-n', 'reads']);
    expect(missing.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
  });

  it('get -w prints the list, then each change as it happens', async () => {
    const watching = k.kubectl(['get', 'cm', '-n', 'reads', '-w', '-o', 'name'], { timeoutMs: 4000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await k.kubectl(['label', 'cm', 'red', '-n', 'reads', 'watched=yes'])).code).toBe(0);
    const run = await watching;
    expect(run.stdout.split('\n').filter((l) => l !== '')).toEqual(
      expect.arrayContaining(['configmap/blue', 'configmap/red']),
    );
    expect(run.stdout.split('\n').filter((l) => l === 'configmap/red').length).toBe(2);
  });

  it('get events shows what the controllers recorded', async () => {
    const created = await k.kubectl(['create', 'deployment', 'evt', '-n', 'reads', '--image=nginx:1.27', '--dry-run=client', '-o', 'json']);
    expect((await k.kubectl(['apply', '-f', '-'], { stdin: created.stdout })).code).toBe(0);
    expect((await k.kubectl(['rollout', 'status', 'deployment/evt', '-n', 'reads', '--timeout=20s'])).stdout).toContain('successfully rolled out');
    const events = await k.kubectl(['get', 'events', '-n', 'reads']);
    expect(events.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(events.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+deployment\/evt\s+Scaled up replica set evt-\w+ from 0 to 1/);
    expect(events.stdout).toMatch(/Normal\s+Scheduled\s+pod\/evt-/);
  });

  it('explain reads the OpenAPI schemas', async () => {
    const run = await k.kubectl(['explain', 'deployment.spec.replicas']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('GROUP:      apps');
    expect(run.stdout).toContain('FIELD: replicas <integer>');
  });
});
