import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { FerryError, messageOf, type Clock } from '../../core/index.ts';
import type {
  ApplicationRepository,
  EventRepository,
  FerryStore,
  HistoryEntry,
  HistoryRepository,
  JsonObject,
  OperationPhase,
  OperationRepository,
  StoredApplication,
  StoredEvent,
  StoredOperation,
  StoredToken,
  SettingRepository,
  TokenRepository,
  TokenRole,
} from '../types.ts';
import { MIGRATIONS } from './schema.ts';

/** Events kept per application; older ones are dropped as new ones arrive. */
const EVENTS_KEPT_PER_APP = 1000;
const FINISHED: readonly OperationPhase[] = ['Succeeded', 'Failed', 'Error'];

type Row = Record<string, SQLInputValue>;

function parse(text: unknown): JsonObject {
  return JSON.parse(String(text)) as JsonObject;
}

function migrate(db: DatabaseSync): void {
  const current = Number((db.prepare('PRAGMA user_version').get() as Row).user_version);
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version] ?? '');
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

function openDatabase(file: string): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  try {
    const db = new DatabaseSync(file);
    // WAL: readers never block the writer, and a killed process loses no committed transaction.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    migrate(db);
    return db;
  } catch (error) {
    throw new FerryError('STORE_OPEN_FAILED', `cannot open the Ferry database ${file}: ${messageOf(error)}`, { cause: error });
  }
}

