import { describe, expect, it } from 'vitest';
import { ManualClock, isFerryError } from '../../core/index.ts';
import { openSqliteStore } from './sqlite-store.ts';

function store() {
  return openSqliteStore(':memory:', { clock: new ManualClock('2026-03-01T10:00:00Z') });
}

function entry(app: string, revision: string) {
  return { app, revision, source: { repoURL: 'r' }, commitMessage: 'm', commitAuthor: 'a', manifests: [{ kind: 'ConfigMap' }], results: [], initiator: 'automated', phase: 'Succeeded' as const, startedAt: 't0', finishedAt: 't1' };
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return isFerryError(error) ? error.code : 'not a FerryError';
  }
  return undefined;
}

describe('sqlite store: applications', () => {
  it('creates, updates with a version precondition, sets status and deletes', () => {
    const s = store();
    const created = s.applications.create('web', { spec: { a: 1 } });
    expect(created).toEqual({ name: 'web', manifest: { spec: { a: 1 } }, version: 1, createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' });
    expect(codeOf(() => s.applications.create('web', {}))).toBe('STORE_ALREADY_EXISTS');
    expect(s.applications.update('web', { spec: { a: 2 } }, 1).version).toBe(2);
    expect(codeOf(() => s.applications.update('web', { spec: { a: 3 } }, 1))).toBe('STORE_CONFLICT');
    expect(codeOf(() => s.applications.update('nope', {}))).toBe('STORE_NOT_FOUND');
    s.applications.setStatus('web', { sync: 'Synced' });
    expect(s.applications.get('web')?.status).toEqual({ sync: 'Synced' });
    expect(s.applications.list().map((a) => a.name)).toEqual(['web']);
    expect(s.applications.delete('web')).toBe(true);
    expect(s.applications.get('web')).toBeUndefined();
    expect(s.applications.delete('web')).toBe(false);
  });

  it('deletes an application’s history, operations and events with it', () => {
    const s = store();
    s.applications.create('web', {});
    s.history.append(entry('web', 'abc'), 10);
    s.operations.start('web', { step: 1 });
    s.events.append({ app: 'web', time: 't', type: 'Normal', reason: 'Synced', message: 'ok' });
    s.applications.delete('web');
    expect([s.history.list('web'), s.operations.latest('web'), s.events.list('web')]).toEqual([[], undefined, []]);
  });
});

describe('sqlite store: operations', () => {
  it('keeps unfinished operations until they reach a final phase', () => {
    const s = store();
    const op = s.operations.start('web', { step: 'dry-run' });
    expect(s.operations.unfinished().map((o) => o.id)).toEqual([op.id]);
    s.operations.save(op.id, 'Running', { step: 'wave 1' });
    expect(s.operations.get(op.id)?.state).toEqual({ step: 'wave 1' });
    const done = s.operations.save(op.id, 'Succeeded', { step: 'done' });
    expect(done.finishedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(s.operations.unfinished()).toEqual([]);
    expect(s.operations.latest('web')?.phase).toBe('Succeeded');
    expect(codeOf(() => s.operations.save(999, 'Failed', {}))).toBe('STORE_NOT_FOUND');
  });
});

describe('sqlite store: history', () => {
  it('numbers entries per application and trims to the limit, keeping ids', () => {
    const s = store();
    for (const revision of ['r1', 'r2', 'r3', 'r4']) s.history.append(entry('web', revision), 2);
    s.history.append(entry('api', 'x1'), 2);
    expect(s.history.list('web').map((h) => [h.id, h.revision])).toEqual([[4, 'r4'], [3, 'r3']]);
    expect(s.history.list('api').map((h) => h.id)).toEqual([1]);
    expect(s.history.get('web', 3)?.manifests).toEqual([{ kind: 'ConfigMap' }]);
    expect(s.history.get('web', 1)).toBeUndefined();
    expect('manifests' in (s.history.list('web')[0] ?? {})).toBe(false);
  });
});

describe('sqlite store: events and transactions', () => {
  it('lists events oldest first, after an id, bounded', () => {
    const s = store();
    const ids = ['a', 'b', 'c'].map((reason) => s.events.append({ app: 'web', time: 't', type: 'Normal', reason, message: '' }).id);
    expect(s.events.list('web').map((e) => e.reason)).toEqual(['a', 'b', 'c']);
    expect(s.events.list('web', { afterId: ids[0] }).map((e) => e.reason)).toEqual(['b', 'c']);
    expect(s.events.list('web', { limit: 1 }).map((e) => e.reason)).toEqual(['c']);
  });

  it('keeps all or nothing of a transaction', () => {
    const s = store();
    expect(() =>
      s.transaction(() => {
        s.applications.create('a', {});
        s.applications.create('b', {});
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.applications.list()).toEqual([]);
  });
});

describe('sqlite store: tokens and settings', () => {
  it('finds tokens by hash only, and deletes them', () => {
    const s = store();
    const token = s.tokens.create({ name: 'ci', role: 'readonly', hash: 'abc123' });
    expect(s.tokens.findByHash('abc123')).toEqual({ id: token.id, name: 'ci', role: 'readonly', hash: 'abc123', createdAt: '2026-03-01T10:00:00.000Z' });
    expect(s.tokens.findByHash('nope')).toBeUndefined();
    expect(s.tokens.list()).toHaveLength(1);
    expect(s.tokens.delete(token.id)).toBe(true);
    expect(s.tokens.findByHash('abc123')).toBeUndefined();
  });

  it('keeps settings by key', () => {
    const s = store();
    expect(s.settings.get('demo')).toBeUndefined();
    s.settings.set('demo', 'created');
    s.settings.set('demo', 'again');
    expect(s.settings.get('demo')).toBe('again');
  });
});
