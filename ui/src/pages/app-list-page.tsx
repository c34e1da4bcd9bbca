/**
 * Applications: counts by sync and health over everything the filters select, the filters and
 * search (kept in the URL), and the list as tiles or a table. The server filters and pages;
 * the page loads more as the user scrolls and renders only the rows on screen, so 5,000
 * applications cost what fifty do. Live updates patch the loaded rows in place.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Application, ApplicationSummary } from '../api/types.ts';
import { HealthBadge, OperationBadge, SyncBadge } from '../components/status-badge.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { VirtualList } from '../components/virtual-list.tsx';
import { displayRepo, plural, shortRevision, timeAgo } from '../lib/format.ts';
import { HEALTH_ORDER, healthLook, SYNC_ORDER, syncLook } from '../lib/status.ts';
import { activeFilterCount, DEFAULT_LIST_STATE, formatListState, parseListState, withFilter, type ListFilter, type ListState } from '../lib/url-state.ts';
import { columnsFor, moveIndex } from '../lib/virtual.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession, useUpdates } from '../session.tsx';

/** The first page is small, so the first rows come soon; later pages are larger. */
const FIRST_PAGE = 100;
const PAGE_SIZE = 400;
const TILE_MIN_WIDTH = 300;
const TILE_HEIGHT = 168;
const TILE_GAP = 12;
const ROW_HEIGHT = 40;

function appPath(name: string): string {
  return `/applications/${encodeURIComponent(name)}`;
}

function destinationOf(app: Application): string {
  const d = app.spec.destination;
  return `${d.name ?? d.server ?? ''}${d.namespace ? ` / ${d.namespace}` : ''}`;
}

interface ListData {
  readonly items: readonly Application[];
  readonly continueToken?: string;
  readonly remaining: number;
}

