/**
 * The database layout, versioned with `PRAGMA user_version`: each migration runs once, in order,
 * inside a transaction, so an old data directory opens with a newer Ferry.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE applications (
    name TEXT PRIMARY KEY,
    manifest TEXT NOT NULL,
    status TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE operations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    app TEXT NOT NULL,
    phase TEXT NOT NULL,
    state TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX operations_by_app ON operations (app, id);
  CREATE INDEX operations_unfinished ON operations (phase) WHERE finished_at IS NULL;
  CREATE TABLE history (
    app TEXT NOT NULL,
    id INTEGER NOT NULL,
    entry TEXT NOT NULL,
    manifests TEXT NOT NULL,
    PRIMARY KEY (app, id)
  );
  CREATE TABLE history_counters (
    app TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
  );
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    app TEXT NOT NULL,
    time TEXT NOT NULL,
    type TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL
  );
  CREATE INDEX events_by_app ON events (app, id);
  `,
  `
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT
  );
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];
