/**
 * The resource tree: the application, its resources, and what the cluster made of them
 * (ReplicaSets, Pods), each with sync and health as icon and word. Rows are windowed, so an
 * application with 1,500 resources renders as fast as one with fifteen. Keyboard: arrows move,
 * Right/Left open and close a branch (or step into and out of it), Enter opens the resource.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Application, ResourceNode } from '../../api/types.ts';
import { HealthBadge, SyncBadge } from '../../components/status-badge.tsx';
import { Empty, ErrorBox, Loading } from '../../components/states.tsx';
import { VirtualList } from '../../components/virtual-list.tsx';
import { describeKinds, healthLook } from '../../lib/status.ts';
import { branchIds, countNodes, flattenTree, type TreeRow } from '../../lib/tree.ts';
import { formatResourceRef, parseResourceRef, type AppPageState } from '../../lib/url-state.ts';
import { moveIndex } from '../../lib/virtual.ts';

const ROW_HEIGHT = 34;

const KIND_ABBREVIATIONS: Readonly<Record<string, string>> = {
  Deployment: 'deploy', ReplicaSet: 'rs', Pod: 'pod', Service: 'svc', ConfigMap: 'cm', Secret: 'secret', Ingress: 'ing', StatefulSet: 'sts',
  DaemonSet: 'ds', Job: 'job', CronJob: 'cj', Namespace: 'ns', ServiceAccount: 'sa', PersistentVolumeClaim: 'pvc', HorizontalPodAutoscaler: 'hpa',
  Role: 'role', RoleBinding: 'rb', ClusterRole: 'crole', ClusterRoleBinding: 'crb', NetworkPolicy: 'netpol', Endpoints: 'ep', EndpointSlice: 'eps',
  ControllerRevision: 'rev', CustomResourceDefinition: 'crd',
};

interface TreeProps {
  readonly app: Application;
  readonly nodes: readonly ResourceNode[] | undefined;
  readonly error: unknown;
  readonly onRetry: () => void;
  readonly state: AppPageState;
  readonly setState: (state: AppPageState, replace?: boolean) => void;
}

export function ResourceTree({ app, nodes, error, onRetry, state, setState }: TreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [active, setActive] = useState(0);
  const [filter, setFilter] = useState(state.filter);
  const rows = useMemo(() => flattenTree(nodes ?? [], { collapsed, filter: state.filter, onlyChanged }), [nodes, collapsed, state.filter, onlyChanged]);
  const total = useMemo(() => countNodes(nodes ?? []), [nodes]);
  // The application's status arrives live; the tree reloads a moment later. Its words win meanwhile.
  const fresh = useMemo(() => new Map((app.status.resources ?? []).map((r) => [formatResourceRef(r), r])), [app.status.resources]);
  const syncOf = (row: TreeRow) => (row.node.status === undefined ? undefined : (fresh.get(row.ref)?.status ?? row.node.status));
  const healthOf = (row: TreeRow) => (row.node.status === undefined ? row.node.health : (fresh.get(row.ref)?.health ?? row.node.health));
  const selected = state.resource ? `${state.resource.group}/${state.resource.kind}/${state.resource.namespace}/${state.resource.name}` : undefined;

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const open = (row: TreeRow) => {
    const resource = parseResourceRef(row.ref);
    const sync = syncOf(row);
    if (resource) setState({ ...state, resource, panel: sync && sync !== 'Synced' ? 'diff' : state.panel === 'diff' ? 'summary' : state.panel });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const row = rows[active];
    const key = event.key;
    if (key === 'ArrowDown' || key === 'ArrowUp' || key === 'PageDown' || key === 'PageUp') {
      event.preventDefault();
      setActive((a) => moveIndex(a, { ArrowDown: 1, ArrowUp: -1, PageDown: 15, PageUp: -15 }[key], rows.length));
    } else if (key === 'Home' || key === 'End') {
      event.preventDefault();
      setActive(key === 'Home' ? 0 : rows.length - 1);
    } else if (key === 'ArrowRight' && row) {
      event.preventDefault();
      if (row.hasChildren && !row.expanded) toggle(row.id);
      else if (row.hasChildren) setActive(active + 1);
    } else if (key === 'ArrowLeft' && row) {
      event.preventDefault();
      if (row.hasChildren && row.expanded) toggle(row.id);
      else if (row.parentId) setActive(Math.max(0, rows.findIndex((r) => r.id === row.parentId)));
    } else if (key === 'Enter' && row) {
      event.preventDefault();
      open(row);
    } else if (key === ' ' && row?.hasChildren) {
      event.preventDefault();
      toggle(row.id);
    }
  };

  const commitFilter = (text: string) => {
    setFilter(text);
    setState({ ...state, filter: text }, true);
  };

  return (
    <div className="tree">
      <div className="toolbar tree-toolbar">
        <label className="search">
          <span className="sr-only">Filter resources by kind or name</span>
          <input type="search" placeholder="Filter by kind or name" value={filter} onChange={(e) => commitFilter(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> Only out of sync
        </label>
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" onClick={() => setCollapsed(new Set(branchIds(nodes ?? [])))}>
          Collapse all
        </button>
        <span className="muted" aria-live="polite">
          {nodes ? `${rows.length.toLocaleString('en')} of ${total.toLocaleString('en')} objects shown` : ''}
        </span>
      </div>
      <div className="tree-root" role="presentation">
        <span className="kind-chip app" aria-hidden="true">
          app
        </span>
        <strong>{app.metadata.name}</strong>
        <SyncBadge status={app.status.sync.status} />
        <HealthBadge status={app.status.health.status} />
      </div>
      {error !== undefined && !nodes ? (
        <ErrorBox error={error} onRetry={onRetry} />
      ) : !nodes ? (
        <Loading what="resources" />
      ) : rows.length === 0 ? (
        <Empty title={total === 0 ? 'This application has no resources yet' : 'No resource matches'}>{total === 0 ? <p>Sync it to create what Git declares.</p> : null}</Empty>
      ) : (
        <div className="tree-rows list-focus" role="tree" aria-label={`Resources of ${app.metadata.name}`} tabIndex={0} onKeyDown={onKeyDown} aria-activedescendant={rows[active] ? `tree-row-${active}` : undefined}>
          <VirtualList
            count={rows.length}
            rowHeight={ROW_HEIGHT}
            activeIndex={active}
            label="Resource rows"
            renderRow={(i) => {
              const row = rows[i] as TreeRow;
              return <Row row={row} sync={syncOf(row)} health={healthOf(row)} index={i} active={i === active} selected={row.ref === selected} onToggle={() => toggle(row.id)} onOpen={() => { setActive(i); open(row); }} />;
            }}
          />
        </div>
      )}
    </div>
  );
}

function Row({ row, sync, health, index, active, selected, onToggle, onOpen }: { readonly row: TreeRow; readonly sync: string | undefined; readonly health: { readonly status: string; readonly message?: string } | undefined; readonly index: number; readonly active: boolean; readonly selected: boolean; readonly onToggle: () => void; readonly onOpen: () => void }) {
  const node = row.node;
  const info = node.info.map((i) => `${i.name} ${i.value}`).join(' · ');
  return (
    <div
      id={`tree-row-${index}`}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.hasChildren ? row.expanded : undefined}
      aria-selected={selected}
      className={`tree-row${active ? ' active' : ''}${selected ? ' selected' : ''}`}
      onClick={onOpen}
    >
      <span className="tree-main" style={{ paddingLeft: 8 + row.depth * 22 }}>
        {row.hasChildren ? (
          <button
            type="button"
            className="twisty"
            tabIndex={-1}
            aria-label={row.expanded ? 'Collapse' : 'Expand'}
            onClick={(event) => {
              event.stopPropagation();
              onToggle();
            }}
          >
            {row.expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" aria-hidden="true" />
        )}
        <span className="kind-chip" title={node.kind} aria-hidden="true">
          {KIND_ABBREVIATIONS[node.kind] ?? node.kind.toLowerCase().slice(0, 6)}
        </span>
        <span className="tree-name">
          <span className="muted">{node.kind}</span> {node.name}
        </span>
        {row.folded && (
          <span className="folded">
            {describeKinds(row.folded.kinds)} hidden{row.folded.worst ? ` · worst ${healthLook(row.folded.worst).icon} ${row.folded.worst}` : ''}
          </span>
        )}
      </span>
      <span className="tree-cell">{sync && <SyncBadge status={sync} />}</span>
      <span className="tree-cell">{health && <HealthBadge status={health.status} title={health.message ? `Health: ${health.status}: ${health.message}` : undefined} />}</span>
      <span className="tree-info muted">{info}</span>
    </div>
  );
}
