export type { SemVersion } from './version.ts';
export { parseSemver, tryParseSemver, isValidSemver, formatSemver, compareSemver, SemverError } from './version.ts';
export type { Constraints } from './constraint.ts';
export { parseConstraints, satisfies, isCompatibleRange } from './constraint.ts';
