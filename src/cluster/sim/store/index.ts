/** The embedded cluster's object store: see `types.ts` for the contract. */
export type {
  ObjectStore,
  GenerationPolicy,
  StoreResource,
  StoreListOptions,
  StoreList,
  StoreWriteOptions,
  StoreDeleteOptions,
  StoreDeleteResult,
  StoreWatchOptions,
  StoreWatchEvent,
  StoreWatch,
  StoreOptions,
} from './types.ts';
export { SimObjectStore } from './object-store.ts';
export { DATABASE_FILE } from './persistence.ts';
export { jsonEqual, deepFreeze } from './json.ts';
export {
  notFoundError,
  alreadyExistsError,
  conflictError,
  tooOldError,
  badRequestError,
  STALE_OBJECT_MESSAGE,
} from './errors.ts';
export type { ResourceName } from './errors.ts';
