import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  DEFAULT_APP_STATE,
  DEFAULT_LIST_STATE,
  formatAppState,
  formatListState,
  formatResourceRef,
  listApiQuery,
  parseAppState,
  parseListState,
  parseResourceRef,
  withFilter,
  type ListState,
} from './url-state.ts';

describe('list state', () => {
  it.each<[string, ListState]>([
    ['', DEFAULT_LIST_STATE],
    ['?view=table', { view: 'table', search: '', filters: {} }],
    ['?sync=OutOfSync&health=Degraded&q=web', { view: 'tiles', search: 'web', filters: { sync: 'OutOfSync', health: 'Degraded' } }],
    ['?project=team-a&repo=https%3A%2F%2Fgit.example.com%2Fa.git&namespace=prod&cluster=in-cluster', { view: 'tiles', search: '', filters: { project: 'team-a', repo: 'https://git.example.com/a.git', namespace: 'prod', cluster: 'in-cluster' } }],
  ])('round-trips %j', (query, state) => {
    expect(parseListState(query)).toEqual(state);
    expect(formatListState(state)).toBe(query);
  });

  it('drops values the API would refuse and views it does not know', () => {
    expect(parseListState('?sync=Sideways&health=healthy&view=grid&namespace=%20%20')).toEqual(DEFAULT_LIST_STATE);
  });

  it('prints a canonical order whatever order the URL had', () => {
    expect(formatListState(parseListState('q=x&cluster=c&sync=Synced&view=table'))).toBe('?view=table&sync=Synced&cluster=c&q=x');
  });

  it('asks the API for the same selection, with the search in lower case and a page', () => {
    const state = parseListState('?view=table&health=Healthy&q=Web');
    expect(listApiQuery(state, { limit: 100, continue: 'd2Vi' })).toBe('?health=Healthy&search=web&limit=100&continue=d2Vi');
    expect(listApiQuery(DEFAULT_LIST_STATE)).toBe('');
  });

  it('sets and clears one filter and counts the active ones', () => {
    const state = withFilter(withFilter(DEFAULT_LIST_STATE, 'sync', 'OutOfSync'), 'project', 'p');
    expect(activeFilterCount({ ...state, search: ' x ' })).toBe(3);
    expect(withFilter(state, 'sync', undefined).filters).toEqual({ project: 'p' });
  });
});

describe('application page state', () => {
  it('round-trips a selected resource, its panel and the diff mode', () => {
    const state = { ...DEFAULT_APP_STATE, resource: { group: 'apps', kind: 'Deployment', namespace: 'default', name: 'web' }, panel: 'diff' as const, diff: 'split' as const, filter: 'web' };
    const query = formatAppState(state);
    expect(query).toBe('?resource=apps%2FDeployment%2Fdefault%2Fweb&panel=diff&diff=split&filter=web');
    expect(parseAppState(query)).toEqual(state);
  });

  it('keeps the defaults out of the URL', () => {
    expect(formatAppState(DEFAULT_APP_STATE)).toBe('');
    expect(formatAppState({ ...DEFAULT_APP_STATE, panel: 'live' })).toBe('');
    expect(parseAppState('?tab=history')).toEqual({ ...DEFAULT_APP_STATE, tab: 'history' });
  });

  it.each([
    ['/Service/default/web', { group: '', kind: 'Service', namespace: 'default', name: 'web' }],
    ['rbac.authorization.k8s.io/ClusterRole//admin', { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'admin' }],
    ['apps/Deployment/default', undefined],
    ['apps//default/web', undefined],
    ['a/b/c/d/e', undefined],
    ['', undefined],
  ])('resource reference %j', (text, ref) => {
    expect(parseResourceRef(text)).toEqual(ref);
    if (ref) expect(formatResourceRef(ref)).toBe(text);
  });
});
