import type { Obj } from './util.ts';
import { asList, asObj, canonicalizeQuantityField, canonicalizeResourceList, child, defaultTo } from './util.ts';

/**
 * Pod spec defaults of k8s.io/kubernetes `pkg/apis/core/v1/defaults.go` (SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume, ...) as the generated
 * `zz_generated.defaults.go` applies them to every PodSpec: in Pods and in every pod template
 * (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, PodTemplate, RC).
 */

/** `nginx` and `nginx:latest` pull Always; any other tag or a digest alone IfNotPresent
 * (SetDefaults_Container with parsers.ParseImageName: no tag and no digest means `latest`). */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string' || image === '') return 'IfNotPresent';
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  const tag = lastColon > lastSlash ? withoutDigest.slice(lastColon + 1) : '';
  if (tag === '') return at >= 0 ? 'IfNotPresent' : 'Always';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(handler: Obj | undefined): void {
  if (!handler) return;
  const httpGet = asObj(handler.httpGet);
  if (httpGet) {
    defaultTo(httpGet, 'path', '/'); // SetDefaults_HTTPGetAction
    defaultTo(httpGet, 'scheme', 'HTTP');
  }
  const grpc = asObj(handler.grpc);
  // GRPCAction.service carries `+default=""`, so the generated defaulter stores an empty string.
  if (grpc && grpc.service === undefined) grpc.service = '';
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe) return;
  // SetDefaults_Probe
  defaultZero(probe, 'timeoutSeconds', 1);
  defaultZero(probe, 'periodSeconds', 10);
  defaultZero(probe, 'successThreshold', 1);
  defaultZero(probe, 'failureThreshold', 3);
  defaultHandler(probe);
}

/** Go `int32` fields without omitempty semantics beyond zero: 0 and absent both get the default. */
function defaultZero(obj: Obj, key: string, value: number): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === 0) obj[key] = value;
}

function defaultEnv(env: unknown): void {
  for (const variable of asList(env)) {
    const from = asObj(variable.valueFrom);
    const fieldRef = asObj(from?.fieldRef);
    if (fieldRef) defaultTo(fieldRef, 'apiVersion', 'v1'); // SetDefaults_ObjectFieldSelector
    const resourceFieldRef = asObj(from?.resourceFieldRef);
    // ResourceFieldSelector.divisor is a non-pointer Quantity: it always serialises, as "0".
    if (resourceFieldRef) {
      if (resourceFieldRef.divisor === undefined || resourceFieldRef.divisor === null) resourceFieldRef.divisor = '0';
      canonicalizeQuantityField(resourceFieldRef, 'divisor');
    }
  }
}

