/**
 * Generates `src/cluster/sim/schema/data/k8s-openapi.json`: the OpenAPI v3 component schemas of
 * the built-in kinds the embedded cluster serves, for `/openapi/v3`, `kubectl explain` and the
 * server-side-apply list metadata.
 *
 * Kubernetes publishes these schemas only in its own repository, which is not reachable here, so
 * they are rebuilt from two npm packages that were generated from the upstream OpenAPI:
 *  - `@kubernetes/client-node` (a dependency; models generated from `release-1.36`): every type,
 *    field, JSON name, type/format and required flag, and most descriptions;
 *  - `@pulumi/kubernetes@4.34.2` (fetched with `npm pack` into a temp dir, not a dependency): the
 *    package (group) each type lives in, and descriptions with their paragraph breaks, including
 *    the ones client-node drops on fields that reference another type.
 * What neither carries (the `x-kubernetes-*` list/patch/map markers, Quantity and the atomic
 * structs) comes from `K8S_MARKERS` below, transcribed from the `+listType`, `+listMapKey`,
 * `+patchStrategy`, `+patchMergeKey` and `+structType` markers of k8s.io/api.
 *
 * Run: node scripts/generate-k8s-openapi.ts   (Node 24; needs network access to the npm registry)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'src/cluster/sim/schema/data/k8s-openapi.json');
const PULUMI = '@pulumi/kubernetes@4.34.2';
const require = createRequire(import.meta.url);
const CLIENT_NODE_DIR = path.dirname(require.resolve('@kubernetes/client-node/package.json'));
const MODELS_DIR = path.join(CLIENT_NODE_DIR, 'dist/gen/models');

/** Group-version-kinds served by the embedded cluster (src/cluster/resource-table.ts) plus the
 * kinds its subresources and Status answers use. */
