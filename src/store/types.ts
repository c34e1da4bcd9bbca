/**
 * The persistence port: what Ferry remembers across restarts — applications as users gave them,
 * their last known status, running operations (so a restart can resume them), the history of
 * syncs (with the rendered manifests, for rollback) and events. The sqlite adapter in `sqlite/`
 * implements it; tests may use it with an in-memory database.
 *
 * Calls are synchronous: when one returns, its write is committed.
 */
export type JsonObject = Record<string, unknown>;

export interface StoredApplication {
  readonly name: string;
  /** The Application as the user gave it (spec and metadata), validated before it was stored. */
  readonly manifest: JsonObject;
  /** What the engine last observed (sync, health, operation, pin...), owned by the engine. */
  readonly status?: JsonObject;
  /** Bumped on every manifest change: a precondition for updates (optimistic concurrency). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ApplicationRepository {
  list(): StoredApplication[];
  get(name: string): StoredApplication | undefined;
  /** Creates; STORE_ALREADY_EXISTS when the name is taken. */
  create(name: string, manifest: JsonObject): StoredApplication;
  /** Replaces the manifest; `expectedVersion` (when given) must match, else STORE_CONFLICT. */
  update(name: string, manifest: JsonObject, expectedVersion?: number): StoredApplication;
  /** Replaces the status only (never conflicts: the engine is its only writer). */
  setStatus(name: string, status: JsonObject): void;
  /** Removes the application with its operations, history and events; false when unknown. */
  delete(name: string): boolean;
}

export type OperationPhase = 'Running' | 'Terminating' | 'Succeeded' | 'Failed' | 'Error';

export interface StoredOperation {
  readonly id: number;
  readonly app: string;
  readonly phase: OperationPhase;
  /** The serialised step machine: enough to resume after a restart. */
  readonly state: JsonObject;
  readonly startedAt: string;
  readonly finishedAt?: string;
}

export interface OperationRepository {
  start(app: string, state: JsonObject): StoredOperation;
  /** Saves a step's new state; a finished phase sets `finishedAt`. */
  save(id: number, phase: OperationPhase, state: JsonObject): StoredOperation;
  get(id: number): StoredOperation | undefined;
  /** Operations not finished (Running or Terminating): what a restart must resume or fail. */
  unfinished(): StoredOperation[];
  /** The latest operation of an application, finished or not. */
  latest(app: string): StoredOperation | undefined;
}

export interface HistoryEntryInput {
  readonly app: string;
  readonly revision: string;
  readonly source: JsonObject;
  readonly commitMessage: string;
  readonly commitAuthor: string;
  /** The rendered objects that were applied: rollback re-applies exactly these. */
  readonly manifests: readonly JsonObject[];
  readonly results: readonly JsonObject[];
  readonly initiator: string;
  readonly phase: OperationPhase;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly operationId?: number;
}

export interface HistoryEntry extends HistoryEntryInput {
  /** Increases per application, never reused (Argo CD's history id). */
  readonly id: number;
}

export interface HistoryRepository {
  /** Appends and trims the application's history to its `limit` newest entries. */
  append(entry: HistoryEntryInput, limit: number): HistoryEntry;
  /** Newest first, without manifests (they can be large): use `get` for them. */
  list(app: string): Omit<HistoryEntry, 'manifests'>[];
  get(app: string, id: number): HistoryEntry | undefined;
}

export interface StoredEvent {
  readonly id: number;
  readonly app: string;
  readonly time: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface EventRepository {
  append(event: Omit<StoredEvent, 'id'>): StoredEvent;
  /** Oldest first; `afterId` for "what is new since". Bounded by `limit` (newest kept). */
  list(app: string, options?: { readonly afterId?: number; readonly limit?: number }): StoredEvent[];
}

export type TokenRole = 'admin' | 'readonly';

export interface StoredToken {
  readonly id: number;
  readonly name: string;
  readonly role: TokenRole;
  /** SHA-256 of the token: the token itself is never stored. */
  readonly hash: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
}

export interface TokenRepository {
  create(token: Omit<StoredToken, 'id' | 'createdAt'>): StoredToken;
  findByHash(hash: string): StoredToken | undefined;
  list(): StoredToken[];
  delete(id: number): boolean;
}

/** Small named values Ferry keeps for itself (the demo's set-up, one-time markers). */
export interface SettingRepository {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface FerryStore {
  readonly applications: ApplicationRepository;
  readonly tokens: TokenRepository;
  readonly settings: SettingRepository;
  readonly operations: OperationRepository;
  readonly history: HistoryRepository;
  readonly events: EventRepository;
  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: () => T): T;
  close(): void;
}
