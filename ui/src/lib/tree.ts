/**
 * The resource tree as rows: the application's resources, each followed by what the cluster
 * made of it (ReplicaSets, Pods...), depth first. Collapsed nodes hide their descendants and
 * carry a summary of them instead; a filter keeps the matching nodes and the path to them.
 */
import type { ResourceNode } from '../api/types.ts';
import { foldChildren, type Fold } from './status.ts';
import { formatResourceRef, type ResourceRef } from './url-state.ts';

export interface TreeRow {
  /** Unique among rows: the path of resource references from the root. */
  readonly id: string;
  /** The resource itself, for selection and the URL. */
  readonly ref: string;
  readonly depth: number;
  readonly node: ResourceNode;
  readonly hasChildren: boolean;
  readonly expanded: boolean;
  /** What a collapsed node hides. */
  readonly folded?: Fold;
  readonly parentId?: string;
}

export function refOf(node: Pick<ResourceNode, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return formatResourceRef({ group: node.group, kind: node.kind, namespace: node.namespace, name: node.name });
}

export function sameRef(a: ResourceRef | undefined, node: Pick<ResourceNode, 'group' | 'kind' | 'namespace' | 'name'>): boolean {
  return a !== undefined && a.group === node.group && a.kind === node.kind && a.namespace === node.namespace && a.name === node.name;
}

export interface FlattenOptions {
  /** Row ids the user collapsed. */
  readonly collapsed: ReadonlySet<string>;
  /** Lower-case text: keep nodes whose kind/name contains it, with their ancestors. */
  readonly filter?: string;
  /** Keep only resources that differ from Git (and what they contain). */
  readonly onlyChanged?: boolean;
}

function matches(node: ResourceNode, text: string): boolean {
  return `${node.kind}/${node.name}`.toLowerCase().includes(text) || node.namespace.toLowerCase() === text;
}

/** The nodes a filter keeps: a match keeps its whole subtree, and its ancestors stay as a path. */
function prune(nodes: readonly ResourceNode[], text: string): ResourceNode[] {
  const out: ResourceNode[] = [];
  for (const node of nodes) {
    if (matches(node, text)) out.push(node);
    else {
      const children = prune(node.children, text);
      if (children.length > 0) out.push({ ...node, children });
    }
  }
  return out;
}

export function flattenTree(roots: readonly ResourceNode[], options: FlattenOptions): TreeRow[] {
  let nodes = roots;
  if (options.onlyChanged) nodes = nodes.filter((n) => n.status !== undefined && n.status !== 'Synced');
  const text = options.filter?.trim().toLowerCase();
  const filtering = Boolean(text);
  if (text) nodes = prune(nodes, text);
  const rows: TreeRow[] = [];
  const walk = (list: readonly ResourceNode[], depth: number, parentId: string | undefined) => {
    for (const node of list) {
      const ref = refOf(node);
      const id = parentId === undefined ? ref : `${parentId}>${ref}`;
      const hasChildren = node.children.length > 0;
      // While filtering, the path to every match stays open.
      const expanded = hasChildren && (filtering || !options.collapsed.has(id));
      rows.push({ id, ref, depth, node, hasChildren, expanded, ...(hasChildren && !expanded && { folded: foldChildren(node) }), ...(parentId !== undefined && { parentId }) });
      if (expanded) walk(node.children, depth + 1, id);
    }
  };
  walk(nodes, 0, undefined);
  return rows;
}

/** Every row id that has children: "collapse all". */
export function branchIds(roots: readonly ResourceNode[]): string[] {
  const ids: string[] = [];
  const walk = (list: readonly ResourceNode[], parentId: string | undefined) => {
    for (const node of list) {
      const id = parentId === undefined ? refOf(node) : `${parentId}>${refOf(node)}`;
      if (node.children.length > 0) {
        ids.push(id);
        walk(node.children, id);
      }
    }
  };
  walk(roots, undefined);
  return ids;
}

export function countNodes(roots: readonly ResourceNode[]): number {
  let n = 0;
  const walk = (list: readonly ResourceNode[]) => {
    for (const node of list) {
      n++;
      walk(node.children);
    }
  };
  walk(roots);
  return n;
}

/** The node a resource reference names, anywhere in the tree. */
export function findNode(roots: readonly ResourceNode[], ref: ResourceRef): ResourceNode | undefined {
  for (const node of roots) {
    if (sameRef(ref, node)) return node;
    const found = findNode(node.children, ref);
    if (found) return found;
  }
  return undefined;
}
