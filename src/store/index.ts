/**
 * store: the persistence port (applications, operations, history, events). The node:sqlite
 * adapter lives in `sqlite/` and is picked by compose.ts.
 */
export type {
  JsonObject,
  StoredApplication,
  ApplicationRepository,
  OperationPhase,
  StoredOperation,
  OperationRepository,
  HistoryEntryInput,
  HistoryEntry,
  HistoryRepository,
  StoredEvent,
  EventRepository,
  FerryStore,
  TokenRole,
  StoredToken,
  TokenRepository,
  SettingRepository,
} from './types.ts';
