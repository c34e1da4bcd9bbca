/**
 * core: the vocabulary every layer shares. Pure types and helpers; imports nothing from the
 * rest of Ferry and performs no I/O.
 */
export type { KubeObject, ObjectMeta, OwnerReference } from './kube-object.ts';
export { splitApiVersion, isPlainObject, cloneJson } from './kube-object.ts';
export type { ResourceKey } from './resource-key.ts';
export {
  resourceKeyOf,
  formatResourceKey,
  parseResourceKey,
  describeResourceKey,
  sameResourceKey,
} from './resource-key.ts';
export type { Clock } from './clock.ts';
export { systemClock, ManualClock } from './clock.ts';
export type { Logger, LogFn } from './logger.ts';
export { silentLogger } from './logger.ts';
export type { FerryErrorOptions } from './errors.ts';
export { FerryError, isFerryError, messageOf, isAbortError } from './errors.ts';
export type { FileTree } from './file-tree.ts';
export { MemoryFileTree, readText, resolveTreePath, subTree, compareCodePoints } from './file-tree.ts';
export type { Quantity } from './quantity.ts';
export { parseQuantity, formatQuantity, canonicalQuantity } from './quantity.ts';