const SERVED: readonly (readonly [string, string])[] = [
  ['v1', 'ConfigMap'], ['v1', 'Endpoints'], ['v1', 'Event'], ['v1', 'LimitRange'], ['v1', 'Namespace'],
  ['v1', 'Node'], ['v1', 'PersistentVolumeClaim'], ['v1', 'PersistentVolume'], ['v1', 'Pod'],
  ['v1', 'PodTemplate'], ['v1', 'ReplicationController'], ['v1', 'ResourceQuota'], ['v1', 'Secret'],
  ['v1', 'ServiceAccount'], ['v1', 'Service'], ['v1', 'Binding'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['apps/v1', 'ControllerRevision'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'], ['apps/v1', 'StatefulSet'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['autoscaling/v1', 'HorizontalPodAutoscaler'],
  ['autoscaling/v1', 'Scale'],
  ['batch/v1', 'CronJob'], ['batch/v1', 'Job'],
  ['coordination.k8s.io/v1', 'Lease'],
  ['discovery.k8s.io/v1', 'EndpointSlice'],
  ['events.k8s.io/v1', 'Event'],
  ['networking.k8s.io/v1', 'IngressClass'], ['networking.k8s.io/v1', 'Ingress'], ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['policy/v1', 'PodDisruptionBudget'], ['policy/v1', 'Eviction'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'], ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'], ['rbac.authorization.k8s.io/v1', 'Role'],
  ['scheduling.k8s.io/v1', 'PriorityClass'],
  ['storage.k8s.io/v1', 'CSIDriver'], ['storage.k8s.io/v1', 'CSINode'], ['storage.k8s.io/v1', 'CSIStorageCapacity'],
  ['storage.k8s.io/v1', 'StorageClass'], ['storage.k8s.io/v1', 'VolumeAttachment'],
];
/** Kinds that have no List (subresource bodies). */
const NO_LIST = new Set(['v1/Binding', 'autoscaling/v1/Scale', 'policy/v1/Eviction']);
/** meta types every per-group-version document carries. */
const META_KINDS = ['Status', 'DeleteOptions', 'WatchEvent', 'APIResourceList', 'Patch'];

/** Where a package's types live in the OpenAPI definition names. */
function definitionPrefix(pkg: string, version: string): string {
  if (pkg === 'meta') return `io.k8s.apimachinery.pkg.apis.meta.${version}`;
  if (pkg === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  if (pkg === 'apiregistration') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`;
  return `io.k8s.api.${pkg}.${version}`;
}
function packageOfGroup(group: string): string {
  if (group === '') return 'core';
  if (group === 'rbac.authorization.k8s.io') return 'rbac';
  return group.replace(/\.k8s\.io$/, '');
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
const JSON_TYPE = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON';
const FIELDS_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';

interface Marker {
  listType?: 'atomic' | 'set' | 'map';
  mapKeys?: string[];
  patchStrategy?: string;
  mergeKey?: string;
  mapType?: 'atomic' | 'granular';
  /** The field holds Quantities (a map of them when the field is a map). */
  quantity?: boolean;
  microTime?: boolean;
}
const map = (...keys: string[]): Marker => ({ listType: 'map', mapKeys: keys });
const merge = (key: string, ...keys: string[]): Marker => ({ listType: 'map', mapKeys: keys.length ? [key, ...keys] : [key], patchStrategy: 'merge', mergeKey: key });
const atomic: Marker = { listType: 'atomic' };
const quantity: Marker = { quantity: true };

/** `<short definition>.<field>` → markers of k8s.io/api 1.35 (see the header). Lists without an
 * entry are atomic, which is also what server-side apply assumes for a list without markers. */
const K8S_MARKERS: Record<string, Marker> = {
  // meta/v1
  'meta.v1.ObjectMeta.finalizers': { listType: 'set', patchStrategy: 'merge' },
  'meta.v1.ObjectMeta.ownerReferences': merge('uid'),
  'meta.v1.ObjectMeta.managedFields': atomic,
  'meta.v1.LabelSelector.matchExpressions': atomic,
  'meta.v1.LabelSelectorRequirement.values': atomic,
  'meta.v1.Status.details': {},
  'meta.v1.StatusDetails.causes': atomic,
  'meta.v1.APIResourceList.resources': atomic,
  // core/v1 PodSpec and containers
  'core.v1.PodSpec.volumes': { ...merge('name'), patchStrategy: 'merge,retainKeys' },
  'core.v1.PodSpec.initContainers': merge('name'),
  'core.v1.PodSpec.containers': merge('name'),
  'core.v1.PodSpec.ephemeralContainers': merge('name'),
  'core.v1.PodSpec.imagePullSecrets': merge('name'),
  'core.v1.PodSpec.tolerations': atomic,
  'core.v1.PodSpec.hostAliases': merge('ip'),
  'core.v1.PodSpec.readinessGates': atomic,
  'core.v1.PodSpec.topologySpreadConstraints': { ...merge('topologyKey'), mapKeys: ['topologyKey', 'whenUnsatisfiable'] },
  'core.v1.PodSpec.schedulingGates': merge('name'),
  'core.v1.PodSpec.resourceClaims': { ...merge('name'), patchStrategy: 'merge,retainKeys' },
  'core.v1.PodSpec.overhead': quantity,
  'core.v1.Container.ports': { ...merge('containerPort'), mapKeys: ['containerPort', 'protocol'] },
  'core.v1.Container.env': merge('name'),
  'core.v1.Container.envFrom': atomic,
  'core.v1.Container.volumeMounts': merge('mountPath'),
  'core.v1.Container.volumeDevices': merge('devicePath'),
  'core.v1.Container.resizePolicy': atomic,
  'core.v1.Container.command': atomic,
  'core.v1.Container.args': atomic,
  'core.v1.Container.restartPolicyRules': atomic,
  'core.v1.EphemeralContainer.ports': { ...merge('containerPort'), mapKeys: ['containerPort', 'protocol'] },
  'core.v1.EphemeralContainer.env': merge('name'),
  'core.v1.EphemeralContainer.envFrom': atomic,
  'core.v1.EphemeralContainer.volumeMounts': merge('mountPath'),
  'core.v1.EphemeralContainer.volumeDevices': merge('devicePath'),
  'core.v1.EphemeralContainer.resizePolicy': atomic,
  'core.v1.EphemeralContainer.command': atomic,
  'core.v1.EphemeralContainer.args': atomic,
  'core.v1.ResourceRequirements.limits': quantity,
  'core.v1.ResourceRequirements.requests': quantity,
  'core.v1.ResourceRequirements.claims': map('name'),
  'core.v1.VolumeResourceRequirements.limits': quantity,
  'core.v1.VolumeResourceRequirements.requests': quantity,
  'core.v1.EmptyDirVolumeSource.sizeLimit': quantity,
  'core.v1.ResourceFieldSelector.divisor': quantity,
  'core.v1.PodStatus.conditions': merge('type'),
  'core.v1.PodStatus.podIPs': merge('ip'),
  'core.v1.PodStatus.hostIPs': merge('ip'),
  'core.v1.PodStatus.containerStatuses': atomic,
  'core.v1.PodStatus.initContainerStatuses': atomic,
  'core.v1.PodStatus.ephemeralContainerStatuses': atomic,
  'core.v1.PodStatus.resourceClaimStatuses': { ...merge('name'), patchStrategy: 'merge,retainKeys' },
  'core.v1.ContainerStatus.allocatedResources': quantity,
  'core.v1.ContainerStatus.volumeMounts': merge('mountPath'),
  'core.v1.ContainerStatus.allocatedResourcesStatus': map('name'),
  'core.v1.PodSecurityContext.supplementalGroups': atomic,
  'core.v1.PodSecurityContext.sysctls': atomic,
  'core.v1.Capabilities.add': atomic,
  'core.v1.Capabilities.drop': atomic,
  'core.v1.PodDNSConfig.nameservers': atomic,
  'core.v1.PodDNSConfig.searches': atomic,
  'core.v1.PodDNSConfig.options': atomic,
  'core.v1.HostAlias.hostnames': atomic,
  'core.v1.ExecAction.command': atomic,
  'core.v1.HTTPGetAction.httpHeaders': atomic,
  'core.v1.NodeSelector.nodeSelectorTerms': atomic,
  'core.v1.NodeSelectorTerm.matchExpressions': atomic,
  'core.v1.NodeSelectorTerm.matchFields': atomic,
  'core.v1.NodeSelectorRequirement.values': atomic,
  'core.v1.NodeAffinity.preferredDuringSchedulingIgnoredDuringExecution': atomic,
  'core.v1.PodAffinity.requiredDuringSchedulingIgnoredDuringExecution': atomic,
  'core.v1.PodAffinity.preferredDuringSchedulingIgnoredDuringExecution': atomic,
  'core.v1.PodAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution': atomic,
  'core.v1.PodAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution': atomic,
  'core.v1.PodAffinityTerm.namespaces': atomic,
  'core.v1.PodAffinityTerm.matchLabelKeys': atomic,
  'core.v1.PodAffinityTerm.mismatchLabelKeys': atomic,
  'core.v1.TopologySpreadConstraint.matchLabelKeys': atomic,
  'core.v1.ConfigMapVolumeSource.items': atomic,
  'core.v1.SecretVolumeSource.items': atomic,
  'core.v1.ConfigMapProjection.items': atomic,
  'core.v1.SecretProjection.items': atomic,
  'core.v1.DownwardAPIVolumeSource.items': atomic,
  'core.v1.DownwardAPIProjection.items': atomic,
  'core.v1.ProjectedVolumeSource.sources': atomic,
  // core/v1 other kinds
  'core.v1.ServiceSpec.ports': { ...merge('port'), mapKeys: ['port', 'protocol'] },
  'core.v1.ServiceSpec.clusterIPs': atomic,
  'core.v1.ServiceSpec.externalIPs': atomic,
  'core.v1.ServiceSpec.ipFamilies': atomic,
  'core.v1.ServiceSpec.loadBalancerSourceRanges': atomic,
  'core.v1.ServiceSpec.selector': { mapType: 'atomic' },
  'core.v1.ServiceStatus.conditions': merge('type'),
  'core.v1.LoadBalancerStatus.ingress': atomic,
  'core.v1.LoadBalancerIngress.ports': atomic,
  'core.v1.NodeSpec.podCIDRs': { listType: 'set', patchStrategy: 'merge' },
  'core.v1.NodeSpec.taints': atomic,
  'core.v1.NodeStatus.conditions': merge('type'),
  'core.v1.NodeStatus.addresses': merge('type'),
  'core.v1.NodeStatus.capacity': quantity,
  'core.v1.NodeStatus.allocatable': quantity,
  'core.v1.NodeStatus.images': atomic,
  'core.v1.NodeStatus.volumesInUse': atomic,
  'core.v1.NodeStatus.volumesAttached': atomic,
  'core.v1.NodeStatus.runtimeHandlers': atomic,
  'core.v1.NamespaceSpec.finalizers': atomic,
  'core.v1.NamespaceStatus.conditions': merge('type'),
  'core.v1.PersistentVolumeClaimSpec.accessModes': atomic,
  'core.v1.PersistentVolumeClaimStatus.accessModes': atomic,
  'core.v1.PersistentVolumeClaimStatus.capacity': quantity,
  'core.v1.PersistentVolumeClaimStatus.allocatedResources': quantity,
  'core.v1.PersistentVolumeClaimStatus.conditions': merge('type'),
  'core.v1.PersistentVolumeSpec.accessModes': atomic,
  'core.v1.PersistentVolumeSpec.capacity': quantity,
  'core.v1.PersistentVolumeSpec.mountOptions': atomic,
  'core.v1.ServiceAccount.secrets': merge('name'),
  'core.v1.ServiceAccount.imagePullSecrets': atomic,
  'core.v1.Endpoints.subsets': atomic,
  'core.v1.EndpointSubset.addresses': atomic,
  'core.v1.EndpointSubset.notReadyAddresses': atomic,
  'core.v1.EndpointSubset.ports': atomic,
  'core.v1.ReplicationControllerStatus.conditions': merge('type'),
  'core.v1.ResourceQuotaSpec.hard': quantity,
  'core.v1.ResourceQuotaSpec.scopes': atomic,
  'core.v1.ResourceQuotaStatus.hard': quantity,
  'core.v1.ResourceQuotaStatus.used': quantity,
  'core.v1.LimitRangeSpec.limits': atomic,
  'core.v1.LimitRangeItem.max': quantity,
  'core.v1.LimitRangeItem.min': quantity,
  'core.v1.LimitRangeItem.default': quantity,
  'core.v1.LimitRangeItem.defaultRequest': quantity,
  'core.v1.LimitRangeItem.maxLimitRequestRatio': quantity,
  'core.v1.Event.eventTime': { microTime: true },
  // apps/v1
  'apps.v1.DeploymentStatus.conditions': merge('type'),
  'apps.v1.ReplicaSetStatus.conditions': merge('type'),
  'apps.v1.DaemonSetStatus.conditions': merge('type'),
  'apps.v1.StatefulSetStatus.conditions': merge('type'),
  'apps.v1.StatefulSetSpec.volumeClaimTemplates': atomic,
  // batch/v1
  'batch.v1.JobStatus.conditions': { ...atomic, patchStrategy: 'merge', mergeKey: 'type' },
  'batch.v1.CronJobStatus.active': atomic,
  'batch.v1.PodFailurePolicy.rules': atomic,
  'batch.v1.PodFailurePolicyRule.onPodConditions': atomic,
  'batch.v1.PodFailurePolicyOnExitCodesRequirement.values': { listType: 'set' },
  'batch.v1.SuccessPolicy.rules': atomic,
  // autoscaling/v2
  'autoscaling.v2.HorizontalPodAutoscalerSpec.metrics': atomic,
  'autoscaling.v2.HorizontalPodAutoscalerStatus.conditions': merge('type'),
  'autoscaling.v2.HorizontalPodAutoscalerStatus.currentMetrics': atomic,
  'autoscaling.v2.HPAScalingRules.policies': atomic,
  'autoscaling.v2.MetricTarget.value': quantity,
  'autoscaling.v2.MetricTarget.averageValue': quantity,
  'autoscaling.v2.MetricValueStatus.value': quantity,
  'autoscaling.v2.MetricValueStatus.averageValue': quantity,
  'autoscaling.v2.HPAScalingRules.tolerance': quantity,
  // networking/v1
  'networking.v1.IngressSpec.rules': atomic,
  'networking.v1.IngressSpec.tls': atomic,
  'networking.v1.IngressTLS.hosts': atomic,
  'networking.v1.HTTPIngressRuleValue.paths': atomic,
  'networking.v1.IngressLoadBalancerStatus.ingress': atomic,
  'networking.v1.IngressLoadBalancerIngress.ports': atomic,
  'networking.v1.NetworkPolicySpec.ingress': atomic,
  'networking.v1.NetworkPolicySpec.egress': atomic,
  'networking.v1.NetworkPolicySpec.policyTypes': atomic,
  'networking.v1.NetworkPolicyIngressRule.ports': atomic,
  'networking.v1.NetworkPolicyIngressRule.from': atomic,
  'networking.v1.NetworkPolicyEgressRule.ports': atomic,
  'networking.v1.NetworkPolicyEgressRule.to': atomic,
  'networking.v1.IPBlock.except': atomic,
  // discovery/v1
  'discovery.v1.EndpointSlice.endpoints': atomic,
  'discovery.v1.EndpointSlice.ports': atomic,
  'discovery.v1.Endpoint.addresses': { listType: 'set' },
  'discovery.v1.EndpointHints.forZones': atomic,
  'discovery.v1.EndpointHints.forNodes': atomic,
  // policy/v1
  'policy.v1.PodDisruptionBudgetStatus.conditions': merge('type'),
  // rbac/v1
  'rbac.v1.Role.rules': atomic,
  'rbac.v1.ClusterRole.rules': atomic,
  'rbac.v1.RoleBinding.subjects': atomic,
  'rbac.v1.ClusterRoleBinding.subjects': atomic,
  'rbac.v1.AggregationRule.clusterRoleSelectors': atomic,
  'rbac.v1.PolicyRule.verbs': atomic,
  'rbac.v1.PolicyRule.apiGroups': atomic,
  'rbac.v1.PolicyRule.resources': atomic,
  'rbac.v1.PolicyRule.resourceNames': atomic,
  'rbac.v1.PolicyRule.nonResourceURLs': atomic,
  // apiextensions/v1
  'apiextensions.v1.CustomResourceDefinitionSpec.versions': atomic,
  'apiextensions.v1.CustomResourceDefinitionNames.shortNames': atomic,
  'apiextensions.v1.CustomResourceDefinitionNames.categories': atomic,
  'apiextensions.v1.CustomResourceDefinitionVersion.additionalPrinterColumns': atomic,
  'apiextensions.v1.CustomResourceDefinitionVersion.selectableFields': atomic,
  'apiextensions.v1.CustomResourceDefinitionStatus.conditions': map('type'),
  'apiextensions.v1.CustomResourceDefinitionStatus.storedVersions': atomic,
  'apiextensions.v1.WebhookConversion.conversionReviewVersions': atomic,
  // storage/v1
  'storage.v1.StorageClass.mountOptions': atomic,
  'storage.v1.StorageClass.allowedTopologies': atomic,
  'storage.v1.CSIStorageCapacity.capacity': quantity,
  'storage.v1.CSIStorageCapacity.maximumVolumeSize': quantity,
  'storage.v1.CSINodeSpec.drivers': merge('name'),
  'storage.v1.CSIDriverSpec.volumeLifecycleModes': { listType: 'set' },
  'storage.v1.CSIDriverSpec.tokenRequests': atomic,
  // coordination/v1
  'coordination.v1.LeaseSpec.acquireTime': { microTime: true },
  'coordination.v1.LeaseSpec.renewTime': { microTime: true },
  // events/v1
  'events.v1.Event.eventTime': { microTime: true },
  'events.v1.EventSeries.lastObservedTime': { microTime: true },
};

/** Structs marked `+structType=atomic` (server-side apply replaces them whole). */
const ATOMIC_STRUCTS = new Set([
  'meta.v1.LabelSelector', 'core.v1.NodeSelector', 'core.v1.NodeSelectorTerm', 'core.v1.TopologySelectorTerm',
  'core.v1.ObjectReference', 'core.v1.LocalObjectReference', 'core.v1.TypedLocalObjectReference',
  'core.v1.ConfigMapKeySelector', 'core.v1.SecretKeySelector', 'core.v1.ObjectFieldSelector',
  'core.v1.ResourceFieldSelector', 'core.v1.SecretReference', 'core.v1.ConfigMapEnvSource',
  'core.v1.SecretEnvSource', 'core.v1.FileKeySelector',
]);

// ---------------------------------------------------------------------------------------------
// client-node: fields, types, formats, required flags, descriptions.

interface Attr { name: string; baseName: string; type: string; format: string }
interface Model {
  className: string;
  description: string;
  attrs: Attr[];
  required: Set<string>;
  descriptions: Map<string, string>;
}

function unescapeJsDoc(text: string): string {
  return text.replace(/\\(['"\\])/g, '$1').trim();
}

function parseModelDts(file: string): { description: string; required: Set<string>; descriptions: Map<string, string> } {
  const source = readFileSync(file, 'utf8');
  const classAt = source.indexOf('export declare class ');
  const head = source.slice(0, classAt);
  const classDoc = /\/\*\*\n\* ([\s\S]*?)\n\*\/\s*$/.exec(head);
  const required = new Set<string>();
  const descriptions = new Map<string, string>();
  const body = source.slice(classAt);
  const fieldRe = /(?:\/\*\*\n\s*\* ([\s\S]*?)\n\s*\*\/\n\s*)?'([^']+)'(\??):/g;
  for (let m = fieldRe.exec(body); m; m = fieldRe.exec(body)) {
    const name = m[2]!;
    if (m[3] !== '?') required.add(name);
    if (m[1]) descriptions.set(name, unescapeJsDoc(m[1].replace(/\n\s*\* ?/g, ' ')));
  }
  return { description: classDoc ? unescapeJsDoc(classDoc[1]!) : '', required, descriptions };
}

async function loadModels(): Promise<Map<string, Model>> {
  const models = new Map<string, Model>();
  for (const file of readdirSync(MODELS_DIR)) {
    if (!file.endsWith('.js') || file === 'all.js' || file === 'ObjectSerializer.js') continue;
    const className = file.slice(0, -3);
    const mod = (await import(path.join(MODELS_DIR, file))) as Record<string, { attributeTypeMap?: Attr[] }>;
    const cls = mod[className];
    if (!cls?.attributeTypeMap) continue;
    const dts = parseModelDts(path.join(MODELS_DIR, `${className}.d.ts`));
    models.set(className, { className, attrs: cls.attributeTypeMap, ...dts });
  }
  return models;
}

// ---------------------------------------------------------------------------------------------
// pulumi: package of each type and the descriptions with paragraphs.

interface PulumiType { pkg: string; version: string; name: string; description: string; fields: Map<string, string> }

function fetchPulumi(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferry-pulumi-'));
  const out = execFileSync('npm', ['pack', PULUMI, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['xzf', out, 'package/types/output.d.ts'], { cwd: dir });
  return path.join(dir, 'package/types/output.d.ts');
}

function jsDocOf(node: ts.Node): string {
  const docs = (node as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const comment = docs?.[docs.length - 1]?.comment;
  if (typeof comment === 'string') return comment.trim();
  if (Array.isArray(comment)) return comment.map((part: { text: string }) => part.text).join('').trim();
  return '';
}

function loadPulumi(file: string): Map<string, PulumiType[]> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const byName = new Map<string, PulumiType[]>();
  for (const pkgDecl of source.statements) {
    if (!ts.isModuleDeclaration(pkgDecl) || !pkgDecl.body || !ts.isModuleBlock(pkgDecl.body)) continue;
    const pkg = pkgDecl.name.text;
    for (const verDecl of pkgDecl.body.statements) {
      if (!ts.isModuleDeclaration(verDecl) || !verDecl.body || !ts.isModuleBlock(verDecl.body)) continue;
      const version = verDecl.name.text;
      for (const decl of verDecl.body.statements) {
        if (!ts.isInterfaceDeclaration(decl)) continue;
        const name = decl.name.text;
        if (name.endsWith('Patch')) continue;
        const fields = new Map<string, string>();
        for (const member of decl.members) {
          if (!ts.isPropertySignature(member)) continue;
          const fieldName = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : '';
          const doc = jsDocOf(member);
          if (fieldName && doc) fields.set(fieldName, doc);
        }
        const entry = { pkg, version, name, description: jsDocOf(decl), fields };
        const list = byName.get(`${version}/${name}`) ?? [];
        list.push(entry);
        byName.set(`${version}/${name}`, list);
      }
    }
  }
  return byName;
}

// ---------------------------------------------------------------------------------------------
// Naming: client-node class → OpenAPI definition name.

/** Types pulumi does not model (subresource and discovery bodies): their package, by class name. */
const FALLBACK_PACKAGE: Record<string, string> = {
  V1APIGroup: 'meta', V1APIGroupList: 'meta', V1APIResource: 'meta', V1APIResourceList: 'meta',
  V1APIVersions: 'meta', V1DeleteOptions: 'meta', V1GroupVersionForDiscovery: 'meta', V1Preconditions: 'meta',
  V1ServerAddressByClientCIDR: 'meta', V1Status: 'meta', V1WatchEvent: 'meta', V1FieldSelectorRequirement: 'meta',
  V1Binding: 'core', V1BoundObjectReference: 'authentication', V1ComponentCondition: 'core',
  V1ComponentStatus: 'core', V1ComponentStatusList: 'core', V1Eviction: 'policy',
  V1Scale: 'autoscaling', V1ScaleSpec: 'autoscaling', V1ScaleStatus: 'autoscaling',
};

const CLASS_RE = /^([A-Z][a-z]+)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/;

interface Resolved { defName: string; short: string; pulumi: PulumiType | undefined }

function resolveClass(className: string, pulumi: Map<string, PulumiType[]>): Resolved | undefined {
  const m = CLASS_RE.exec(className);
  if (!m) return undefined;
  const version = m[2]!.toLowerCase();
  const name = m[3]!;
  const candidates = pulumi.get(`${version}/${name}`) ?? [];
  let chosen: PulumiType | undefined;
  let pkg: string | undefined;
  if (m[1]) {
    pkg = m[1].toLowerCase();
    chosen = candidates.find((c) => c.pkg === pkg);
  } else {
    // Unprefixed names are unique among the packages client-node was generated from; prefer the
    // API packages over pulumi's own (helm, yaml, kustomize) namespaces.
    chosen = candidates.find((c) => !['helm', 'yaml', 'kustomize', 'extensions'].includes(c.pkg)) ?? candidates[0];
    pkg = chosen?.pkg;
  }
  if (!pkg && FALLBACK_PACKAGE[className]) pkg = FALLBACK_PACKAGE[className];
  if (!pkg && name.endsWith('List')) {
    // pulumi has no List types: a List lives in the package of its items.
    const item = resolveClass(className.slice(0, -4), pulumi);
    if (item) return { defName: `${item.defName}List`, short: `${item.short}List`, pulumi: undefined };
  }
  if (!pkg) return undefined;
  return { defName: `${definitionPrefix(pkg, version)}.${name}`, short: `${pkg}.${version}.${name}`, pulumi: chosen };
}

// ---------------------------------------------------------------------------------------------
// Schema building.

type Schema = Record<string, unknown>;
const ref = (defName: string): Schema => ({ $ref: `#/components/schemas/${defName}` });

/** client-node joins paragraphs with two spaces; the upstream text has a blank line there. */
function paragraphs(text: string): string {
  return text.replace(/([.:)])  (?=\S)/g, '$1\n\n');
}

function main(): Promise<void> {
  return run();
}

async function run(): Promise<void> {
  const models = await loadModels();
  const pulumi = loadPulumi(fetchPulumi());
  const classByDef = new Map<string, string>();
  const resolved = new Map<string, Resolved>();
  for (const className of models.keys()) {
    const r = resolveClass(className, pulumi);
    if (!r) {
      if (process.argv.includes('--debug')) process.stdout.write(`unresolved ${className}\n`);
      continue;
    }
    resolved.set(className, r);
    classByDef.set(r.defName, className);
  }

  const definitions: Record<string, Schema> = {};
  const pending: string[] = [];
  const want = (defName: string): void => {
    if (!(defName in definitions) && !pending.includes(defName)) pending.push(defName);
  };

  const gvkOf = new Map<string, { group: string; version: string; kind: string }[]>();
  const kindDefs: { apiVersion: string; kind: string; defName: string; listDefName?: string }[] = [];
  for (const [apiVersion, kind] of SERVED) {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const prefix = definitionPrefix(packageOfGroup(group), version);
    const defName = `${prefix}.${kind}`;
    if (!classByDef.has(defName)) throw new Error(`no client-node model for ${defName}`);
    gvkOf.set(defName, [{ group, kind, version }]);
    want(defName);
    let listDefName: string | undefined;
    if (!NO_LIST.has(`${apiVersion}/${kind}`)) {
      listDefName = `${defName}List`;
      if (!classByDef.has(listDefName)) throw new Error(`no client-node model for ${listDefName}`);
      gvkOf.set(listDefName, [{ group, kind: `${kind}List`, version }]);
      want(listDefName);
    }
    kindDefs.push({ apiVersion, kind, defName, ...(listDefName ? { listDefName } : {}) });
  }
  for (const kind of META_KINDS) {
    const defName = `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`;
    if (classByDef.has(defName) || SPECIAL[defName]) want(defName);
  }

  const fieldSchema = (owner: Resolved, attr: Attr, model: Model): Schema => {
    const key = `${owner.short}.${attr.baseName}`;
    const marker = K8S_MARKERS[key] ?? {};
    const description =
      (owner.pulumi?.fields.get(attr.baseName) ?? paragraphs(model.descriptions.get(attr.name) ?? '')) ||
      (attr.baseName === 'metadata' ? (owner.defName.endsWith('List') ? LIST_METADATA : OBJECT_METADATA) : '');
    const typeOf = (type: string, format: string): Schema => {
      const arr = /^Array<(.+)>$/.exec(type);
      if (arr) return { type: 'array', items: typeOf(arr[1]!, '') };
      const mapType = /^\{ \[key: string\]: (.+); \}$/.exec(type);
      if (mapType) return { type: 'object', additionalProperties: typeOf(mapType[1]!, '') };
      if (type === 'string') return marker.quantity ? ref(QUANTITY) : format ? { type: 'string', format } : { type: 'string' };
      if (type === 'number') {
        if (format === 'double' || format === 'float') return { type: 'number', format };
        return format ? { type: 'integer', format } : { type: 'integer' };
      }
      if (type === 'boolean') return { type: 'boolean' };
      if (type === 'Date') return ref(marker.microTime ? MICRO_TIME : TIME);
      if (type === 'IntOrString') return ref(INT_OR_STRING);
      if (type === 'V1MicroTime') return ref(MICRO_TIME);
      if (type === 'any') {
        if (owner.defName.startsWith('io.k8s.apiextensions')) return ref(JSON_TYPE);
        if (attr.baseName === 'fieldsV1') return ref(FIELDS_V1);
        return ref(RAW_EXTENSION);
      }
      const target = resolved.get(type);
      if (!target) throw new Error(`unknown type ${type} in ${owner.defName}.${attr.baseName}`);
      want(target.defName);
      return ref(target.defName);
    };
    let schema = typeOf(attr.type, attr.format);
    if (marker.quantity && schema.type === 'object') schema = { type: 'object', additionalProperties: ref(QUANTITY) };
    const isRef = typeof schema.$ref === 'string';
    const out: Schema = isRef ? (description ? { description, allOf: [schema] } : schema) : { ...(description ? { description } : {}), ...schema };
    if (marker.listType) out['x-kubernetes-list-type'] = marker.listType;
    if (marker.mapKeys) out['x-kubernetes-list-map-keys'] = marker.mapKeys;
    if (marker.mergeKey) out['x-kubernetes-patch-merge-key'] = marker.mergeKey;
    if (marker.patchStrategy) out['x-kubernetes-patch-strategy'] = marker.patchStrategy;
    if (marker.mapType) out['x-kubernetes-map-type'] = marker.mapType;
    return out;
  };

  // The self-marshalling types are referenced by fields without a client-node model.
  for (const name of Object.keys(SPECIAL)) want(name);
  while (pending.length > 0) {
    const defName = pending.shift()!;
    if (defName in definitions) continue;
    const special = SPECIAL[defName];
    if (special) {
      definitions[defName] = special;
      continue;
    }
    const className = classByDef.get(defName);
    if (!className) throw new Error(`no client-node model for ${defName}`);
    const model = models.get(className)!;
    const owner = resolved.get(className)!;
    const properties: Record<string, Schema> = {};
    for (const attr of model.attrs) properties[attr.baseName] = fieldSchema(owner, attr, model);
    const required = model.attrs.filter((a) => model.required.has(a.name)).map((a) => a.baseName).sort();
    const schema: Schema = {
      // pulumi appends its own await logic to the kinds' descriptions: take the type's text from client-node.
      description: paragraphs(model.description),
      type: 'object',
      ...(required.length ? { required } : {}),
      properties,
    };
    const gvks = gvkOf.get(defName);
    if (gvks) schema['x-kubernetes-group-version-kind'] = gvks;
    if (ATOMIC_STRUCTS.has(owner.short)) schema['x-kubernetes-map-type'] = 'atomic';
    definitions[defName] = schema;
  }

  const sorted: Record<string, Schema> = {};
  for (const name of Object.keys(definitions).sort()) sorted[name] = definitions[name]!;
  const clientNodeVersion = (JSON.parse(readFileSync(path.join(CLIENT_NODE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  const data = {
    source: {
      kubernetes: 'release-1.36 (client-node models), 1.34 descriptions (pulumi); served as v1.35',
      packages: [`@kubernetes/client-node@${clientNodeVersion}`, PULUMI],
      generator: 'scripts/generate-k8s-openapi.ts',
      license: 'Apache-2.0 (Kubernetes API documentation)',
    },
    kinds: kindDefs,
    definitions: sorted,
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(data)}\n`);
  process.stdout.write(`wrote ${Object.keys(sorted).length} definitions, ${(JSON.stringify(data).length / 1024).toFixed(0)} KiB to ${path.relative(ROOT, OUT)}\n`);
}

const LIST_METADATA = 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';
const OBJECT_METADATA = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** Types whose JSON form is not an object (they marshal themselves), as the upstream documents
 * describe them. */
const SPECIAL: Record<string, Schema> = {
  [QUANTITY]: {
    description: 'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```',
    type: 'string',
  },
  [INT_OR_STRING]: {
    description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    format: 'int-or-string',
    type: 'string',
  },
  [TIME]: {
    description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.',
    format: 'date-time',
    type: 'string',
  },
  [MICRO_TIME]: {
    description: 'MicroTime is version of Time with microsecond level precision.',
    format: 'date-time',
    type: 'string',
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': {
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  },
  [RAW_EXTENSION]: {
    description: 'RawExtension is used to hold extensions in external versions.',
    type: 'object',
  },
  [JSON_TYPE]: {
    description: 'JSON represents any valid JSON value. These types are supported: bool, int64, float64, string, []interface{}, map[string]interface{} and nil.',
    'x-kubernetes-preserve-unknown-fields': true,
  },
  [FIELDS_V1]: {
    description: "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that represents is not serialized with any data.",
    type: 'object',
  },
};

await main();
