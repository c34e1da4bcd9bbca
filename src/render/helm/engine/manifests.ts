/**
 * What Helm does with rendered files before printing them (pkg/release/v1/util manifest.go,
 * manifest_sorter.go, kind_sorter.go): split each file into documents on `---`, read each
 * document's head (apiVersion, kind, name, annotations), set hooks apart by their
 * `helm.sh/hook` annotation, and order by kind (InstallOrder), stably.
 */
import { messageOf } from '../../../core/index.ts';
import { helmError } from '../errors.ts';
import { parseGoYaml } from '../yaml/parse.ts';

export interface Manifest {
  /** The template that produced it, as Helm names it: `chart/templates/deploy.yaml`. */
  readonly name: string;
  readonly content: string;
  readonly kind: string;
}

export interface Hook extends Manifest {
  readonly events: readonly string[];
  readonly weight: number;
}

export const HOOK_EVENTS = new Set([
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
]);

/** Helm's InstallOrder. */
export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

const ORDER = new Map(INSTALL_ORDER.map((kind, i) => [kind, i]));

// Go's regexp `(?:^|\s*\n)---\s*` with Go's \s (ASCII whitespace).
const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

function isGoSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
}

/** strings.TrimSpace (a loop: a trailing-space regex is quadratic on long documents). */
function goTrimSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** releaseutil.SplitManifests, in order. */
export function splitManifests(text: string): string[] {
  const out: string[] = [];
  for (const doc of goTrimSpace(text).split(SEPARATOR)) {
    if (doc === '') continue;
    out.push(goTrimSpace(doc));
  }
  return out;
}

interface Head {
  readonly kind: string;
  readonly annotations: Readonly<Record<string, string>>;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`json: cannot unmarshal ${jsonKind(value)} into Go value of type string`);
}

// Heads of documents already read: re-rendering a chart yields mostly the same documents.
const HEAD_CACHE_LIMIT = 32 * 1024 * 1024;
const headCache = new Map<string, Head>();
let headCacheChars = 0;

function cachedHead(doc: string): Head {
  const hit = headCache.get(doc);
  if (hit) return hit;
  const head = readHead(doc);
  if (doc.length < HEAD_CACHE_LIMIT / 64) {
    headCache.set(doc, head);
    headCacheChars += doc.length;
    while (headCacheChars > HEAD_CACHE_LIMIT) {
      const oldest = headCache.keys().next().value!;
      headCacheChars -= oldest.length;
      headCache.delete(oldest);
    }
  }
  return head;
}

/** Reads a document's head as Helm's SimpleHead (a wrong shape is a parse error, as in Helm). */
function readHead(doc: string): Head {
  let value: unknown;
  try {
    value = parseGoYaml(doc);
  } catch (error) {
    throw new Error(`error converting YAML to JSON: ${messageOf(error)}`);
  }
  if (value === null || value === undefined) return { kind: '', annotations: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(value)} into Go value of type util.SimpleHead`);
  }
  const record = value as Record<string, unknown>;
  asText(record.apiVersion);
  const kind = asText(record.kind);
  const metadata = record.metadata;
  const annotations: Record<string, string> = {};
  if (metadata !== null && metadata !== undefined) {
    if (typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(metadata)} into Go struct field SimpleHead.metadata`);
    }
    const meta = metadata as Record<string, unknown>;
    asText(meta.name);
    const raw = meta.annotations;
    if (raw !== null && raw !== undefined) {
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(raw)} into Go struct field .metadata.annotations of type map[string]string`);
      }
      for (const [key, v] of Object.entries(raw as Record<string, unknown>)) annotations[key] = asText(v);
    }
  }
  return { kind, annotations };
}

function lessByKind(a: string, b: string): number {
  const ia = ORDER.get(a);
  const ib = ORDER.get(b);
  if (ia === undefined && ib === undefined) return a === b ? 0 : a < b ? -1 : 1;
  if (ia === undefined) return 1;
  if (ib === undefined) return -1;
  return ia - ib;
}

export interface SortedManifests {
  readonly manifests: Manifest[];
  readonly hooks: Hook[];
}

/**
 * releaseutil.SortManifests: files in path order (partials and blank files skipped), their
 * documents split and classified, then both lists sorted by kind (stable).
 */
export function sortManifests(files: ReadonlyMap<string, string>, chartLabel: string): SortedManifests {
  const manifests: Manifest[] = [];
  const hooks: Hook[] = [];
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const content = files.get(path)!;
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    if (goTrimSpace(content) === '') continue;
    for (const doc of splitManifests(content)) {
      let head: Head;
      try {
        head = cachedHead(doc);
      } catch (error) {
        throw helmError('RENDER_HELM_OUTPUT_INVALID', `render helm chart ${chartLabel}: YAML parse error on ${path}: ${messageOf(error)}`, error);
      }
      const hookTypes = head.annotations['helm.sh/hook'];
      if (hookTypes === undefined) {
        manifests.push({ name: path, content: doc, kind: head.kind });
        continue;
      }
      const events: string[] = [];
      let unknown = false;
      for (const type of hookTypes.split(',')) {
        const event = type.trim().toLowerCase();
        if (!HOOK_EVENTS.has(event)) {
          unknown = true;
          break;
        }
        events.push(event === 'test-success' ? 'test' : event);
      }
      // Helm drops a document whose hook annotation names an unknown event.
      if (unknown) continue;
      const weight = /^[-+]?\d+$/.test(head.annotations['helm.sh/hook-weight'] ?? '') ? Number(head.annotations['helm.sh/hook-weight']) : 0;
      hooks.push({ name: path, content: doc, kind: head.kind, events, weight });
    }
  }
  const stable = <T extends Manifest>(list: T[]) =>
    list
      .map((item, index) => ({ item, index }))
      .sort((a, b) => lessByKind(a.item.kind, b.item.kind) || a.index - b.index)
      .map(({ item }) => item);
  return { manifests: stable(manifests), hooks: stable(hooks) };
}
