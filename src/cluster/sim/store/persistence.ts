import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { FerryError, messageOf } from '../../../core/index.ts';

/** One stored row: the object's JSON under its resource, namespace and name. */
export interface StoredRow {
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly body: string;
}

/**
 * Where the store's objects live between runs. Writes arrive inside `transaction`, which
 * commits before it returns: once a store call returns, a kill -9 cannot lose its write.
 */
export interface Persistence {
  load(): { rows: StoredRow[]; resourceVersion: number };
  transaction<T>(work: () => T): T;
  put(row: StoredRow): void;
  remove(resource: string, namespace: string, name: string): void;
  setResourceVersion(rv: number): void;
  close(): void;
}

/** Memory only: nothing survives the process. */
export function memoryPersistence(): Persistence {
  return {
    load: () => ({ rows: [], resourceVersion: 0 }),
    transaction: (work) => work(),
    put: () => undefined,
    remove: () => undefined,
    setResourceVersion: () => undefined,
    close: () => undefined,
  };
}

export const DATABASE_FILE = 'cluster.db';

/**
 * SQLite in WAL mode with `synchronous=NORMAL`: a commit is in the WAL (the OS has it) before
 * the transaction returns, which survives the process being killed; only a power loss could
 * drop the last commits, a trade the embedded cluster accepts for ~10× faster writes.
 */
export function sqlitePersistence(dataDir: string): Persistence {
  let db: DatabaseSync;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new DatabaseSync(path.join(dataDir, DATABASE_FILE));
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS objects (
      resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
      PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID`);
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
  } catch (error) {
    throw new FerryError('CLUSTER_STORE_OPEN_FAILED', `open cluster database in ${dataDir}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const putStatement: StatementSync = db.prepare(
    'INSERT INTO objects (resource, namespace, name, body) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (resource, namespace, name) DO UPDATE SET body = excluded.body',
  );
  const removeStatement = db.prepare('DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?');
  const setMeta = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  let depth = 0;
  return {
    load() {
      const rows = db.prepare('SELECT resource, namespace, name, body FROM objects').all() as unknown as StoredRow[];
      const meta = db.prepare("SELECT value FROM meta WHERE key = 'resourceVersion'").get() as
        | { value: string }
        | undefined;
      return { rows, resourceVersion: meta ? Number(meta.value) : 0 };
    },
    transaction(work) {
      if (depth > 0) return work();
      db.exec('BEGIN IMMEDIATE');
      depth++;
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
    },
    put(row) {
      putStatement.run(row.resource, row.namespace, row.name, row.body);
    },
    remove(resource, namespace, name) {
      removeStatement.run(resource, namespace, name);
    },
    setResourceVersion(rv) {
      setMeta.run('resourceVersion', String(rv));
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}
