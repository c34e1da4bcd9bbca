/**
 * charts/ferry, rendered by the real helm (template and lint) with several value sets:
 * the objects it makes (kinds, labels, security context, RBAC, the PVC), the environment and
 * ferry.yaml it gives the container (read back through Ferry's own configuration loader and
 * the real `ferry serve` argument parser), the same text from Ferry's own Helm engine
 * (`ferry template`, so Ferry can install itself with the chart helm installs), and each
 * object accepted by the embedded cluster's API validation (a dry-run create).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeRequest } from '../../src/cli/index.ts';
import { resolveServerConfig, SERVER_SETTINGS, type ServerConfig } from '../../src/config/index.ts';
import { systemClock, type KubeObject } from '../../src/core/index.ts';
import { EmbeddedCluster, SimCluster } from '../../src/cluster/sim/index.ts';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { runFerry } from '../support/cli-harness.ts';
import { helmPath, repoRoot } from '../support/oracles.ts';

const CHART = path.join(repoRoot, 'charts', 'ferry');
const TESTDATA = path.join(repoRoot, 'test', 'charts', 'testdata');
const RELEASE = 'ferry';
const NAMESPACE = 'ferry';
const VERSION = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Secrets made outside the chart, for the value sets that name them. */
type ExistingSecrets = Record<string, Record<string, string>>;

interface ValueSet {
  readonly files?: readonly string[];
  readonly set?: readonly string[];
  readonly existing?: ExistingSecrets;
}

const VALUE_SETS: Record<string, ValueSet> = {
  default: {},
  ingress: { files: ['ingress.yaml'] },
  'no-persistence': { set: ['persistence.enabled=false'] },
  'rbac-namespaced': { files: ['rbac-namespaced.yaml'] },
  'existing-secrets': {
    files: ['existing-secrets.yaml'],
    existing: {
      'ferry-admin': { 'admin.token': 'existing-admin-token-0123456789' },
      'ferry-webhooks': { gitlab: 'gitlab-token' },
      'ferry-git': { 'repositories.json': '[{"url":"https://git.example.com/","token":"t"}]' },
    },
  },
  'inline-settings': { files: ['inline-settings.yaml'] },
  'no-admin-token': { set: ['adminToken.create=false'] },
};

function valueArgs(values: ValueSet): string[] {
  return [...(values.files ?? []).flatMap((file) => ['-f', path.join(TESTDATA, file)]), ...(values.set ?? []).flatMap((expression) => ['--set', expression])];
}

function helm(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const run = spawnSync(helmPath(), args, { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

async function ferryTemplate(args: readonly string[]) {
  return runFerry(['template', RELEASE, CHART, '-n', NAMESPACE, ...args], { cwd: repoRoot, openLocalTree: (dir) => createLocalFileTree(dir) });
}

function parseObjects(text: string): KubeObject[] {
  return (yaml.loadAll(text) as unknown[]).filter((doc): doc is KubeObject => doc !== null && typeof doc === 'object');
}

interface Rendered {
  readonly helm: string;
  readonly ferry: string;
  readonly objects: KubeObject[];
}

const rendered = new Map<string, Rendered>();

function renderedOf(name: string): Rendered {
  const found = rendered.get(name);
  if (!found) throw new Error(`value set ${name} was not rendered`);
  return found;
}

function find(objects: readonly KubeObject[], kind: string, name?: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
}

/** The fields of the rendered objects that the tests walk (the renderers' output is not trusted to have them). */
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean } };
}
interface Container {
  readonly image: string;
  readonly args: string[];
  readonly env?: EnvVar[];
  readonly ports: { readonly containerPort: number }[];
  readonly volumeMounts: { readonly name: string; readonly mountPath: string }[];
  readonly securityContext: unknown;
  readonly [probe: string]: unknown;
}
interface Volume {
  readonly name: string;
  readonly configMap?: { readonly name: string };
}
interface PodTemplate {
  readonly metadata: { readonly annotations: Record<string, string> };
  readonly spec: { readonly serviceAccountName: string; readonly volumes: Volume[]; readonly containers: Container[] };
}
interface Deployment extends KubeObject {
  readonly spec: { readonly selector: { readonly matchLabels: Record<string, string> }; readonly template: PodTemplate };
}
interface WithData extends KubeObject {
  readonly data: Record<string, string>;
}
interface RbacObject extends KubeObject {
  readonly rules?: unknown[];
  readonly roleRef?: { readonly kind: string; readonly name: string };
  readonly subjects?: unknown[];
}
interface WithSpec extends KubeObject {
  readonly spec: unknown;
}

