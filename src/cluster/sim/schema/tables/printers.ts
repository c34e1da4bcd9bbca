import type { Loose } from '../loose.ts';
import { ageSince, formatBoolPtr, formatLabels, formatLabelSelector, humanDuration, listWithMore } from './format.ts';
import { podCells, podWideCells } from './pod.ts';

/**
 * Server-side printing of the built-in kinds: the column definitions and the row cells of
 * k8s.io/kubernetes `pkg/printers/internalversion/printers.go` (AddHandlers). The server always
 * prints the wide columns (priority 1); kubectl hides them unless `-o wide`.
 */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

export type Cell = string | number | boolean;

export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  readonly cells: (obj: Loose, now: Date) => Cell[];
  readonly conditions?: (obj: Loose) => Loose[] | undefined;
}

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function col(name: string, type: TableColumnDefinition['type'], description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}
const NAME = col('Name', 'string', NAME_DESCRIPTION, 0, 'name');
const AGE = col('Age', 'string', AGE_DESCRIPTION);
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);
const SELECTOR = col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1);

const age = (obj: Loose, now: Date): string => ageSince(obj.metadata?.creationTimestamp, now);
const nameOf = (obj: Loose): string => obj.metadata?.name ?? '';
const int = (value: unknown): number => (typeof value === 'number' ? value : 0);
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value : []);

/** `layoutContainerCells`: container names and images, comma-joined. */
function containerCells(podSpec: Loose | undefined): [string, string] {
  const containers = list(podSpec?.containers);
  return [containers.map((c) => c?.name ?? '').join(','), containers.map((c) => c?.image ?? '').join(',')];
}

function conditionTrue(conditions: unknown, type: string): boolean {
  return list(conditions).some((c) => c?.type === type && c?.status === 'True');
}

/** `intstr` fields print as they were written. */
function intOrString(value: unknown, none: string): string {
  return value === undefined || value === null ? none : String(value);
}

const pod: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates', 1),
  ],
  cells: (obj, now) => {
    const c = podCells(obj, now);
    return [nameOf(obj), c.ready, c.status, c.restarts, age(obj, now), ...podWideCells(obj)];
  },
  conditions: (obj) => {
    if (obj.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (obj.status?.phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

const deployment: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (obj, now) => [
    nameOf(obj),
    `${int(obj.status?.readyReplicas)}/${int(obj.spec?.replicas)}`,
    int(obj.status?.updatedReplicas),
    int(obj.status?.availableReplicas),
    age(obj, now),
    ...containerCells(obj.spec?.template?.spec),
    formatLabelSelector(obj.spec?.selector),
  ],
};

const replicaSet: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (obj, now) => [
    nameOf(obj),
    int(obj.spec?.replicas),
    int(obj.status?.replicas),
    int(obj.status?.readyReplicas),
    age(obj, now),
    ...containerCells(obj.spec?.template?.spec),
    formatLabelSelector(obj.spec?.selector),
  ],
};

const replicationController: Printer = {
  columns: replicaSet.columns,
  cells: (obj, now) => [
    nameOf(obj),
    int(obj.spec?.replicas),
    int(obj.status?.replicas),
    int(obj.status?.readyReplicas),
    age(obj, now),
    ...containerCells(obj.spec?.template?.spec),
    formatLabels(obj.spec?.selector),
  ],
};

const statefulSet: Printer = {
  columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  cells: (obj, now) => [nameOf(obj), `${int(obj.status?.readyReplicas)}/${int(obj.spec?.replicas)}`, age(obj, now), ...containerCells(obj.spec?.template?.spec)],
};

const daemonSet: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (obj, now) => [
    nameOf(obj),
    int(obj.status?.desiredNumberScheduled),
    int(obj.status?.currentNumberScheduled),
    int(obj.status?.numberReady),
    int(obj.status?.updatedNumberScheduled),
    int(obj.status?.numberAvailable),
    formatLabels(obj.spec?.template?.spec?.nodeSelector),
    age(obj, now),
    ...containerCells(obj.spec?.template?.spec),
    formatLabelSelector(obj.spec?.selector),
  ],
};