function defaultContainer(container: Obj): void {
  // SetDefaults_Container
  defaultTo(container, 'imagePullPolicy', defaultPullPolicy(container.image));
  defaultTo(container, 'terminationMessagePath', '/dev/termination-log');
  defaultTo(container, 'terminationMessagePolicy', 'File');
  // `resources` is a non-pointer struct: a real server always returns it, `{}` when empty.
  const resources = child(container, 'resources');
  canonicalizeResourceList(resources.limits);
  canonicalizeResourceList(resources.requests);
  for (const port of asList(container.ports)) defaultTo(port, 'protocol', 'TCP'); // SetDefaults_ContainerPort
  defaultEnv(container.env);
  defaultProbe(asObj(container.livenessProbe));
  defaultProbe(asObj(container.readinessProbe));
  defaultProbe(asObj(container.startupProbe));
  const lifecycle = asObj(container.lifecycle);
  if (lifecycle) {
    defaultHandler(asObj(lifecycle.postStart));
    defaultHandler(asObj(lifecycle.preStop));
  }
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function defaultItems(items: unknown): void {
  for (const item of asList(items)) {
    const fieldRef = asObj(item.fieldRef);
    if (fieldRef) defaultTo(fieldRef, 'apiVersion', 'v1');
    const resourceFieldRef = asObj(item.resourceFieldRef);
    if (resourceFieldRef && (resourceFieldRef.divisor === undefined || resourceFieldRef.divisor === null)) resourceFieldRef.divisor = '0';
  }
}

function defaultVolume(volume: Obj): void {
  // SetDefaults_Volume: a volume without a source is an emptyDir.
  if (!VOLUME_SOURCES.some((source) => volume[source] !== undefined && volume[source] !== null)) volume.emptyDir = {};
  const emptyDir = asObj(volume.emptyDir);
  if (emptyDir) canonicalizeQuantityField(emptyDir, 'sizeLimit');
  const hostPath = asObj(volume.hostPath);
  if (hostPath && hostPath.type === undefined) hostPath.type = ''; // SetDefaults_HostPathVolumeSource
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = asObj(volume[key]);
    if (source && (source.defaultMode === undefined || source.defaultMode === null)) source.defaultMode = 420; // 0644
  }
  defaultItems(asObj(volume.downwardAPI)?.items);
  for (const projection of asList(asObj(volume.projected)?.sources)) {
    defaultItems(asObj(projection.downwardAPI)?.items);
    const token = asObj(projection.serviceAccountToken);
    if (token && (token.expirationSeconds === undefined || token.expirationSeconds === null)) token.expirationSeconds = 3600;
  }
  const iscsi = asObj(volume.iscsi);
  if (iscsi) defaultTo(iscsi, 'iscsiInterface', 'default');
  const rbd = asObj(volume.rbd);
  if (rbd) {
    defaultTo(rbd, 'pool', 'rbd');
    defaultTo(rbd, 'user', 'admin');
    defaultTo(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const azureDisk = asObj(volume.azureDisk);
  if (azureDisk) {
    defaultTo(azureDisk, 'cachingMode', 'ReadWrite');
    defaultTo(azureDisk, 'fsType', 'ext4');
    if (azureDisk.readOnly === undefined) azureDisk.readOnly = false;
    defaultTo(azureDisk, 'kind', 'Shared');
  }
  const claimTemplate = asObj(asObj(volume.ephemeral)?.volumeClaimTemplate);
  const claimSpec = asObj(claimTemplate?.spec);
  if (claimSpec) defaultPvcSpec(claimSpec);
}

/** SetDefaults_PersistentVolumeClaimSpec. */
export function defaultPvcSpec(spec: Obj): void {
  defaultTo(spec, 'volumeMode', 'Filesystem');
  const resources = asObj(spec.resources);
  if (resources) {
    canonicalizeResourceList(resources.requests);
    canonicalizeResourceList(resources.limits);
  }
}

/** Every container-like list of a pod spec. */
export function containersOf(spec: Obj): Obj[] {
  return [...asList(spec.initContainers), ...asList(spec.containers), ...asList(spec.ephemeralContainers)];
}

/** The defaults every PodSpec gets, in a Pod or a template. */
export function defaultPodSpec(spec: Obj): void {
  // SetDefaults_PodSpec
  defaultTo(spec, 'dnsPolicy', 'ClusterFirst');
  defaultTo(spec, 'restartPolicy', 'Always');
  if (!asObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  defaultTo(spec, 'schedulerName', 'default-scheduler');
  // v1 has both names for the service account; conversion fills the deprecated one from the
  // other (and the other from it), so a stored spec carries both.
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') defaultTo(spec, 'serviceAccount', spec.serviceAccountName);
  else if (typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '') spec.serviceAccountName = spec.serviceAccount;
  for (const container of containersOf(spec)) defaultContainer(container);
  for (const volume of asList(spec.volumes)) defaultVolume(volume);
  canonicalizeResourceList(spec.overhead);
  const podResources = asObj(spec.resources);
  if (podResources) {
    canonicalizeResourceList(podResources.limits);
    canonicalizeResourceList(podResources.requests);
  }
}

/** `template.spec` of a workload (and the template's metadata, a non-pointer struct). */
export function defaultPodTemplate(template: unknown): void {
  const tpl = asObj(template);
  if (!tpl) return;
  const spec = asObj(tpl.spec);
  if (spec) defaultPodSpec(spec);
}

/** Requests default to limits in Pods (not in templates): SetDefaults_Pod. */
function defaultRequestsFromLimits(resources: Obj | undefined): void {
  if (!resources) return;
  const limits = asObj(resources.limits);
  if (!limits || Object.keys(limits).length === 0) return;
  const requests = child(resources, 'requests');
  for (const [name, value] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = value;
}

/** Defaults only a Pod object gets (SetDefaults_Pod). */
export function defaultPodOnly(spec: Obj): void {
  for (const container of [...asList(spec.initContainers), ...asList(spec.containers)]) defaultRequestsFromLimits(asObj(container.resources));
  defaultRequestsFromLimits(asObj(spec.resources));
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    // defaultHostNetworkPorts: with the host's network, a port is published on the host as is.
    for (const container of [...asList(spec.initContainers), ...asList(spec.containers)]) {
      for (const port of asList(container.ports)) if (port.hostPort === undefined || port.hostPort === 0) port.hostPort = port.containerPort;
    }
  }
}