function only<T extends KubeObject = WithSpec>(objects: readonly KubeObject[], kind: string, name?: string): T {
  const found = find(objects, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as T;
}

function deploymentOf(objects: readonly KubeObject[]): Deployment {
  return only<Deployment>(objects, 'Deployment');
}

function containerOf(objects: readonly KubeObject[]): Container {
  const container = deploymentOf(objects).spec.template.spec.containers[0];
  if (!container) throw new Error('the Deployment has no container');
  return container;
}

/**
 * The container's environment as the kubelet would make it: plain values, and Secret keys
 * from the rendered Secrets or the ones made outside the chart. A missing key of a required
 * reference is an error (the pod would not start); an optional one leaves the variable unset.
 */
function environmentOf(objects: readonly KubeObject[], existing: ExistingSecrets = {}): Record<string, string> {
  const secrets: ExistingSecrets = { ...existing };
  for (const secret of find(objects, 'Secret') as WithData[]) {
    secrets[secret.metadata.name ?? ''] = Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(String(value), 'base64').toString('utf8')]));
  }
  const env: Record<string, string> = {};
  for (const entry of containerOf(objects).env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (!ref) {
      env[entry.name] = entry.value ?? '';
      continue;
    }
    const value = secrets[ref.name]?.[ref.key];
    if (value !== undefined) env[entry.name] = value;
    else if (!ref.optional) throw new Error(`${entry.name}: Secret ${ref.name} has no key ${ref.key}`);
  }
  return env;
}

