/**
 * One application: a header with where it comes from (repository, path, revision with its
 * commit), where it goes, its sync status with the reasons, health, auto-sync, pin and the
 * running operation; then its resource tree, history or events. Live updates keep all of it
 * current; the URL keeps the tab and the open resource.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppEvent, Application, ResourceNode } from '../api/types.ts';
import { HealthBadge, OperationBadge, SyncBadge } from '../components/status-badge.tsx';
import { ErrorBox, Loading } from '../components/states.tsx';
import { Tabs } from '../components/tabs.tsx';
import { useAsync } from '../components/use-async.ts';
import { authorName, describeInitiator, displayRepo, duration, shortRevision, subjectOf, timeAgo } from '../lib/format.ts';
import { formatAppState, parseAppState, type AppPageState, type AppTab } from '../lib/url-state.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession, useUpdates } from '../session.tsx';
import { EventsTab } from './app/events-tab.tsx';
import { HistoryTab } from './app/history-tab.tsx';
import { ResourcePanel } from './app/resource-panel.tsx';
import { ResourceTree } from './app/resource-tree.tsx';
import { SyncDialog } from './app/sync-dialog.tsx';

export function AppPage({ name }: { readonly name: string }) {
  const { client } = useSession();
  const location = useLocation();
  const state = useMemo(() => parseAppState(location.search), [location.search]);
  const setState = useCallback((next: AppPageState, replace = false) => navigate(`/applications/${encodeURIComponent(name)}${formatAppState(next)}`, { replace }), [name]);

  const app = useAsync((signal) => client.application(name, signal), [client, name]);
  const tree = useAsync((signal) => client.resourceTree(name, signal), [client, name]);
  const [events, setEvents] = useState<AppEvent[] | undefined>(undefined);
  const [syncOpen, setSyncOpen] = useState(false);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [historyRound, setHistoryRound] = useState(0);

  // Live: status changes patch the header; the tree (Pods come and go) reloads shortly after.
  const treeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastFinished = useRef<string | undefined>(undefined);
  useUpdates((update) => {
    if (update.type === 'reset') {
      app.reload();
      tree.reload();
      return;
    }
    if (!('app' in update) || update.app !== name) return;
    if (update.type === 'deleted') {
      navigate('/applications');
      return;
    }
    if (update.type === 'event') {
      setEvents((list) => (list && !list.some((e) => e.id === update.event.id) ? [...list, update.event] : list));
      return;
    }
    const current = app.value;
    if (current) app.set({ ...current, status: { ...current.status, ...update.status } });
    const finished = update.status.operation?.finishedAt;
    if (finished && finished !== lastFinished.current) {
      lastFinished.current = finished;
      setHistoryRound((r) => r + 1);
    }
    clearTimeout(treeTimer.current);
    treeTimer.current = setTimeout(() => tree.reload(), 400);
  });
  useEffect(() => () => clearTimeout(treeTimer.current), []);

  useEffect(() => {
    const stop = new AbortController();
    client
      .events(name, stop.signal)
      .then((r) => setEvents(r.items))
      .catch(() => undefined);
    return () => stop.abort();
  }, [client, name]);

  const act = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(error);
    }
  };

  if (app.error !== undefined && !app.value) {
    return (
      <main className="page">
        <Back />
        <ErrorBox error={app.error} onRetry={app.reload} />
      </main>
    );
  }
  if (!app.value) return <Loading what={`application ${name}`} />;
  const application = app.value;
  const selectedNode = state.resource ? findInTree(tree.value?.nodes ?? [], state.resource) : undefined;

  return (
    <main className={`page app-page${state.resource ? ' with-panel' : ''}`}>
      <Back />
      <AppHeader
        app={application}
        onSync={() => setSyncOpen(true)}
        onRefresh={() => act(async () => app.set(await client.refresh(name, true)))}
        onUnpin={() => act(async () => app.set(await client.unpin(name)))}
        onTerminate={() => act(() => client.terminate(name))}
      />
      {actionError !== undefined && <ErrorBox error={actionError} inline />}
      <Tabs<AppTab>
        label="Application views"
        idPrefix="app"
        value={state.tab}
        onChange={(tab) => setState({ ...state, tab })}
        tabs={[
          { id: 'tree', label: `Resources (${application.status.resources?.length ?? 0})` },
          { id: 'history', label: 'History and rollback' },
          { id: 'events', label: `Events${events ? ` (${events.length})` : ''}` },
        ]}
      />
      <section id="app-panel" role="tabpanel" aria-labelledby={`app-tab-${state.tab}`} className="app-body">
        {state.tab === 'tree' && (
          <div className="tree-and-panel">
            <ResourceTree app={application} nodes={tree.value?.nodes} error={tree.error} onRetry={tree.reload} state={state} setState={setState} />
            {state.resource && <ResourcePanel appName={name} resource={state.resource} node={selectedNode} state={state} setState={setState} />}
          </div>
        )}
        {state.tab === 'history' && <HistoryTab app={application} round={historyRound} onChanged={app.reload} />}
        {state.tab === 'events' && <EventsTab events={events} />}
      </section>
      {syncOpen && <SyncDialog app={application} onClose={() => setSyncOpen(false)} />}
    </main>
  );
}

function findInTree(nodes: readonly ResourceNode[], ref: { group: string; kind: string; namespace: string; name: string }): ResourceNode | undefined {
  for (const node of nodes) {
    if (node.group === ref.group && node.kind === ref.kind && node.namespace === ref.namespace && node.name === ref.name) return node;
    const found = findInTree(node.children, ref);
    if (found) return found;
  }
  return undefined;
}

function Back() {
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      <Link to="/applications">← Applications</Link>
    </nav>
  );
}

function AppHeader({ app, onSync, onRefresh, onUnpin, onTerminate }: { readonly app: Application; readonly onSync: () => void; readonly onRefresh: () => void; readonly onUnpin: () => void; readonly onTerminate: () => void }) {
  const { session } = useSession();
  const status = app.status;
  const now = Date.now();
  const source = app.spec.source;
  const automated = app.spec.syncPolicy?.automated;
  const operation = status.operation;
  const running = operation?.phase === 'Running' || operation?.phase === 'Terminating';
  const canWrite = !session.authEnabled || session.role !== 'readonly';
  const done = operation ? operation.tasks.filter((t) => t.status !== 'Pending' && t.status !== 'Running').length : 0;
  const comparisonError = status.conditions?.find((c) => c.type === 'ComparisonError');
  return (
    <header className="app-header">
      <div className="app-title">
        <h1>{app.metadata.name}</h1>
        <div className="app-actions">
          <button type="button" onClick={onRefresh} title="Compare with Git and the cluster now">
            ↻ Refresh
          </button>
          <button type="button" className="primary" onClick={onSync} disabled={!canWrite || running} title={canWrite ? undefined : 'Your token may only read'}>
            ⇅ Sync…
          </button>
        </div>
      </div>
      <div className="app-facts">
        <div className="fact">
          <span className="fact-label">Sync</span>
          <SyncBadge status={status.sync.status} />
          <span className="mono" title={status.sync.revision}>
            to {shortRevision(status.sync.revision)}
          </span>
        </div>
        <div className="fact">
          <span className="fact-label">Health</span>
          <HealthBadge status={status.health.status} />
          {status.health.message && <span className="muted">{status.health.message}</span>}
        </div>
        <div className="fact">
          <span className="fact-label">Auto-sync</span>
          {automated ? (
            <span>
              <span aria-hidden="true">⟳</span> on{automated.prune ? ', prune' : ''}
              {automated.selfHeal ? ', self-heal' : ''}
            </span>
          ) : (
            <span className="muted">off (manual sync)</span>
          )}
        </div>
        <div className="fact wide">
          <span className="fact-label">Source</span>
          <span title={source.repoURL}>{displayRepo(source.repoURL)}</span>
          <span className="muted">
            {source.path ? `path ${source.path}` : source.chart ? `chart ${source.chart}` : ''} · target {source.targetRevision || 'HEAD'}
            {status.sourceType ? ` · ${status.sourceType}` : ''}
          </span>
        </div>
        <div className="fact wide">
          <span className="fact-label">Revision</span>
          <span className="mono">{shortRevision(status.sync.revision)}</span>
          {status.commit ? (
            <span className="commit" title={status.commit.message}>
              “{subjectOf(status.commit.message)}” by {authorName(status.commit.author)}, {timeAgo(status.commit.date, now)}
            </span>
          ) : (
            <span className="muted">not compared yet</span>
          )}
        </div>
        <div className="fact wide">
          <span className="fact-label">Destination</span>
          <span>
            {app.spec.destination.name ?? app.spec.destination.server} / {app.spec.destination.namespace || '(no namespace)'}
          </span>
          <span className="muted">project {app.spec.project ?? 'default'} · compared {timeAgo(status.reconciledAt, now)}</span>
        </div>
      </div>
      {status.sync.status === 'OutOfSync' && (status.sync.reasons?.length ?? 0) > 0 && (
        <div className="callout tone-warn" role="note">
          <strong>
            <span aria-hidden="true">≠</span> Why OutOfSync:
          </strong>
          <ul>
            {status.sync.reasons?.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      {comparisonError && (
        <div className="callout tone-bad" role="alert">
          <strong>
            <span aria-hidden="true">⚠</span> Ferry could not compare this application:
          </strong>{' '}
          {comparisonError.message}
        </div>
      )}
      {status.conditions
        ?.filter((c) => c.type !== 'ComparisonError')
        .map((c) => (
          <div key={c.type} className="callout tone-warn" role="note">
            <strong>{c.type}:</strong> {c.message}
          </div>
        ))}
      {status.pin && (
        <div className="callout tone-info pin-callout" role="note">
          <span>
            <span aria-hidden="true">⚑</span> <strong>Pinned</strong> to <span className="mono">{shortRevision(status.pin.revision)}</span> (history #{status.pin.historyId}) by a rollback {timeAgo(status.pin.pinnedAt, now)}. Auto-sync will not redeploy{' '}
            <span className="mono">{shortRevision(status.pin.fromRevision)}</span>; a new commit or a manual sync ends the pin.
          </span>
          <button type="button" onClick={onUnpin} disabled={!canWrite}>
            Unpin
          </button>
        </div>
      )}
      {operation && (
        <div className={`operation${running ? ' running' : ''}`} aria-live="polite">
          <OperationBadge status={operation.phase} />
          <span>
            {operation.dryRun ? 'Dry run' : operation.rollbackOf !== undefined ? `Rollback to #${operation.rollbackOf}` : 'Sync'} of <span className="mono">{shortRevision(operation.revision)}</span>
            {operation.rollbackOf === undefined ? ` by ${describeInitiator(operation.initiator)}` : ''}
            {running ? `, ${operation.stage}` : ''} — {operation.message || operation.phase}
          </span>
          <progress max={Math.max(1, operation.tasks.length)} value={done} aria-label={`${done} of ${operation.tasks.length} tasks done`} />
          <span className="muted">
            {done}/{operation.tasks.length} tasks · {duration(operation.startedAt, operation.finishedAt, now)}
            {operation.finishedAt ? ` · ${timeAgo(operation.finishedAt, now)}` : ''}
          </span>
          {running && canWrite && (
            <button type="button" onClick={onTerminate}>
              Terminate
            </button>
          )}
        </div>
      )}
    </header>
  );
}
