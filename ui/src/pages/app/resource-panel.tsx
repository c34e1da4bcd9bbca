/**
 * One resource: a summary, the diff between the cluster and Git (unified or side by side), the
 * live and desired manifests, and the cluster's events about it. Secret values arrive masked
 * from the server; the panel never sees them.
 */
import { useMemo, type KeyboardEvent } from 'react';
import type { ResourceManifests, ResourceNode } from '../../api/types.ts';
import { CodeView, DiffView } from '../../components/code-view.tsx';
import { HealthBadge, SyncBadge } from '../../components/status-badge.tsx';
import { Empty, ErrorBox, Loading } from '../../components/states.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { useAsync } from '../../components/use-async.ts';
import { diffLines, diffStats } from '../../lib/diff-lines.ts';
import { ApiError } from '../../lib/errors.ts';
import { timeAgo } from '../../lib/format.ts';
import { formatResourceRef, type AppPageState, type PanelTab, type ResourceRef } from '../../lib/url-state.ts';
import { toYaml, toYamlLines } from '../../lib/yaml.ts';
import { useSession } from '../../session.tsx';

interface PanelProps {
  readonly appName: string;
  readonly resource: ResourceRef;
  readonly node: ResourceNode | undefined;
  readonly state: AppPageState;
  readonly setState: (state: AppPageState, replace?: boolean) => void;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function ResourcePanel({ appName, resource, node, state, setState }: PanelProps) {
  const key = formatResourceRef(resource);
  // Objects the cluster made (Pods, ReplicaSets) are not compared with Git: no diff, no desired manifest.
  const managed = node === undefined || node.status !== undefined;
  const close = () => setState({ ...state, resource: undefined }, false);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };
  const tab: PanelTab = !managed && (state.panel === 'diff' || state.panel === 'desired') ? 'summary' : state.panel;
  return (
    <aside className="resource-panel" aria-label={`${resource.kind} ${resource.name}`} onKeyDown={onKeyDown}>
      <header className="panel-head">
        <div>
          <p className="muted small">
            {resource.group ? `${resource.group}/` : ''}
            {resource.kind}
            {resource.namespace ? ` · namespace ${resource.namespace}` : ''}
          </p>
          <h2>{resource.name}</h2>
          <div className="panel-status">
            {node?.status && <SyncBadge status={node.status} />}
            {node?.health && <HealthBadge status={node.health.status} />}
          </div>
        </div>
        <button type="button" className="icon-button" onClick={close} aria-label="Close the resource panel (Escape)">
          ✕
        </button>
      </header>
      <Tabs<PanelTab>
        label="Resource views"
        idPrefix="res"
        value={tab}
        onChange={(panel) => setState({ ...state, panel }, true)}
        tabs={[
          { id: 'summary', label: 'Summary' },
          { id: 'diff', label: 'Diff', disabled: !managed },
          { id: 'live', label: 'Live manifest' },
          { id: 'desired', label: 'Desired manifest', disabled: !managed },
          { id: 'events', label: 'Events' },
        ]}
      />
      <div id="res-panel" role="tabpanel" aria-labelledby={`res-tab-${tab}`} className="panel-body">
        {tab === 'summary' && <Summary node={node} />}
        {tab === 'diff' && <DiffTab key={key} appName={appName} resource={resource} state={state} setState={setState} />}
        {(tab === 'live' || tab === 'desired') && <ManifestTab key={`${key}/${tab}`} appName={appName} resource={resource} which={tab} managed={managed} />}
        {tab === 'events' && <EventsOfResource key={key} appName={appName} resource={resource} />}
      </div>
    </aside>
  );
}

function Summary({ node }: { readonly node: ResourceNode | undefined }) {
  if (!node) return <Empty title="This resource is not in the tree right now">It may have been deleted; the other tabs show what Ferry still knows.</Empty>;
  return (
    <dl className="facts">
      <dt>Kind</dt>
      <dd>
        {node.group ? `${node.group}/` : ''}
        {node.version} {node.kind}
      </dd>
      <dt>Namespace</dt>
      <dd>{node.namespace || '(cluster-scoped)'}</dd>
      <dt>Sync</dt>
      <dd>{node.status ? <SyncBadge status={node.status} /> : <span className="muted">made by the cluster, not compared with Git</span>}</dd>
      <dt>Health</dt>
      <dd>
        {node.health ? <HealthBadge status={node.health.status} /> : <span className="muted">no health check for this kind</span>}
        {node.health?.message && <p className="muted">{node.health.message}</p>}
      </dd>
      {node.createdAt && (
        <>
          <dt>Created</dt>
          <dd title={node.createdAt}>{timeAgo(node.createdAt, Date.now())}</dd>
        </>
      )}
      {node.info.map((fact) => (
        <FactRow key={fact.name} name={fact.name} value={fact.value} />
      ))}
      {node.children.length > 0 && (
        <>
          <dt>Owns</dt>
          <dd>{node.children.map((c) => `${c.kind} ${c.name}`).join(', ')}</dd>
        </>
      )}
    </dl>
  );
}

