/**
 * The state a page keeps in its URL, so a filtered list or an open resource can be bookmarked,
 * shared and restored with Back: parsing forgives (unknown or bad values are dropped), printing
 * is canonical (defaults left out, a fixed order), so equal states give equal URLs.
 */
import { HEALTH_ORDER, SYNC_ORDER } from './status.ts';

export const LIST_FILTERS = ['sync', 'health', 'project', 'repo', 'namespace', 'cluster'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
export type ListView = 'tiles' | 'table';

export interface ListState {
  readonly view: ListView;
  readonly search: string;
  readonly filters: Readonly<Partial<Record<ListFilter, string>>>;
}

export const DEFAULT_LIST_STATE: ListState = { view: 'tiles', search: '', filters: {} };

const ALLOWED: Partial<Record<ListFilter, readonly string[]>> = { sync: SYNC_ORDER, health: HEALTH_ORDER };
const MAX_VALUE = 512;

function params(query: string | URLSearchParams): URLSearchParams {
  return typeof query === 'string' ? new URLSearchParams(query.startsWith('?') ? query.slice(1) : query) : query;
}

export function parseListState(query: string | URLSearchParams): ListState {
  const p = params(query);
  const filters: Partial<Record<ListFilter, string>> = {};
  for (const name of LIST_FILTERS) {
    const value = p.get(name)?.trim();
    if (!value || value.length > MAX_VALUE) continue;
    const allowed = ALLOWED[name];
    if (allowed && !allowed.includes(value)) continue;
    filters[name] = value;
  }
  return { view: p.get('view') === 'table' ? 'table' : 'tiles', search: (p.get('q') ?? '').slice(0, MAX_VALUE), filters };
}

/** `?view=table&sync=OutOfSync&q=web`, or '' for the defaults. */
export function formatListState(state: ListState): string {
  const p = new URLSearchParams();
  if (state.view !== 'tiles') p.set('view', state.view);
  for (const name of LIST_FILTERS) {
    const value = state.filters[name];
    if (value) p.set(name, value);
  }
  const search = state.search.trim();
  if (search) p.set('q', search);
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** The same selection as the API's query: filtering and paging happen on the server. */
export function listApiQuery(state: ListState, page: { readonly limit?: number; readonly continue?: string } = {}): string {
  const p = new URLSearchParams();
  for (const name of LIST_FILTERS) {
    const value = state.filters[name];
    if (value) p.set(name, value);
  }
  const search = state.search.trim().toLowerCase();
  if (search) p.set('search', search);
  if (page.limit) p.set('limit', String(page.limit));
  if (page.continue) p.set('continue', page.continue);
  const text = p.toString();
  return text ? `?${text}` : '';
}

export function withFilter(state: ListState, name: ListFilter, value: string | undefined): ListState {
  const filters = { ...state.filters };
  if (value) filters[name] = value;
  else delete filters[name];
  return { ...state, filters };
}

export function activeFilterCount(state: ListState): number {
  return LIST_FILTERS.filter((name) => state.filters[name]).length + (state.search.trim() ? 1 : 0);
}

// ---- the application page -----------------------------------------------------------------

export const APP_TABS = ['tree', 'history', 'events'] as const;
export type AppTab = (typeof APP_TABS)[number];
export const PANEL_TABS = ['summary', 'diff', 'live', 'desired', 'events'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];
export type DiffMode = 'unified' | 'split';

export interface ResourceRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface AppPageState {
  readonly tab: AppTab;
  readonly resource?: ResourceRef;
  readonly panel: PanelTab;
  readonly diff: DiffMode;
  /** Text that narrows the tree to matching resources. */
  readonly filter: string;
}

export const DEFAULT_APP_STATE: AppPageState = { tab: 'tree', panel: 'summary', diff: 'unified', filter: '' };

/** `apps/Deployment/default/web`; the core group is empty: `/Service/default/web`. */
export function formatResourceRef(ref: ResourceRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function parseResourceRef(text: string | null | undefined): ResourceRef | undefined {
  if (!text) return undefined;
  const parts = text.split('/');
  if (parts.length !== 4) return undefined;
  const [group, kind, namespace, name] = parts as [string, string, string, string];
  if (!kind || !name) return undefined;
  return { group, kind, namespace, name };
}

export function parseAppState(query: string | URLSearchParams): AppPageState {
  const p = params(query);
  const tab = APP_TABS.find((t) => t === p.get('tab')) ?? 'tree';
  const panel = PANEL_TABS.find((t) => t === p.get('panel')) ?? 'summary';
  const resource = parseResourceRef(p.get('resource'));
  return { tab, panel, diff: p.get('diff') === 'split' ? 'split' : 'unified', filter: (p.get('filter') ?? '').slice(0, MAX_VALUE), ...(resource && { resource }) };
}

export function formatAppState(state: AppPageState): string {
  const p = new URLSearchParams();
  if (state.tab !== 'tree') p.set('tab', state.tab);
  if (state.resource) {
    p.set('resource', formatResourceRef(state.resource));
    if (state.panel !== 'summary') p.set('panel', state.panel);
  }
  if (state.diff !== 'unified') p.set('diff', state.diff);
  if (state.filter.trim()) p.set('filter', state.filter.trim());
  const text = p.toString();
  return text ? `?${text}` : '';
}
