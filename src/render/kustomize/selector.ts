import { isPlainObject } from '../../core/index.ts';
import { effectiveNamespace, kustomizeError, type ResMap, type Resource } from './resource.ts';

/** A patch or replacement target: regular expressions over the id, plus label selectors. */
export interface Selector {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

const SELECTOR_FIELDS = ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'];

export function readSelector(value: unknown, where: string): Selector {
  if (!isPlainObject(value)) throw kustomizeError(`${where}: a selector must be a map`);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!SELECTOR_FIELDS.includes(key)) {
      if (key === 'apiVersion' || key === 'resid' || key === 'gvk') continue;
      throw kustomizeError(`${where}: unknown selector field ${key}`);
    }
    if (item !== null && item !== undefined) out[key] = String(item);
  }
  return out;
}

function anchored(pattern: string | undefined, where: string): RegExp | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw kustomizeError(`${where}: invalid regular expression ${JSON.stringify(pattern)}`);
  }
}

interface Requirement {
  readonly key: string;
  readonly op: 'in' | 'notin' | 'exists' | '!exists';
  readonly values: readonly string[];
}

/** Parses a Kubernetes label selector (`a=b,c!=d,e in (f,g),!h`). */
export function parseLabelSelector(text: string, where: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((part): Requirement => {
      let m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(part);
      if (m) return { key: m[1] as string, op: m[2] as 'in' | 'notin', values: (m[3] as string).split(',').map((v) => v.trim()) };
      m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
      if (m) return { key: m[1] as string, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3] as string] };
      m = /^!\s*(\S+)$/.exec(part);
      if (m) return { key: m[1] as string, op: '!exists', values: [] };
      if (/^[^\s!=(),]+$/.test(part)) return { key: part, op: 'exists', values: [] };
      throw kustomizeError(`${where}: invalid selector ${JSON.stringify(text)}`);
    });
}

export function matchesLabels(labels: Record<string, unknown>, requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = has ? String(labels[r.key]) : undefined;
    switch (r.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return has && r.values.includes(value as string);
      case 'notin':
        return !has || !r.values.includes(value as string);
    }
    return false;
  });
}

/** kustomize's ResMap.Select: original or current name and namespace, current gvk. */
export function selectResources(resources: ResMap, selector: Selector, where: string): Resource[] {
  const group = anchored(selector.group, where);
  const version = anchored(selector.version, where);
  const kind = anchored(selector.kind, where);
  const name = anchored(selector.name, where);
  const namespace = anchored(selector.namespace, where);
  const labels = selector.labelSelector ? parseLabelSelector(selector.labelSelector, where) : undefined;
  const annotations = selector.annotationSelector ? parseLabelSelector(selector.annotationSelector, where) : undefined;
  return resources.list.filter((r) => {
    const cur = r.curId();
    const org = r.orgId();
    if (namespace && !namespace.test(effectiveNamespace(org)) && !namespace.test(effectiveNamespace(cur))) return false;
    if (name && !name.test(org.name) && !name.test(cur.name)) return false;
    if (group && !group.test(cur.group)) return false;
    if (version && !version.test(cur.version)) return false;
    if (kind && !kind.test(cur.kind)) return false;
    if (labels && !matchesLabels(r.labels(), labels)) return false;
    if (annotations && !matchesLabels(r.annotations(), annotations)) return false;
    return true;
  });
}
