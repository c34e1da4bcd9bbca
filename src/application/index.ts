/**
 * application: the Application resource (Argo CD's schema, under argoproj.io or ferry.dev),
 * validated field by field with every problem reported at once, and defaulted. Pure.
 */
export type {
  Application,
  ApplicationApiVersion,
  ApplicationSpec,
  ApplicationSource,
  ApplicationDestination,
  SyncPolicy,
  RetryStrategy,
  FieldProblem,
} from './types.ts';
export { APPLICATION_API_VERSIONS } from './types.ts';
export { validateApplication, isValidApplicationName, KNOWN_SYNC_OPTIONS, DEFAULT_RETRY } from './validate.ts';
export { parseDuration } from './field-reader.ts';