export function AppListPage() {
  const { client } = useSession();
  const location = useLocation();
  const state = useMemo(() => parseListState(location.search), [location.search]);
  const stateKey = formatListState({ ...state, view: 'tiles' });
  const setState = useCallback((next: ListState, replace = false) => navigate(`/applications${formatListState(next)}`, { replace }), []);

  const [data, setData] = useState<ListData | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [summary, setSummary] = useState<ApplicationSummary | undefined>(undefined);
  const [summaryError, setSummaryError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);
  const loadingMore = useRef(false);

  // The first page for these filters; a newer filter aborts an older request.
  useEffect(() => {
    const stop = new AbortController();
    setError(undefined);
    client
      .listApplications(state, { limit: FIRST_PAGE }, stop.signal)
      .then((list) => setData({ items: list.items, ...(list.metadata.continue && { continueToken: list.metadata.continue }), remaining: list.metadata.remainingItemCount ?? 0 }))
      .catch((failure: unknown) => !stop.signal.aborted && setError(failure));
    return () => stop.abort();
    // stateKey names the filters; the view does not change what is listed.
  }, [client, stateKey, round]);

  const loadSummary = useCallback(
    (signal?: AbortSignal) =>
      client
        .summary(state, signal)
        .then((s) => {
          setSummary(s);
          setSummaryError(undefined);
        })
        .catch((failure: unknown) => !signal?.aborted && setSummaryError(failure)),
    [client, stateKey],
  );
  // Counted after the first page arrives: on a busy server the rows matter first.
  const listed = data !== undefined;
  useEffect(() => {
    if (!listed) return;
    const stop = new AbortController();
    void loadSummary(stop.signal);
    return () => stop.abort();
  }, [loadSummary, round, listed]);

  const loadMore = useCallback(() => {
    if (!data?.continueToken || loadingMore.current) return;
    loadingMore.current = true;
    const token = data.continueToken;
    client
      .listApplications(state, { limit: PAGE_SIZE, continue: token }, undefined)
      .then((list) =>
        setData((current) =>
          current && current.continueToken === token
            ? { items: [...current.items, ...list.items], ...(list.metadata.continue && { continueToken: list.metadata.continue }), remaining: list.metadata.remainingItemCount ?? 0 }
            : current,
        ),
      )
      .catch(setError)
      .finally(() => {
        loadingMore.current = false;
      });
  }, [client, data?.continueToken, stateKey]);

  // Live updates: patch loaded rows in batches; recount a moment after things settle.
  const pending = useRef(new Map<string, Application['status'] | null>());
  const summaryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const flush = setInterval(() => {
      if (pending.current.size === 0) return;
      const changes = pending.current;
      pending.current = new Map();
      setData((current) => {
        if (!current) return current;
        const items: Application[] = [];
        for (const app of current.items) {
          const change = changes.get(app.metadata.name);
          if (change === null) continue;
          items.push(change ? { ...app, status: { ...app.status, ...change } } : app);
        }
        return { ...current, items };
      });
    }, 250);
    return () => clearInterval(flush);
  }, []);
  useUpdates((update) => {
    if (update.type === 'reset') {
      setRound((r) => r + 1);
      return;
    }
    if (update.type === 'event') return;
    pending.current.set(update.app, update.type === 'deleted' ? null : update.status);
    clearTimeout(summaryTimer.current);
    summaryTimer.current = setTimeout(() => void loadSummary(), 1500);
  });
  useEffect(() => () => clearTimeout(summaryTimer.current), []);

  const [search, setSearch] = useState(state.search);
  useEffect(() => setSearch(state.search), [state.search]);
  useEffect(() => {
    if (search === state.search) return;
    const timer = setTimeout(() => setState({ ...state, search }, true), 250);
    return () => clearTimeout(timer);
  }, [search, state, setState]);
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const items = data?.items ?? [];
  const total = summary?.total ?? (data ? items.length + data.remaining : undefined);

  return (
    <main className="page list-page">
      <div className="page-head">
        <h1>Applications</h1>
        <span className="muted" aria-live="polite">
          {total === undefined ? '' : plural(total, 'application')}
          {data && total !== undefined && items.length < total ? ` · ${items.length.toLocaleString('en')} loaded` : ''}
        </span>
      </div>
      <Counts summary={summary} state={state} onPick={(filter, value) => setState(withFilter(state, filter, state.filters[filter] === value ? undefined : value))} />
      {summaryError !== undefined && !summary && <ErrorBox error={summaryError} inline onRetry={() => void loadSummary()} />}
      <div className="toolbar" role="search">
        <label className="search">
          <span className="sr-only">Search applications by name</span>
          <input ref={searchBox} type="search" placeholder="Search by name  ( / )" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <FilterSelect label="Sync" value={state.filters.sync} options={[...SYNC_ORDER]} describe={(v) => `${syncLook(v).icon} ${v}`} onChange={(v) => setState(withFilter(state, 'sync', v))} />
        <FilterSelect label="Health" value={state.filters.health} options={[...HEALTH_ORDER]} describe={(v) => `${healthLook(v).icon} ${v}`} onChange={(v) => setState(withFilter(state, 'health', v))} />
        <FilterSelect label="Project" value={state.filters.project} options={summary?.projects ?? []} onChange={(v) => setState(withFilter(state, 'project', v))} />
        <FilterSelect label="Repository" value={state.filters.repo} options={summary?.repos ?? []} describe={displayRepo} onChange={(v) => setState(withFilter(state, 'repo', v))} />
        <FilterSelect label="Namespace" value={state.filters.namespace} options={summary?.namespaces ?? []} onChange={(v) => setState(withFilter(state, 'namespace', v))} />
        <FilterSelect label="Cluster" value={state.filters.cluster} options={summary?.clusters ?? []} onChange={(v) => setState(withFilter(state, 'cluster', v))} />
        {activeFilterCount(state) > 0 && (
          <button type="button" onClick={() => setState({ ...DEFAULT_LIST_STATE, view: state.view })}>
            Clear filters
          </button>
        )}
        <div className="segmented" role="radiogroup" aria-label="View">
          {(['tiles', 'table'] as const).map((view) => (
            <button key={view} type="button" role="radio" aria-checked={state.view === view} onClick={() => setState({ ...state, view }, true)}>
              {view === 'tiles' ? '▦ Tiles' : '☰ Table'}
            </button>
          ))}
        </div>
      </div>
      {error !== undefined ? (
        <ErrorBox error={error} onRetry={() => setRound((r) => r + 1)} />
      ) : !data ? (
        <Loading what="applications" />
      ) : items.length === 0 ? (
        activeFilterCount(state) > 0 ? (
          <Empty title="No application matches these filters">
            <button type="button" onClick={() => setState({ ...DEFAULT_LIST_STATE, view: state.view })}>
              Clear filters
            </button>
          </Empty>
        ) : (
          <Empty title="No applications yet">
            <p>
              Create one with <code>ferry app create -f app.yaml</code> or <code>POST /api/v1/applications</code>; it appears here at once.
            </p>
          </Empty>
        )
      ) : state.view === 'table' ? (
        <AppTable items={items} onNearEnd={loadMore} />
      ) : (
        <AppTiles items={items} onNearEnd={loadMore} />
      )}
    </main>
  );
}