function toApplication(row: Row): StoredApplication {
  return {
    name: String(row.name),
    manifest: parse(row.manifest),
    ...(row.status !== null && row.status !== undefined && { status: parse(row.status) }),
    version: Number(row.version),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

function toOperation(row: Row): StoredOperation {
  return {
    id: Number(row.id),
    app: String(row.app),
    phase: String(row.phase) as OperationPhase,
    state: parse(row.state),
    startedAt: String(row.started_at),
    ...(row.finished_at !== null && row.finished_at !== undefined && { finishedAt: String(row.finished_at) }),
  };
}

function toEvent(row: Row): StoredEvent {
  return { id: Number(row.id), app: String(row.app), time: String(row.time), type: String(row.type) as StoredEvent['type'], reason: String(row.reason), message: String(row.message) };
}

/**
 * Opens (creating when needed) the store in `file` (`:memory:` for tests). Every write is one
 * committed transaction when the call returns.
 */
export function openSqliteStore(file: string, deps: { readonly clock: Clock }): FerryStore {
  const db = openDatabase(file);
  const now = () => deps.clock.now().toISOString();
  // Prepared once per SQL text: preparing is most of the cost of a small query.
  const prepared = new Map<string, StatementSync>();
  const statement = (sql: string): StatementSync => {
    let found = prepared.get(sql);
    if (!found) prepared.set(sql, (found = db.prepare(sql)));
    return found;
  };
  let depth = 0;

  function transaction<T>(work: () => T): T {
    // Nested calls join the outer transaction: repositories use this too.
    if (depth > 0) return work();
    depth++;
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    } finally {
      depth--;
    }
  }

  const getApp = statement('SELECT * FROM applications WHERE name = ?');
  const applications: ApplicationRepository = {
    list: () => (statement('SELECT * FROM applications ORDER BY name').all() as Row[]).map(toApplication),
    get: (name) => {
      const row = getApp.get(name) as Row | undefined;
      return row ? toApplication(row) : undefined;
    },
    create: (name, manifest) =>
      transaction(() => {
        if (getApp.get(name)) throw new FerryError('STORE_ALREADY_EXISTS', `application ${name} already exists`, { httpStatus: 409 });
        const time = now();
        statement('INSERT INTO applications (name, manifest, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)').run(name, JSON.stringify(manifest), time, time);
        return toApplication(getApp.get(name) as Row);
      }),
    update: (name, manifest, expectedVersion) =>
      transaction(() => {
        const row = getApp.get(name) as Row | undefined;
        if (!row) throw new FerryError('STORE_NOT_FOUND', `application ${name} not found`, { httpStatus: 404 });
        if (expectedVersion !== undefined && Number(row.version) !== expectedVersion) {
          throw new FerryError('STORE_CONFLICT', `application ${name} was changed meanwhile (version ${String(row.version)}, expected ${expectedVersion}): reload and retry`, { httpStatus: 409 });
        }
        statement('UPDATE applications SET manifest = ?, version = version + 1, updated_at = ? WHERE name = ?').run(JSON.stringify(manifest), now(), name);
        return toApplication(getApp.get(name) as Row);
      }),
    setStatus: (name, status) => {
      statement('UPDATE applications SET status = ? WHERE name = ?').run(JSON.stringify(status), name);
    },
    delete: (name) =>
      transaction(() => {
        const removed = statement('DELETE FROM applications WHERE name = ?').run(name).changes > 0;
        for (const table of ['operations', 'history', 'history_counters', 'events']) statement(`DELETE FROM ${table} WHERE app = ?`).run(name);
        return removed;
      }),
  };

  const getOperation = statement('SELECT * FROM operations WHERE id = ?');
  const operations: OperationRepository = {
    start: (app, state) => {
      const result = statement('INSERT INTO operations (app, phase, state, started_at) VALUES (?, ?, ?, ?)').run(app, 'Running', JSON.stringify(state), now());
      return toOperation(getOperation.get(result.lastInsertRowid) as Row);
    },
    save: (id, phase, state) => {
      const finishedAt = FINISHED.includes(phase) ? now() : null;
      const result = statement('UPDATE operations SET phase = ?, state = ?, finished_at = COALESCE(finished_at, ?) WHERE id = ?').run(phase, JSON.stringify(state), finishedAt, id);
      if (result.changes === 0) throw new FerryError('STORE_NOT_FOUND', `operation ${id} not found`, { httpStatus: 404 });
      return toOperation(getOperation.get(id) as Row);
    },
    get: (id) => {
      const row = getOperation.get(id) as Row | undefined;
      return row ? toOperation(row) : undefined;
    },
    unfinished: () => (statement('SELECT * FROM operations WHERE finished_at IS NULL ORDER BY id').all() as Row[]).map(toOperation),
    latest: (app) => {
      const row = statement('SELECT * FROM operations WHERE app = ? ORDER BY id DESC LIMIT 1').get(app) as Row | undefined;
      return row ? toOperation(row) : undefined;
    },
  };

  const history: HistoryRepository = {
    append: (input, limit) =>
      transaction(() => {
        statement('INSERT INTO history_counters (app, last_id) VALUES (?, 1) ON CONFLICT (app) DO UPDATE SET last_id = last_id + 1').run(input.app);
        const id = Number((statement('SELECT last_id FROM history_counters WHERE app = ?').get(input.app) as Row).last_id);
        const { manifests, ...rest } = input;
        const entry = { ...rest, id };
        statement('INSERT INTO history (app, id, entry, manifests) VALUES (?, ?, ?, ?)').run(input.app, id, JSON.stringify(entry), JSON.stringify(manifests));
        statement('DELETE FROM history WHERE app = ? AND id <= ?').run(input.app, id - Math.max(1, limit));
        return { ...entry, manifests };
      }),
    list: (app) =>
      (statement('SELECT entry FROM history WHERE app = ? ORDER BY id DESC').all(app) as Row[]).map((row) => parse(row.entry) as unknown as Omit<HistoryEntry, 'manifests'>),
    get: (app, id) => {
      const row = statement('SELECT entry, manifests FROM history WHERE app = ? AND id = ?').get(app, id) as Row | undefined;
      if (!row) return undefined;
      return { ...(parse(row.entry) as unknown as Omit<HistoryEntry, 'manifests'>), manifests: JSON.parse(String(row.manifests)) as JsonObject[] };
    },
  };

  const events: EventRepository = {
    append: (event) =>
      transaction(() => {
        const result = statement('INSERT INTO events (app, time, type, reason, message) VALUES (?, ?, ?, ?, ?)').run(event.app, event.time, event.type, event.reason, event.message);
        const id = Number(result.lastInsertRowid);
        if (id % 100 === 0) statement('DELETE FROM events WHERE app = ? AND id <= (SELECT id FROM events WHERE app = ? ORDER BY id DESC LIMIT 1 OFFSET ?)').run(event.app, event.app, EVENTS_KEPT_PER_APP);
        return { ...event, id };
      }),
    list: (app, options = {}) => {
      const rows = statement('SELECT * FROM events WHERE app = ? AND id > ? ORDER BY id DESC LIMIT ?').all(app, options.afterId ?? 0, options.limit ?? EVENTS_KEPT_PER_APP) as Row[];
      return rows.map(toEvent).reverse();
    },
  };

  const toToken = (row: Row): StoredToken => ({
    id: Number(row.id),
    name: String(row.name),
    role: String(row.role) as TokenRole,
    hash: String(row.hash),
    createdAt: String(row.created_at),
    ...(row.expires_at !== null && row.expires_at !== undefined && { expiresAt: String(row.expires_at) }),
  });
  const tokens: TokenRepository = {
    create: (token) => {
      const result = statement('INSERT INTO tokens (name, role, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(token.name, token.role, token.hash, now(), token.expiresAt ?? null);
      return toToken(statement('SELECT * FROM tokens WHERE id = ?').get(result.lastInsertRowid) as Row);
    },
    findByHash: (hash) => {
      const row = statement('SELECT * FROM tokens WHERE hash = ?').get(hash) as Row | undefined;
      return row ? toToken(row) : undefined;
    },
    list: () => (statement('SELECT * FROM tokens ORDER BY id').all() as Row[]).map(toToken),
    delete: (id) => statement('DELETE FROM tokens WHERE id = ?').run(id).changes > 0,
  };
  const settings: SettingRepository = {
    get: (key) => {
      const row = statement('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
      return row ? String(row.value) : undefined;
    },
    set: (key, value) => {
      statement('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    },
  };

  return { applications, tokens, settings, operations, history, events, transaction, close: () => db.close() };
}