function FactRow({ name, value }: { readonly name: string; readonly value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}

function DiffTab({ appName, resource, state, setState }: { readonly appName: string; readonly resource: ResourceRef; readonly state: AppPageState; readonly setState: (state: AppPageState, replace?: boolean) => void }) {
  const { client } = useSession();
  const diff = useAsync((signal) => client.diff(appName, resource, signal), [client, appName, formatResourceRef(resource)]);
  const entry = diff.value?.resources.find((r) => r.group === resource.group && r.kind === resource.kind && r.namespace === resource.namespace && r.name === resource.name);
  const edits = useMemo(() => (entry ? diffLines(entry.live ? toYamlLines(entry.live) : [], entry.desired ? toYamlLines(entry.desired) : []) : []), [entry]);
  if (diff.error !== undefined) return <ErrorBox error={diff.error} onRetry={diff.reload} />;
  if (!diff.value) return <Loading what="the diff" />;
  if (!entry) return <Empty title="Ferry has no comparison for this resource">It is not one of the resources the application declares.</Empty>;
  const stats = diffStats(edits);
  return (
    <div className="diff-tab">
      <div className="toolbar">
        <span>
          <SyncBadge status={entry.status} />{' '}
          {entry.status === 'Synced' ? 'The cluster matches Git.' : entry.status === 'Missing' ? 'Not in the cluster: a sync creates it.' : entry.status === 'Extra' ? 'No longer in Git: a sync with prune deletes it.' : `${stats.removed} lines differ in the cluster, ${stats.added} in Git.`}
        </span>
        <div className="segmented" role="radiogroup" aria-label="Diff layout">
          {(['unified', 'split'] as const).map((mode) => (
            <button key={mode} type="button" role="radio" aria-checked={state.diff === mode} onClick={() => setState({ ...state, diff: mode }, true)}>
              {mode === 'unified' ? 'Unified' : 'Side by side'}
            </button>
          ))}
        </div>
      </div>
      {entry.changes && entry.changes.length > 0 && (
        <p className="muted small">
          Fields: {entry.changes.slice(0, 8).map((c) => c.path).join(', ')}
          {entry.changes.length > 8 ? ` and ${entry.changes.length - 8} more` : ''}
        </p>
      )}
      {stats.added + stats.removed === 0 ? (
        <Empty title="No differences">What Git declares is what the cluster has (after defaults and ignored fields).</Empty>
      ) : (
        <DiffView edits={edits} mode={state.diff} label={`Diff of ${resource.kind} ${resource.name}: cluster on the left or −, Git on the right or +`} />
      )}
    </div>
  );
}

function ManifestTab({ appName, resource, which, managed }: { readonly appName: string; readonly resource: ResourceRef; readonly which: 'live' | 'desired'; readonly managed: boolean }) {
  const { client } = useSession();
  // Declared resources come with both manifests; what the cluster made (Pods...) has only a live one.
  const manifests = useAsync((signal) => (managed ? client.resource(appName, resource, signal) : client.liveObject(appName, resource, signal)), [client, appName, formatResourceRef(resource), managed]);
  if (manifests.error !== undefined) {
    if (isNotFound(manifests.error)) return <Empty title="Not in the cluster any more">It was deleted since the tree was loaded.</Empty>;
    return <ErrorBox error={manifests.error} onRetry={manifests.reload} />;
  }
  if (!manifests.value) return <Loading what={`the ${which} manifest`} />;
  const object = (manifests.value as ResourceManifests)[which];
  if (!object) return <Empty title={which === 'live' ? 'Not in the cluster' : 'Not in Git'}>{which === 'live' ? 'A sync creates it.' : 'A sync with prune deletes it from the cluster.'}</Empty>;
  // As kubectl get -o yaml does by default: managedFields are bookkeeping, not the object.
  const shown = object.metadata?.managedFields ? { ...object, metadata: { ...object.metadata, managedFields: undefined } } : object;
  return (
    <>
      {shown !== object && <p className="muted small">metadata.managedFields hidden, as kubectl does.</p>}
      <CodeView text={toYaml(shown)} label={`${which === 'live' ? 'Live' : 'Desired'} manifest of ${resource.kind} ${resource.name}`} />
    </>
  );
}

function EventsOfResource({ appName, resource }: { readonly appName: string; readonly resource: ResourceRef }) {
  const { client } = useSession();
  const events = useAsync((signal) => client.resourceEvents(appName, resource, signal), [client, appName, formatResourceRef(resource)]);
  if (events.error !== undefined) return <ErrorBox error={events.error} onRetry={events.reload} />;
  if (!events.value) return <Loading what="events" />;
  if (events.value.items.length === 0) return <Empty title="No events">The cluster has recorded no events about this object (they expire after an hour).</Empty>;
  const now = Date.now();
  return (
    <ul className="event-list">
      {events.value.items.map((event, i) => (
        <li key={i} className={event.type === 'Warning' ? 'tone-warn' : ''}>
          <span className="event-type">
            <span aria-hidden="true">{event.type === 'Warning' ? '⚠' : 'ℹ'}</span> {event.type ?? 'Normal'}
          </span>
          <strong>{event.reason}</strong> <span>{event.message}</span>
          <span className="muted small">
            {event.count && event.count > 1 ? ` ×${event.count}` : ''} · {timeAgo(event.lastTimestamp ?? event.firstTimestamp, now)}
            {event.source ? ` · ${event.source}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