/** The configuration `ferry serve` resolves in the pod: its args, environment and mounted ferry.yaml. */
async function podConfig(objects: readonly KubeObject[], existing?: ExistingSecrets): Promise<{ config: ServerConfig; request: ServeRequest }> {
  const container = containerOf(objects);
  let request: ServeRequest | undefined;
  const run = await runFerry(container.args, {
    runServer: async (serve) => {
      request = serve;
      return 0;
    },
  });
  if (run.code !== 0 || !request) throw new Error(`ferry ${container.args.join(' ')}: ${run.stderr}`);
  const configVolume = deploymentOf(objects).spec.template.spec.volumes.find((v) => v.configMap);
  const mount = container.volumeMounts.find((m) => m.name === configVolume?.name);
  const configMap = only<WithData>(objects, 'ConfigMap', configVolume?.configMap?.name);
  expect(request.configFile).toBe(`${mount?.mountPath}/ferry.yaml`);
  const env = { ...environmentOf(objects, existing), KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
  const config = resolveServerConfig({ env, cwd: '/app', file: { path: request.configFile ?? '', text: configMap.data['ferry.yaml'] ?? '' }, flags: request.settings });
  return { config, request };
}

let cluster: EmbeddedCluster;
let sim: SimCluster;

beforeAll(async () => {
  for (const [name, values] of Object.entries(VALUE_SETS)) {
    const args = valueArgs(values);
    const fromHelm = helm(['template', RELEASE, CHART, '-n', NAMESPACE, ...args]);
    if (fromHelm.code !== 0) throw new Error(`helm template (${name}): ${fromHelm.stderr}`);
    const fromFerry = await ferryTemplate(args);
    if (fromFerry.code !== 0) throw new Error(`ferry template (${name}): ${fromFerry.stderr}`);
    rendered.set(name, { helm: fromHelm.stdout, ferry: fromFerry.stdout, objects: parseObjects(fromHelm.stdout) });
  }
  cluster = new EmbeddedCluster({ clock: systemClock, controllers: 'off' });
  sim = new SimCluster(cluster);
  for (const namespace of [NAMESPACE, 'team-a', 'team-b']) await sim.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
}, 120_000);

afterAll(async () => {
  await cluster?.close();
});

describe('charts/ferry', () => {
  it("is versioned as Ferry and lint-clean with every value set", () => {
    const chart = yaml.load(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'ferry', type: 'application', appVersion: VERSION });
    for (const [name, values] of Object.entries(VALUE_SETS)) {
      const lint = helm(['lint', '--strict', CHART, '-n', NAMESPACE, ...valueArgs(values)]);
      expect(lint, name).toMatchObject({ code: 0 });
      expect(lint.stdout, name).not.toMatch(/\[(WARNING|ERROR)\]/);
    }
  });

  it.each(Object.keys(VALUE_SETS))('renders the same with Ferry as with helm (%s)', (name) => {
    const { helm: fromHelm, ferry: fromFerry, objects } = renderedOf(name);
    // The generated admin token is random in each renderer: everything else is byte for byte.
    let expected = fromHelm;
    let actual = fromFerry;
    const secret = find(objects, 'Secret', 'ferry-admin-token')[0] as WithData | undefined;
    if (secret) {
      const theirs = secret.data.token ?? '';
      const ours = (find(parseObjects(fromFerry), 'Secret', 'ferry-admin-token')[0] as WithData | undefined)?.data.token ?? '';
      for (const token of [theirs, ours]) expect(Buffer.from(token, 'base64').toString()).toMatch(/^[A-Za-z0-9]{40}$/);
      expected = expected.replace(theirs, 'RANDOM');
      actual = actual.replace(ours, 'RANDOM');
    }
    expect(actual).toBe(expected);
  });

  it.each(Object.keys(VALUE_SETS))('makes objects the API server accepts (%s)', async (name) => {
    for (const object of renderedOf(name).objects) {
      await expect(sim.create(object, { dryRun: true }), `${object.kind} ${object.metadata.name}`).resolves.toMatchObject({ kind: object.kind });
    }
  });

  it('whose validation is real: a Deployment whose selector misses its pods is refused', async () => {
    const deployment = structuredClone(deploymentOf(renderedOf('default').objects));
    deployment.spec.selector.matchLabels['app.kubernetes.io/name'] = 'other';
    await expect(sim.create(deployment, { dryRun: true })).rejects.toMatchObject({ httpStatus: 422 });
  });

  it('labels every object as Helm and Kubernetes recommend', () => {
    for (const object of renderedOf('default').objects) {
      expect(object.metadata.labels, `${object.kind} ${object.metadata.name}`).toEqual({
        'helm.sh/chart': `ferry-${VERSION}`,
        'app.kubernetes.io/name': 'ferry',
        'app.kubernetes.io/instance': RELEASE,
        'app.kubernetes.io/version': VERSION,
        'app.kubernetes.io/component': 'server',
        'app.kubernetes.io/part-of': 'ferry',
        'app.kubernetes.io/managed-by': 'Helm',
      });
    }
  });

  it('by default: one Ferry pod, non-root on a read-only file system, its data on a volume claim', () => {
    const { objects } = renderedOf('default');
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'ClusterRole', 'ClusterRoleBinding', 'Service', 'Deployment']);
    const deployment = deploymentOf(objects);
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: 'ferry',
      automountServiceAccountToken: true,
      enableServiceLinks: false,
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'ferry', 'app.kubernetes.io/instance': RELEASE });
    const container = containerOf(objects);
    expect(container.image).toBe(`ferry:${VERSION}`);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
    // Every place Ferry writes is a volume: the root file system is read-only.
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'config', mountPath: '/etc/ferry', readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'ferry-data' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'config', configMap: { name: 'ferry' } },
    ]);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect((container[probe] as { httpGet?: unknown }).httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(only(objects, 'PersistentVolumeClaim', 'ferry-data').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } });
    expect(only(objects, 'Service', 'ferry').spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
      selector: deployment.spec.selector.matchLabels,
    });
  });

  it("by default: cluster-wide rights for Ferry's service account", () => {
    const { objects } = renderedOf('default');
    expect(only(objects, 'ClusterRole').rules).toEqual([
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['get'] },
    ]);
    expect(only(objects, 'ClusterRoleBinding')).toMatchObject({
      metadata: { name: 'ferry-ferry' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ferry-ferry' },
      subjects: [{ kind: 'ServiceAccount', name: 'ferry', namespace: NAMESPACE }],
    });
    expect(find(objects, 'Role')).toEqual([]);
  });

  it('by default: ferry serve in the pod listens on the port, keeps its data on the volume and deploys to its own cluster', async () => {
    const { objects } = renderedOf('default');
    const { config } = await podConfig(objects);
    expect(config.listen).toEqual({ host: '0.0.0.0', port: containerOf(objects).ports[0]?.containerPort });
    expect(config.dataDir).toBe('/data');
    expect(config.cluster).toMatchObject({ mode: 'in-cluster', inClusterServer: 'https://10.96.0.1:443', serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount' });
    expect(config.logLevel).toBe('info');
    const token = Buffer.from(only<WithData>(objects, 'Secret', 'ferry-admin-token').data.token ?? '', 'base64').toString();
    expect(config.auth).toEqual({ enabled: true, adminToken: token });
    // Only variables Ferry knows: a typo would be silently ignored by the server.
    const known = new Set(SERVER_SETTINGS.map((row) => row.env));
    for (const entry of containerOf(objects).env ?? []) expect(known.has(entry.name), entry.name).toBe(true);
  });

  it('restarts the pod when ferry.yaml changes, and only then', () => {
    const checksum = (args: string[]) => {
      const text = execFileSync(helmPath(), ['template', RELEASE, CHART, '-n', NAMESPACE, '--show-only', 'templates/deployment.yaml', ...args], { encoding: 'utf8' });
      return (yaml.load(text) as Deployment).spec.template.metadata.annotations['checksum/config'];
    };
    const base = checksum([]);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(['--set', 'config.logLevel=debug'])).not.toBe(base);
    expect(checksum(['--set', 'service.port=9090'])).toBe(base);
  });

  it('with an ingress: routes its host to the service, TLS at the controller', () => {
    const { objects } = renderedOf('ingress');
    expect(only(objects, 'Ingress', 'ferry').spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['ferry.example.com'], secretName: 'ferry-tls' }],
      rules: [{ host: 'ferry.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'ferry', port: { name: 'http' } } } }] } }],
    });
  });

  it('without persistence: no claim, the data in an emptyDir', () => {
    const { objects } = renderedOf('no-persistence');
    expect(find(objects, 'PersistentVolumeClaim')).toEqual([]);
    expect(deploymentOf(objects).spec.template.spec.volumes[0]).toEqual({ name: 'data', emptyDir: {} });
  });

  it('namespaced: writes only in the listed namespaces, reads cluster-wide', () => {
    const { objects } = renderedOf('rbac-namespaced');
    const subjects = [{ kind: 'ServiceAccount', name: 'ferry', namespace: NAMESPACE }];
    expect((find(objects, 'ClusterRole') as RbacObject[]).map((role) => [role.metadata.name, role.rules])).toEqual([
      [
        'ferry-ferry-read',
        [
          { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
          { nonResourceURLs: ['*'], verbs: ['get'] },
        ],
      ],
    ]);
    expect(only(objects, 'ClusterRoleBinding')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'ferry-ferry-read' }, subjects });
    const roles = find(objects, 'Role') as RbacObject[];
    expect(roles.map((role) => role.metadata.namespace)).toEqual(['team-a', 'team-b']);
    for (const role of roles) expect(role.rules).toEqual([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
    const bindings = find(objects, 'RoleBinding') as RbacObject[];
    expect(bindings.map((binding) => [binding.metadata.namespace, binding.roleRef?.kind, binding.roleRef?.name, binding.subjects])).toEqual([
      ['team-a', 'Role', 'ferry', subjects],
      ['team-b', 'Role', 'ferry', subjects],
    ]);
  });

  it('with existing Secrets: makes none, and the pod reads each of them', async () => {
    const { objects } = renderedOf('existing-secrets');
    const existing = VALUE_SETS['existing-secrets']?.existing;
    expect(find(objects, 'Secret')).toEqual([]);
    expect(find(objects, 'ServiceAccount')).toEqual([]);
    expect(find(objects, 'PersistentVolumeClaim')).toEqual([]);
    const pod = deploymentOf(objects).spec.template.spec;
    expect(pod.serviceAccountName).toBe('deployer');
    expect(pod.volumes[0]).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'ferry-data-old' } });
    expect(only(objects, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'deployer', namespace: NAMESPACE }]);
    const env = containerOf(objects).env ?? [];
    expect(env.find((e) => e.name === 'FERRY_ADMIN_TOKEN')).toEqual({ name: 'FERRY_ADMIN_TOKEN', valueFrom: { secretKeyRef: { name: 'ferry-admin', key: 'admin.token' } } });
    // Each webhook key is optional in a Secret made elsewhere: a provider left out stays off.
    expect(env.filter((e) => e.name.startsWith('FERRY_WEBHOOK_')).map((e) => [e.name, e.valueFrom?.secretKeyRef])).toEqual([
      ['FERRY_WEBHOOK_GITHUB_SECRET', { name: 'ferry-webhooks', key: 'github', optional: true }],
      ['FERRY_WEBHOOK_GITLAB_SECRET', { name: 'ferry-webhooks', key: 'gitlab', optional: true }],
      ['FERRY_WEBHOOK_GITEA_SECRET', { name: 'ferry-webhooks', key: 'gitea', optional: true }],
      ['FERRY_WEBHOOK_BITBUCKET_SECRET', { name: 'ferry-webhooks', key: 'bitbucket', optional: true }],
      ['FERRY_WEBHOOK_BITBUCKET_UUID', { name: 'ferry-webhooks', key: 'bitbucket-uuid', optional: true }],
    ]);
    const { config } = await podConfig(objects, existing);
    expect(config.auth.adminToken).toBe('existing-admin-token-0123456789');
    expect(config.webhook.gitlab).toEqual({ secret: 'gitlab-token' });
    expect(config.webhook.github).toBeUndefined();
    expect(config.repositories).toEqual([{ url: 'https://git.example.com/', token: 't' }]);
  });

  it('with secrets as values: puts them in a Secret of its own, never in the ConfigMap', async () => {
    const { objects, helm: text } = renderedOf('inline-settings');
    const secret = only<WithData>(objects, 'Secret', 'ferry-settings');
    expect(Object.keys(secret.data)).toEqual(['webhook-github', 'webhook-bitbucket-uuid', 'repositories.json']);
    const configMapText = only<WithData>(objects, 'ConfigMap', 'ferry').data['ferry.yaml'];
    for (const value of ['github-s3cret', 'git-s3cret', 'glpat-token']) {
      expect(configMapText).not.toContain(value);
      expect(text).not.toContain(value);
    }
    const { config } = await podConfig(objects);
    expect(config.webhook.github).toEqual({ secret: 'github-s3cret' });
    expect(config.webhook.bitbucket).toEqual({ uuid: '{0f6b6c28-2b1e-4b33-9c5b-6d3f7c1f0a11}' });
    expect(config.repositories).toEqual([
      { url: 'https://git.example.com/team/', username: 'ferry', password: 'git-s3cret' },
      { url: 'https://gitlab.example.com/', token: 'glpat-token' },
    ]);
    expect(config).toMatchObject({ logLevel: 'debug', metrics: { public: true }, engine: { pollIntervalSeconds: 60, parallelism: 4 } });
    expect(only(objects, 'PersistentVolumeClaim').spec).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '10Gi' } } });
    expect(only(objects, 'NetworkPolicy', 'ferry').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ferry', 'app.kubernetes.io/instance': RELEASE } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }], from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
      egress: [{}],
    });
    expect(deploymentOf(objects).spec.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
  });

  it('without an admin token: Ferry makes its own at first start', async () => {
    const { objects } = renderedOf('no-admin-token');
    expect(find(objects, 'Secret')).toEqual([]);
    expect((await podConfig(objects)).config.auth).toEqual({ enabled: true });
  });

  it.each([
    ['a second replica', ['--set', 'replicaCount=2'], "at '/replicaCount': maximum: got 2, want 1"],
    ['a second replica, schema skipped', ['--set', 'replicaCount=2', '--skip-schema-validation'], 'replicaCount: Ferry is a single writer'],
    ['namespaced RBAC without namespaces', ['--set', 'rbac.namespaced=true'], 'rbac.namespaced: list the namespaces Ferry may deploy to in rbac.namespaces'],
    ['credentials in ferry.yaml', ['--set', 'config.repositories[0].url=x'], 'config.repositories: credentials do not belong in a ConfigMap; use repositoryCredentials'],
    ['a webhook secret in ferry.yaml', ['--set', 'config.webhook.gitea.secret=x'], 'config.webhook.gitea: secrets do not belong in a ConfigMap; use webhook.gitea'],
    ['a listen address in ferry.yaml', ['--set', 'config.listen.port=1'], 'config.listen: set by the chart'],
    ['a misspelt webhook provider', ['--set', 'webhook.githb=x'], "at '/webhook': additional properties 'githb' not allowed"],
    ['a size that is not a quantity', ['--set', 'persistence.size=big'], "at '/persistence/size': 'big' does not match pattern"],
  ])('refuses %s, in helm and in Ferry alike', async (_, args, reason) => {
    const fromHelm = helm(['template', RELEASE, CHART, '-n', NAMESPACE, ...args]);
    expect(fromHelm.code).toBe(1);
    expect(fromHelm.stderr).toContain(reason);
    const fromFerry = await ferryTemplate(args);
    expect(fromFerry.code).toBeGreaterThan(0);
    expect(fromFerry.stderr).toContain(reason);
  });

  it('tells how to get the token and open the UI', () => {
    const notes = (args: string[]) => {
      const run = helm(['install', RELEASE, CHART, '-n', NAMESPACE, '--dry-run=client', ...args]);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout.slice(run.stdout.indexOf('NOTES:'));
    };
    const byDefault = notes([]);
    expect(byDefault).toContain(`kubectl --namespace ${NAMESPACE} get secret ferry-admin-token -o jsonpath='{.data.token}' | base64 -d`);
    expect(byDefault).toContain(`kubectl --namespace ${NAMESPACE} port-forward service/ferry 8080:8080`);
    const existing = notes(['-f', path.join(TESTDATA, 'existing-secrets.yaml'), '-f', path.join(TESTDATA, 'ingress.yaml')]);
    expect(existing).toContain("get secret ferry-admin -o jsonpath='{.data.admin\\.token}'");
    expect(existing).toContain('https://ferry.example.com/');
    const own = notes(['--set', 'adminToken.create=false', '--set', 'persistence.enabled=false']);
    expect(own).toContain(`kubectl --namespace ${NAMESPACE} exec deployment/ferry -- node bin/ferry.js token create --data-dir /data --role admin`);
    expect(own).toContain('WARNING: persistence is off');
  });
});