function Counts({ summary, state, onPick }: { readonly summary: ApplicationSummary | undefined; readonly state: ListState; readonly onPick: (filter: ListFilter, value: string) => void }) {
  if (!summary) return <div className="counts placeholder" aria-hidden="true" />;
  const chip = (filter: ListFilter, value: string, count: number, look: { icon: string; tone: string }) => (
    <button key={`${filter}-${value}`} type="button" className={`chip tone-${look.tone}`} aria-pressed={state.filters[filter] === value} onClick={() => onPick(filter, value)} title={`Show only ${value}`}>
      <span aria-hidden="true">{look.icon}</span> {value} <strong>{count.toLocaleString('en')}</strong>
    </button>
  );
  return (
    <div className="counts" aria-label="Counts by status">
      <div className="count-group" role="group" aria-label="Sync status">
        {SYNC_ORDER.filter((s) => (summary.sync[s] ?? 0) > 0 || s !== 'Unknown').map((s) => chip('sync', s, summary.sync[s] ?? 0, syncLook(s)))}
      </div>
      <div className="count-group" role="group" aria-label="Health status">
        {HEALTH_ORDER.filter((h) => (summary.health[h] ?? 0) > 0 || h === 'Healthy' || h === 'Degraded').map((h) => chip('health', h, summary.health[h] ?? 0, healthLook(h)))}
      </div>
    </div>
  );
}

