/**
 * kubectl's write verbs against the embedded cluster (controllers running on real time):
 * apply (client- and server-side), diff, create, replace, patch, label, annotate, scale,
 * rollout, delete with cascade and orphan, CRDs and their objects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubectlCluster, type KubectlCluster } from '../support/kubectl.ts';

let k: KubectlCluster;
const NS = 'writes';

function deployment(name: string, image: string, replicas: number, env = '[{name: A, value: "1"}, {name: B, value: "2"}]'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${NS}, labels: {app: ${name}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: app
        image: ${image}
        ports: [{containerPort: 80}]
        env: ${env}
`;
}

async function ok(args: string[], stdin?: string): Promise<string> {
  const run = await k.kubectl(args, stdin === undefined ? {} : { stdin });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubectl's JSON output, read loosely by the assertions
type Loose = any;

async function jsonOf(args: string[]): Promise<Record<string, Loose>> {
  return JSON.parse(await ok([...args, '-o', 'json'])) as Record<string, Loose>;
}

beforeAll(async () => {
  k = await startKubectlCluster();
  await ok(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n`);
});

afterAll(async () => {
  await k?.close();
});

describe('kubectl apply and diff', () => {
  it('creates, leaves unchanged, then configures', async () => {
    const v1 = k.file('demo-v1.yaml', deployment('demo', 'nginx:1.25', 2));
    expect(await ok(['apply', '-f', v1])).toBe('deployment.apps/demo created\n');
    expect(await ok(['apply', '-f', v1])).toBe('deployment.apps/demo unchanged\n');
    const v2 = k.file('demo-v2.yaml', deployment('demo', 'nginx:1.26', 3, '[{name: B, value: "2"}]'));
    const diff = await k.kubectl(['diff', '-f', v2]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('-        image: nginx:1.25\n+        image: nginx:1.26');
    expect(diff.stdout).toContain('-  replicas: 2\n+  replicas: 3');
    expect(await ok(['apply', '-f', v2])).toBe('deployment.apps/demo configured\n');
    const live = await jsonOf(['get', 'deploy', 'demo', '-n', NS]);
    expect(live.spec.replicas).toBe(3);
    expect(live.spec.template.spec.containers[0].env).toEqual([{ name: 'B', value: '2' }]);
    expect(live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"image":"nginx:1.26"');
    expect((await k.kubectl(['diff', '-f', v2])).code).toBe(0);
  });

  it('applies server-side: a conflict with the client-side manager, then --force-conflicts', async () => {
    const v3 = k.file('demo-v3.yaml', deployment('demo', 'nginx:1.27', 2));
    const conflict = await k.kubectl(['apply', '--server-side', '-f', v3]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image');
    expect(conflict.stderr).toContain('--force-conflicts');
    expect(await ok(['apply', '--server-side', '--force-conflicts', '-f', v3])).toBe('deployment.apps/demo serverside-applied\n');
    const live = await jsonOf(['get', 'deploy', 'demo', '-n', NS, '--show-managed-fields']);
    expect(live.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    const managers = (live.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('kubectl/Apply');
  });
});

describe('kubectl create, replace, patch, label, annotate, scale', () => {
  it('creates from a file, and refuses to create it twice', async () => {
    const file = k.file('cm.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: ${NS}}\ndata: {mode: fast}\n`);
    expect(await ok(['create', '-f', file])).toBe('configmap/settings created\n');
    const again = await k.kubectl(['create', '-f', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`Error from server (AlreadyExists): error when creating "${file}": configmaps "settings" already exists\n`);
  });

  it('replaces an object, and refuses a stale resourceVersion', async () => {
    const live = await jsonOf(['get', 'cm', 'settings', '-n', NS]);
    live.data.mode = 'slow';
    const file = k.file('cm-replace.json', JSON.stringify(live));
    expect(await ok(['replace', '-f', file])).toBe('configmap/settings replaced\n');
    const stale = await k.kubectl(['replace', '-f', file]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('patches with JSON patch, merge patch and strategic merge patch', async () => {
    expect(await ok(['patch', 'deploy', 'demo', '-n', NS, '--type=json', '-p', '[{"op":"replace","path":"/spec/revisionHistoryLimit","value":5}]'])).toBe('deployment.apps/demo patched\n');
    expect(await ok(['patch', 'deploy', 'demo', '-n', NS, '--type=merge', '-p', '{"spec":{"progressDeadlineSeconds":300}}'])).toBe('deployment.apps/demo patched\n');
    expect(await ok(['patch', 'deploy', 'demo', '-n', NS, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"C","value":"3"}]}]}}}}'])).toBe('deployment.apps/demo patched\n');
    const live = await jsonOf(['get', 'deploy', 'demo', '-n', NS]);
    expect(live.spec.revisionHistoryLimit).toBe(5);
    expect(live.spec.progressDeadlineSeconds).toBe(300);
    // The server-side apply above merged [A, B] into [B]: live items first, new ones after.
    expect(live.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).toEqual(['B', 'A', 'C']);
    expect(await ok(['patch', 'deploy', 'demo', '-n', NS, '-p', '{"spec":{"progressDeadlineSeconds":300}}'])).toBe('deployment.apps/demo patched (no change)\n');
  });

  it('labels, annotates and scales', async () => {
    expect(await ok(['label', 'deploy', 'demo', '-n', NS, 'tier=web'])).toBe('deployment.apps/demo labeled\n');
    expect(await ok(['annotate', 'deploy', 'demo', '-n', NS, 'team=blue'])).toBe('deployment.apps/demo annotated\n');
    expect(await ok(['scale', 'deploy', 'demo', '-n', NS, '--replicas=4'])).toBe('deployment.apps/demo scaled\n');
    const live = await jsonOf(['get', 'deploy', 'demo', '-n', NS]);
    expect(live.metadata.labels.tier).toBe('web');
    expect(live.metadata.annotations.team).toBe('blue');
    expect(live.spec.replicas).toBe(4);
    expect(await ok(['get', 'deploy', '-n', NS, '-l', 'tier=web', '-o', 'name'])).toBe('deployment.apps/demo\n');
  });
});

describe('kubectl rollout', () => {
  it('waits for a rollout, lists its history and undoes it', async () => {
    expect(await ok(['rollout', 'status', 'deploy/demo', '-n', NS, '--timeout=30s'])).toContain('deployment "demo" successfully rolled out');
    expect(await ok(['set', 'image', 'deploy/demo', '-n', NS, 'app=nginx:1.28'])).toBe('deployment.apps/demo image updated\n');
    expect(await ok(['rollout', 'status', 'deploy/demo', '-n', NS, '--timeout=30s'])).toContain('successfully rolled out');
    const history = await ok(['rollout', 'history', 'deploy/demo', '-n', NS]);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(await ok(['rollout', 'undo', 'deploy/demo', '-n', NS])).toBe('deployment.apps/demo rolled back\n');
    expect(await ok(['rollout', 'status', 'deploy/demo', '-n', NS, '--timeout=30s'])).toContain('successfully rolled out');
    const live = await jsonOf(['get', 'deploy', 'demo', '-n', NS]);
    expect(live.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(await ok(['wait', '--for=condition=Available', 'deploy/demo', '-n', NS, '--timeout=20s'])).toBe('deployment.apps/demo condition met\n');
  });
});

describe('kubectl delete', () => {
  it('cascades to the ReplicaSets and pods by default', async () => {
    await ok(['apply', '-f', k.file('gone.yaml', deployment('gone', 'nginx:1.27', 1))]);
    await ok(['rollout', 'status', 'deploy/gone', '-n', NS, '--timeout=30s']);
    expect(await ok(['delete', 'deploy', 'gone', '-n', NS])).toBe(`deployment.apps "gone" deleted from ${NS} namespace\n`);
    for (let i = 0; i < 50; i++) {
      if ((await ok(['get', 'rs,pods', '-n', NS, '-l', 'app=gone', '-o', 'name'])) === '') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await ok(['get', 'rs', '-n', NS, '-l', 'app=gone', '-o', 'name'])).toBe('');
  });

  it('orphans the ReplicaSets with --cascade=orphan', async () => {
    await ok(['apply', '-f', k.file('kept.yaml', deployment('kept', 'nginx:1.27', 1))]);
    await ok(['rollout', 'status', 'deploy/kept', '-n', NS, '--timeout=30s']);
    expect(await ok(['delete', 'deploy', 'kept', '-n', NS, '--cascade=orphan'])).toBe(`deployment.apps "kept" deleted from ${NS} namespace\n`);
    const sets = await jsonOf(['get', 'rs', '-n', NS, '-l', 'app=kept']);
    expect(sets.items).toHaveLength(1);
    expect(sets.items[0].metadata.ownerReferences ?? []).toEqual([]);
  });
});

describe('kubectl delete namespace', () => {
  it('empties a namespace and removes it', async () => {
    await ok(['create', 'namespace', 'doomed']);
    await ok(['create', 'configmap', 'c', '-n', 'doomed', '--from-literal=a=b']);
    await ok(['create', 'deployment', 'd', '-n', 'doomed', '--image=nginx:1.27']);
    expect(await ok(['delete', 'namespace', 'doomed', '--timeout=30s'])).toBe('namespace "doomed" deleted\n');
    const gone = await k.kubectl(['get', 'namespace', 'doomed']);
    expect(gone.stderr).toBe('Error from server (NotFound): namespaces "doomed" not found\n');
  });
});

describe('kubectl with custom resources', () => {
  it('creates a CRD, waits for it, and serves its objects with their printer columns', async () => {
    const crd = k.file('crd.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string}
              replicas: {type: integer, minimum: 1}
`);
    expect(await ok(['apply', '-f', crd])).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
    expect(await ok(['wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=10s'])).toContain('condition met');
    const object = k.file('ct.yaml', `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: nightly, namespace: ${NS}}\nspec: {cronSpec: "0 3 * * *", replicas: 2}\n`);
    expect(await ok(['apply', '-f', object])).toBe('crontab.stable.example.com/nightly created\n');
    expect(await ok(['get', 'ct', '-n', NS])).toMatch(/^NAME\s+SPEC\s+REPLICAS\nnightly\s+0 3 \* \* \*\s+2\n$/);
    const invalid = await k.kubectl(['apply', '-f', '-'], { stdin: `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: bad, namespace: ${NS}}\nspec: {replicas: 0}\n` });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1');
    expect(await ok(['patch', 'ct', 'nightly', '-n', NS, '--type=merge', '-p', '{"spec":{"replicas":3}}'])).toBe('crontab.stable.example.com/nightly patched\n');
    expect(await ok(['delete', '-f', object])).toBe(`crontab.stable.example.com "nightly" deleted from ${NS} namespace\n`);
  });
});

describe('kubectl node maintenance', () => {
  it('cordons, drains (evicting the pods onto other nodes) and uncordons a node', async () => {
    await ok(['apply', '-f', k.file('spread.yaml', deployment('spread', 'nginx:1.27', 4))]);
    await ok(['rollout', 'status', 'deploy/spread', '-n', NS, '--timeout=30s']);
    expect(await ok(['cordon', 'node-1'])).toBe('node/node-1 cordoned\n');
    expect(await ok(['get', 'node', 'node-1'])).toMatch(/node-1\s+Ready,SchedulingDisabled/);
    const drained = await ok(['drain', 'node-1', '--ignore-daemonsets', '--timeout=30s']);
    expect(drained).toContain('node/node-1 drained');
    const onNode = await ok(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-1', '-o', 'name']);
    expect(onNode).toBe('');
    await ok(['rollout', 'status', 'deploy/spread', '-n', NS, '--timeout=30s']);
    expect(await ok(['uncordon', 'node-1'])).toBe('node/node-1 uncordoned\n');
    expect(await ok(['get', 'node', 'node-1'])).toMatch(/node-1\s+Ready\s/);
  });
});