function jobStatus(obj: Loose): string {
  const conditions = obj.status?.conditions;
  if (conditionTrue(conditions, 'Complete')) return 'Complete';
  if (conditionTrue(conditions, 'Failed')) return 'Failed';
  if (obj.metadata?.deletionTimestamp) return 'Terminating';
  if (conditionTrue(conditions, 'Suspended')) return 'Suspended';
  if (conditionTrue(conditions, 'FailureTarget')) return 'FailureTarget';
  if (conditionTrue(conditions, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

const job: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The desired number of successfully finished pods the job should be run with. Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value. Setting to 1 means that parallelism is limited to 1 and the success of that pod signals the success of the job. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (obj, now) => {
    const succeeded = int(obj.status?.succeeded);
    let completions: string;
    if (typeof obj.spec?.completions === 'number') completions = `${succeeded}/${obj.spec.completions}`;
    else {
      const parallelism = int(obj.spec?.parallelism);
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    let duration = '';
    const start = obj.status?.startTime;
    if (typeof start === 'string') {
      const end = typeof obj.status?.completionTime === 'string' ? Date.parse(obj.status.completionTime) : now.getTime();
      duration = humanDuration(end - Date.parse(start));
    }
    return [nameOf(obj), jobStatus(obj), completions, duration, age(obj, now), ...containerCells(obj.spec?.template?.spec), formatLabelSelector(obj.spec?.selector)];
  },
};

const cronJob: Printer = {
  columns: [
    NAME,
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (obj, now) => [
    nameOf(obj),
    obj.spec?.schedule ?? '',
    typeof obj.spec?.timeZone === 'string' ? obj.spec.timeZone : '<none>',
    formatBoolPtr(obj.spec?.suspend),
    list(obj.status?.active).length,
    typeof obj.status?.lastScheduleTime === 'string' ? ageSince(obj.status.lastScheduleTime, now) : '<none>',
    age(obj, now),
    ...containerCells(obj.spec?.jobTemplate?.spec?.template?.spec),
    formatLabelSelector(obj.spec?.jobTemplate?.spec?.selector),
  ],
};

function ingressPoints(ingress: unknown): string[] {
  return list(ingress).map((i) => i?.ip || i?.hostname || '').filter((s) => s !== '');
}

function serviceExternalIP(obj: Loose): string {
  const spec = obj.spec ?? {};
  const externalIPs: string[] = list(spec.externalIPs) as unknown as string[];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = ingressPoints(obj.status?.loadBalancer?.ingress);
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

const service: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE,
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify.', 1),
  ],
  cells: (obj, now) => {
    const ports = list(obj.spec?.ports)
      .map((p) => (p?.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p?.port}/${p?.protocol ?? ''}`))
      .join(',');
    const clusterIPs = list(obj.spec?.clusterIPs) as unknown as string[];
    return [nameOf(obj), obj.spec?.type ?? '', clusterIPs[0] ?? '<none>', serviceExternalIP(obj), ports || '<none>', age(obj, now), formatLabels(obj.spec?.selector)];
  },
};

function formatEndpoints(obj: Loose): string {
  const subsets = list(obj.subsets);
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = list(subset.addresses);
    const ports = list(subset.ports);
    if (ports.length === 0) {
      for (const address of addresses) {
        if (shown.length === max) more = true;
        if (!more) shown.push(address.ip);
        count++;
      }
      continue;
    }
    for (const port of ports) {
      for (const address of addresses) {
        if (shown.length === max) more = true;
        if (!more) shown.push(String(address.ip).includes(':') ? `[${address.ip}]:${port.port}` : `${address.ip}:${port.port}`);
        count++;
      }
    }
  }
  const text = shown.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

const endpoints: Printer = {
  columns: [NAME, col('Endpoints', 'string', 'Endpoints of the service'), AGE],
  cells: (obj, now) => [nameOf(obj), formatEndpoints(obj), age(obj, now)],
};

const endpointSlice: Printer = {
  columns: [
    NAME,
    col('AddressType', 'string', 'The IP protocol for this slice'),
    col('Ports', 'string', 'The ports for this slice'),
    col('Endpoints', 'string', 'The endpoints for this slice'),
    AGE,
  ],
  cells: (obj, now) => [
    nameOf(obj),
    obj.addressType ?? '',
    listWithMore(list(obj.ports).map((p) => (typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*'))),
    listWithMore(list(obj.endpoints).flatMap((e) => (Array.isArray(e.addresses) ? (e.addresses as string[]) : []))),
    age(obj, now),
  ],
};

function formatIngressHosts(rules: Loose[]): string {
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === 3) more = true;
    if (!more && rule.host) hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

const ingress: Printer = {
  columns: [
    NAME,
    col('Class', 'string', 'The name of the IngressClass resource that should be used for this Ingress.'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE,
  ],
  cells: (obj, now) => [
    nameOf(obj),
    typeof obj.spec?.ingressClassName === 'string' ? obj.spec.ingressClassName : '<none>',
    formatIngressHosts(list(obj.spec?.rules)),
    ingressPoints(obj.status?.loadBalancer?.ingress).join(','),
    list(obj.spec?.tls).length > 0 ? '80, 443' : '80',
    age(obj, now),
  ],
};

const ingressClass: Printer = {
  columns: [NAME, col('Controller', 'string', 'Controller that is responsible for handling this class'), col('Parameters', 'string', 'A reference to a resource with additional parameters'), AGE],
  cells: (obj, now) => {
    const p = obj.spec?.parameters;
    const parameters = p ? `${String(p.kind ?? '').toLowerCase()}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
    return [nameOf(obj), obj.spec?.controller ?? '', parameters, age(obj, now)];
  },
};

function nodeRoles(labels: Loose | undefined): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') roles.add(String(value));
  }
  return [...roles].sort().join(',') || '<none>';
}

function nodeAddress(obj: Loose, type: string): string {
  return list(obj.status?.addresses).find((a) => a.type === type)?.address ?? '<none>';
}

const node: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells: (obj, now) => {
    const ready = list(obj.status?.conditions).find((c) => c.type === 'Ready');
    const status: string[] = [];
    if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    else status.push('Unknown');
    if (obj.spec?.unschedulable === true) status.push('SchedulingDisabled');
    const info = obj.status?.nodeInfo ?? {};
    return [
      nameOf(obj),
      status.join(','),
      nodeRoles(obj.metadata?.labels),
      age(obj, now),
      info.kubeletVersion ?? '',
      nodeAddress(obj, 'InternalIP'),
      nodeAddress(obj, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

const namespace: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (obj, now) => [nameOf(obj), obj.status?.phase ?? '', age(obj, now)],
};

const configMap: Printer = {
  columns: [NAME, col('Data', 'integer', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.'), AGE],
  cells: (obj, now) => [nameOf(obj), Object.keys(obj.data ?? {}).length + Object.keys(obj.binaryData ?? {}).length, age(obj, now)],
};

const secret: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    col('Data', 'integer', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
    AGE,
  ],
  cells: (obj, now) => [nameOf(obj), obj.type ?? '', Object.keys(obj.data ?? {}).length, age(obj, now)],
};

const serviceAccount: Printer = {
  columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (obj, now) => [nameOf(obj), list(obj.secrets).length, age(obj, now)],
};

const ACCESS_MODES: readonly [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
function accessModes(modes: unknown): string {
  const present = new Set(Array.isArray(modes) ? modes : []);
  return ACCESS_MODES.filter(([mode]) => present.has(mode)).map(([, short]) => short).join(',');
}

function claimClass(obj: Loose): string {
  const annotation = obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (typeof annotation === 'string') return annotation;
  return typeof obj.spec?.storageClassName === 'string' ? obj.spec.storageClassName : '';
}

const pvc: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Volume', 'string', 'VolumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'Capacity is the total amount of storage in the persistent volume.'),
    col('Access Modes', 'string', 'AccessModes contains all ways the volume can be mounted.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE,
    col('VolumeMode', 'string', 'VolumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells: (obj, now) => {
    const bound = typeof obj.spec?.volumeName === 'string' && obj.spec.volumeName !== '';
    const vac = obj.spec?.volumeAttributesClassName;
    return [
      nameOf(obj),
      obj.metadata?.deletionTimestamp ? 'Terminating' : (obj.status?.phase ?? ''),
      obj.spec?.volumeName ?? '',
      bound ? String(obj.status?.capacity?.storage ?? '0') : '',
      bound ? accessModes(obj.status?.accessModes) : '',
      claimClass(obj),
      typeof vac === 'string' && vac !== '' ? vac : '<unset>',
      age(obj, now),
      typeof obj.spec?.volumeMode === 'string' ? obj.spec.volumeMode : '<unset>',
    ];
  },
};

const pv: Printer = {
  columns: [
    NAME,
    col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE,
    col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells: (obj, now) => {
    const claim = obj.spec?.claimRef ? `${obj.spec.claimRef.namespace ?? ''}/${obj.spec.claimRef.name ?? ''}` : '';
    const cls = obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? obj.spec?.storageClassName ?? '';
    const vac = obj.spec?.volumeAttributesClassName;
    return [
      nameOf(obj),
      String(obj.spec?.capacity?.storage ?? '0'),
      accessModes(obj.spec?.accessModes),
      obj.spec?.persistentVolumeReclaimPolicy ?? '',
      obj.metadata?.deletionTimestamp ? 'Terminating' : (obj.status?.phase ?? ''),
      claim,
      cls,
      typeof vac === 'string' && vac !== '' ? vac : '<unset>',
      obj.status?.reason ?? '',
      age(obj, now),
      typeof obj.spec?.volumeMode === 'string' ? obj.spec.volumeMode : '<unset>',
    ];
  },
};

function firstNonEmpty(...values: unknown[]): string {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return '';
}

const event: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'If the object reference is to a container within a pod, this is the path to the field of the container (for example, spec.containers{name}).', 1),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', NAME_DESCRIPTION, 1, 'name'),
  ],
  cells: (obj, now) => {
    let first = ageSince(obj.firstTimestamp, now);
    if (!obj.firstTimestamp) first = ageSince(obj.eventTime, now);
    let last = obj.lastTimestamp ? ageSince(obj.lastTimestamp, now) : first;
    let count = int(obj.count);
    if (obj.series) {
      last = ageSince(obj.series.lastObservedTime, now);
      count = int(obj.series.count);
    } else if (count === 0) count = 1;
    const involved = obj.involvedObject ?? {};
    const kind = String(involved.kind ?? '').toLowerCase();
    const target = involved.name ? `${kind}/${involved.name}` : kind;
    const component = firstNonEmpty(obj.source?.component, obj.reportingComponent);
    const host = firstNonEmpty(obj.source?.host, obj.reportingInstance);
    const source = component === '' ? '' : host === '' ? component : `${component}, ${host}`;
    return [last, obj.type ?? '', obj.reason ?? '', target, involved.fieldPath ?? '', source, String(obj.message ?? '').trim(), first, count, nameOf(obj)];
  },
};

function quantityText(value: unknown): string {
  return value === undefined || value === null ? '<unknown>' : String(value);
}

/** `formatHPAMetrics` (autoscaling/v2). */
function formatHpaMetrics(specs: Loose[], statuses: Loose[]): string {
  if (specs.length === 0) return '<none>';
  const items: string[] = [];
  const max = 2;
  let count = 0;
  specs.forEach((spec, i) => {
    const status = statuses[i];
    let text = '';
    switch (spec.type) {
      case 'External': {
        const target = spec.external?.target ?? {};
        const current = status?.external?.current ?? {};
        if (target.averageValue !== undefined) text = `${quantityText(current.averageValue)}/${target.averageValue} (avg)`;
        else text = `${quantityText(current.value)}/${quantityText(target.value)}`;
        break;
      }
      case 'Pods':
        text = `${quantityText(status?.pods?.current?.averageValue)}/${quantityText(spec.pods?.target?.averageValue)}`;
        break;
      case 'Object': {
        const target = spec.object?.target ?? {};
        const current = status?.object?.current ?? {};
        if (target.averageValue !== undefined) text = `${quantityText(current.averageValue)}/${target.averageValue} (avg)`;
        else text = `${quantityText(current.value)}/${quantityText(target.value)}`;
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const current = (spec.type === 'Resource' ? status?.resource : status?.containerResource)?.current ?? {};
        const prefix = spec.type === 'Resource' ? `${source?.name}` : `${source?.name} of container "${source?.container}"`;
        if (source?.target?.averageValue !== undefined) text = `${prefix}: ${quantityText(current.averageValue)}/${source.target.averageValue}`;
        else {
          const cur = typeof current.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>';
          const target = typeof source?.target?.averageUtilization === 'number' ? `${source.target.averageUtilization}%` : '<auto>';
          text = `${prefix}: ${cur}/${target}`;
        }
        break;
      }
      default:
        text = '<unknown type>';
    }
    if (items.length < max) items.push(text);
    count++;
  });
  const joined = items.join(', ');
  return count > max ? `${joined} + ${count - max} more...` : joined;
}

const hpa: Printer = {
  columns: [
    NAME,
    col('Reference', 'string', 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.'),
    col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'integer', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    col('Replicas', 'integer', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    AGE,
  ],
  cells: (obj, now) => {
    const ref = obj.spec?.scaleTargetRef ?? {};
    let targets: string;
    if (obj.apiVersion === 'autoscaling/v1') {
      const target = typeof obj.spec?.targetCPUUtilizationPercentage === 'number' ? `${obj.spec.targetCPUUtilizationPercentage}%` : '<auto>';
      const current = typeof obj.status?.currentCPUUtilizationPercentage === 'number' ? `${obj.status.currentCPUUtilizationPercentage}%` : '<unknown>';
      targets = `cpu: ${current}/${target}`;
    } else targets = formatHpaMetrics(list(obj.spec?.metrics), list(obj.status?.currentMetrics));
    return [
      nameOf(obj),
      `${ref.kind ?? ''}/${ref.name ?? ''}`,
      targets,
      typeof obj.spec?.minReplicas === 'number' ? String(obj.spec.minReplicas) : '<unset>',
      int(obj.spec?.maxReplicas),
      int(obj.status?.currentReplicas),
      age(obj, now),
    ];
  },
};

const pdb: Printer = {
  columns: [
    NAME,
    col('Min Available', 'string', 'The minimum number of pods that must be available simultaneously.  This can be either an integer or a string specifying a percentage, e.g. "28%".'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable simultaneously.  This can be either an integer or a string specifying a percentage, e.g. "28%".'),
    col('Allowed Disruptions', 'integer', 'Number of pod disruptions that are currently allowed.'),
    AGE,
  ],
  cells: (obj, now) => [nameOf(obj), intOrString(obj.spec?.minAvailable, 'N/A'), intOrString(obj.spec?.maxUnavailable, 'N/A'), int(obj.status?.disruptionsAllowed), age(obj, now)],
};

const controllerRevision: Printer = {
  columns: [NAME, col('Controller', 'string', 'Controller of the object'), col('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'), AGE],
  cells: (obj, now) => {
    const owner = list(obj.metadata?.ownerReferences).find((o) => o.controller === true);
    let controller = '<none>';
    if (owner) {
      const slash = String(owner.apiVersion ?? '').indexOf('/');
      const group = slash < 0 ? '' : String(owner.apiVersion).slice(0, slash);
      controller = `${String(owner.kind ?? '').toLowerCase()}${group ? `.${group}` : ''}/${owner.name ?? ''}`;
    }
    return [nameOf(obj), controller, int(obj.revision), age(obj, now)];
  },
};

const lease: Printer = {
  columns: [NAME, col('Holder', 'string', 'Name of the Lease holder'), AGE],
  cells: (obj, now) => [nameOf(obj), obj.spec?.holderIdentity ?? '', age(obj, now)],
};

const createdAt = (obj: Loose): string => obj.metadata?.creationTimestamp ?? '';
const CREATED_AT = col('Created At', 'date', AGE_DESCRIPTION);

const role: Printer = {
  columns: [NAME, CREATED_AT],
  cells: (obj) => [nameOf(obj), createdAt(obj)],
};

function subjectsOf(obj: Loose, kind: string): string {
  return list(obj.subjects)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : s.name ?? ''))
    .join(', ');
}

const roleBinding: Printer = {
  columns: [
    NAME,
    col('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.'),
    AGE,
    col('Users', 'string', 'Users in the roleBinding', 1),
    col('Groups', 'string', 'Groups in the roleBinding', 1),
    col('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding', 1),
  ],
  cells: (obj, now) => [nameOf(obj), `${obj.roleRef?.kind ?? ''}/${obj.roleRef?.name ?? ''}`, age(obj, now), subjectsOf(obj, 'User'), subjectsOf(obj, 'Group'), subjectsOf(obj, 'ServiceAccount')],
};

const networkPolicy: Printer = {
  columns: [NAME, col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'), AGE],
  cells: (obj, now) => [nameOf(obj), formatLabelSelector(obj.spec?.podSelector) || '<none>', age(obj, now)],
};

const storageClass: Printer = {
  columns: [
    NAME,
    col('Provisioner', 'string', 'Indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'string', 'Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy. Defaults to Delete.'),
    col('VolumeBindingMode', 'string', 'VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
    col('AllowVolumeExpansion', 'string', 'AllowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE,
  ],
  cells: (obj, now) => {
    const annotations = obj.metadata?.annotations ?? {};
    const isDefault = annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      isDefault ? `${nameOf(obj)} (default)` : nameOf(obj),
      obj.provisioner ?? '',
      obj.reclaimPolicy ?? 'Delete',
      obj.volumeBindingMode ?? 'Immediate',
      typeof obj.allowVolumeExpansion === 'boolean' ? String(obj.allowVolumeExpansion) : 'false',
      age(obj, now),
    ];
  },
};

const priorityClass: Printer = {
  columns: [
    NAME,
    col('Value', 'integer', 'The value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.'),
    col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    AGE,
    col('PreemptionPolicy', 'string', 'PreemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells: (obj, now) => [nameOf(obj), int(obj.value), obj.globalDefault === true, age(obj, now), obj.preemptionPolicy ?? ''],
};

const crd: Printer = {
  columns: [NAME, CREATED_AT],
  cells: (obj) => [nameOf(obj), createdAt(obj)],
};

const limitRange: Printer = { columns: [NAME, CREATED_AT], cells: (obj) => [nameOf(obj), createdAt(obj)] };

const resourceQuota: Printer = {
  columns: [NAME, AGE, col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.')],
  cells: (obj, now) => {
    const hard: Loose = obj.status?.hard ?? {};
    const used: Loose = obj.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const text = `${name}: ${used[name] ?? '0'}/${hard[name]}`;
      if (name.startsWith('limits.')) limits.push(text);
      else requests.push(text);
    }
    return [nameOf(obj), age(obj, now), requests.join(', '), limits.join(', ')];
  },
};

/** Kinds without a printer of their own get `Name` and `Age` (the default table convertor). */
export const DEFAULT_PRINTER: Printer = {
  columns: [NAME, AGE],
  cells: (obj, now) => [nameOf(obj), age(obj, now)],
};

/** Printers keyed `group/Kind` (core group: `/Pod`). */
export const PRINTERS: Readonly<Record<string, Printer>> = {
  '/Pod': pod,
  '/ReplicationController': replicationController,
  '/Service': service,
  '/Endpoints': endpoints,
  '/Node': node,
  '/Namespace': namespace,
  '/ConfigMap': configMap,
  '/Secret': secret,
  '/ServiceAccount': serviceAccount,
  '/PersistentVolumeClaim': pvc,
  '/PersistentVolume': pv,
  '/Event': event,
  '/LimitRange': limitRange,
  '/ResourceQuota': resourceQuota,
  'apps/Deployment': deployment,
  'apps/ReplicaSet': replicaSet,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'apps/ControllerRevision': controllerRevision,
  'batch/Job': job,
  'batch/CronJob': cronJob,
  'autoscaling/HorizontalPodAutoscaler': hpa,
  'policy/PodDisruptionBudget': pdb,
  'networking.k8s.io/Ingress': ingress,
  'networking.k8s.io/IngressClass': ingressClass,
  'networking.k8s.io/NetworkPolicy': networkPolicy,
  'discovery.k8s.io/EndpointSlice': endpointSlice,
  'coordination.k8s.io/Lease': lease,
  'rbac.authorization.k8s.io/Role': role,
  'rbac.authorization.k8s.io/ClusterRole': role,
  'rbac.authorization.k8s.io/RoleBinding': roleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': roleBinding,
  'storage.k8s.io/StorageClass': storageClass,
  'scheduling.k8s.io/PriorityClass': priorityClass,
  'apiextensions.k8s.io/CustomResourceDefinition': crd,
};