function FilterSelect({ label, value, options, onChange, describe }: { readonly label: string; readonly value: string | undefined; readonly options: readonly string[]; readonly onChange: (value: string | undefined) => void; readonly describe?: (value: string) => string }) {
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">All</option>
        {all.map((option) => (
          <option key={option} value={option}>
            {describe ? describe(option) : option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Arrow keys, Home, End and Enter over a list whose rows may hold several items (tiles). */
function useListKeys(count: number, perRow: number, open: (index: number) => void) {
  const [active, setActive] = useState(-1);
  useEffect(() => setActive((a) => (a >= count ? count - 1 : a)), [count]);
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: perRow, ArrowUp: -perRow, ArrowRight: perRow > 1 ? 1 : 0, ArrowLeft: perRow > 1 ? -1 : 0, PageDown: perRow * 10, PageUp: -perRow * 10 };
    if (event.key in moves) {
      event.preventDefault();
      setActive((a) => moveIndex(a, moves[event.key] ?? 0, count));
    } else if (event.key === 'Home') {
      event.preventDefault();
      setActive(count > 0 ? 0 : -1);
    } else if (event.key === 'End') {
      event.preventDefault();
      setActive(count - 1);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      open(active);
    }
  };
  return { active, setActive, onKeyDown };
}

function AppTable({ items, onNearEnd }: { readonly items: readonly Application[]; readonly onNearEnd: () => void }) {
  const now = Date.now();
  const keys = useListKeys(items.length, 1, (i) => items[i] && navigate(appPath(items[i].metadata.name)));
  return (
    <div className="app-table" role="table" aria-label="Applications" aria-rowcount={items.length + 1}>
      <div className="app-row head" role="row">
        {['Name', 'Sync', 'Health', 'Project', 'Repository', 'Path', 'Destination', 'Revision', 'Compared'].map((h) => (
          <span key={h} role="columnheader">
            {h}
          </span>
        ))}
      </div>
      <div className="list-focus" tabIndex={0} onKeyDown={keys.onKeyDown} aria-label="Application rows: arrow keys move, Enter opens">
        <VirtualList
          count={items.length}
          rowHeight={ROW_HEIGHT}
          activeIndex={keys.active}
          onNearEnd={onNearEnd}
          label="Application rows"
          className="app-table-body"
          renderRow={(i) => {
            const app = items[i] as Application;
            return (
              <div className={`app-row${i === keys.active ? ' active' : ''}`} role="row" aria-rowindex={i + 2} aria-selected={i === keys.active} onMouseDown={() => keys.setActive(i)}>
                <span role="cell" className="name-cell">
                  <Link to={appPath(app.metadata.name)} tabIndex={-1}>
                    {app.metadata.name}
                  </Link>
                </span>
                <span role="cell">
                  <SyncBadge status={app.status.sync.status} />
                </span>
                <span role="cell">
                  <HealthBadge status={app.status.health.status} />
                </span>
                <span role="cell">{app.spec.project ?? 'default'}</span>
                <span role="cell" className="ellipsis" title={app.spec.source.repoURL}>
                  {displayRepo(app.spec.source.repoURL)}
                </span>
                <span role="cell" className="ellipsis">
                  {app.spec.source.path ?? app.spec.source.chart ?? ''}
                </span>
                <span role="cell" className="ellipsis">
                  {destinationOf(app)}
                </span>
                <span role="cell" className="mono ellipsis" title={app.status.sync.revision}>
                  {shortRevision(app.status.sync.revision)}
                </span>
                <span role="cell" className="muted ellipsis">
                  {app.status.operation?.phase === 'Running' ? <OperationBadge status="Running" /> : timeAgo(app.status.reconciledAt, now)}
                </span>
              </div>
            );
          }}
        />
      </div>
    </div>
  );
}

function AppTiles({ items, onNearEnd }: { readonly items: readonly Application[]; readonly onNearEnd: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1200);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const columns = columnsFor(width - 16, TILE_MIN_WIDTH, TILE_GAP);
  const rows = Math.ceil(items.length / columns);
  const keys = useListKeys(items.length, columns, (i) => items[i] && navigate(appPath(items[i].metadata.name)));
  return (
    <div ref={box} className="tiles list-focus" tabIndex={0} onKeyDown={keys.onKeyDown} aria-label="Applications as tiles: arrow keys move, Enter opens" role="list">
      <VirtualList
        count={rows}
        rowHeight={TILE_HEIGHT + TILE_GAP}
        activeIndex={keys.active < 0 ? undefined : Math.floor(keys.active / columns)}
        onNearEnd={onNearEnd}
        label="Application tiles"
        renderRow={(row) => (
          <div className="tile-row" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: TILE_GAP, height: TILE_HEIGHT }}>
            {items.slice(row * columns, row * columns + columns).map((app, j) => {
              const index = row * columns + j;
              return <Tile key={app.metadata.name} app={app} active={index === keys.active} onPointer={() => keys.setActive(index)} />;
            })}
          </div>
        )}
      />
    </div>
  );
}

function Tile({ app, active, onPointer }: { readonly app: Application; readonly active: boolean; readonly onPointer: () => void }) {
  const status = app.status;
  const health = healthLook(status.health.status);
  return (
    <article className={`tile tone-border-${health.tone}${active ? ' active' : ''}`} role="listitem" aria-selected={active} onMouseDown={onPointer}>
      <header className="tile-head">
        <Link to={appPath(app.metadata.name)} className="tile-name" tabIndex={-1}>
          {app.metadata.name}
        </Link>
        {status.pin && (
          <span className="pin" title={`Pinned to ${shortRevision(status.pin.revision)} by a rollback`}>
            <span aria-hidden="true">⚑</span> pinned
          </span>
        )}
      </header>
      <div className="tile-status">
        <HealthBadge status={status.health.status} />
        <SyncBadge status={status.sync.status} />
        {status.operation?.phase === 'Running' && <OperationBadge status="Running" title={status.operation.message} />}
      </div>
      <dl className="tile-facts">
        <dt>Project</dt>
        <dd>{app.spec.project ?? 'default'}</dd>
        <dt>Repository</dt>
        <dd className="ellipsis" title={app.spec.source.repoURL}>
          {displayRepo(app.spec.source.repoURL)}
          {app.spec.source.path ? ` · ${app.spec.source.path}` : ''}
        </dd>
        <dt>Destination</dt>
        <dd className="ellipsis">{destinationOf(app)}</dd>
        <dt>Revision</dt>
        <dd className="mono" title={status.sync.revision}>
          {shortRevision(status.sync.revision)}
          {app.spec.syncPolicy?.automated ? ' · auto-sync' : ''}
        </dd>
      </dl>
    </article>
  );
}
