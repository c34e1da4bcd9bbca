/**
 * Masterminds/semver v3 versions, as Helm and Sprig parse them: a leading `v`, missing minor
 * and patch read as 0, prerelease and build metadata, leading zeros tolerated (coercion).
 */

export interface SemVersion {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly prerelease: string;
  readonly metadata: string;
  readonly original: string;
}

const LOOSE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const UINT64_MAX = 2n ** 64n - 1n;

export class SemverError extends Error {
  override readonly name = 'SemverError';
}

export function parseSemver(text: string): SemVersion {
  const match = LOOSE.exec(text);
  if (!match) throw new SemverError('invalid semantic version');
  const major = BigInt(match[1]!);
  const minor = match[2] ? BigInt(match[2].slice(1)) : 0n;
  const patch = match[3] ? BigInt(match[3].slice(1)) : 0n;
  if (major > UINT64_MAX || minor > UINT64_MAX || patch > UINT64_MAX) throw new SemverError('invalid semantic version');
  return { major, minor, patch, prerelease: match[5] ?? '', metadata: match[8] ?? '', original: text };
}

export function tryParseSemver(text: string): SemVersion | undefined {
  try {
    return parseSemver(text);
  } catch {
    return undefined;
  }
}

export function isValidSemver(text: string): boolean {
  return tryParseSemver(text) !== undefined;
}

export function formatSemver(version: SemVersion): string {
  let out = `${version.major}.${version.minor}.${version.patch}`;
  if (version.prerelease) out += `-${version.prerelease}`;
  if (version.metadata) out += `+${version.metadata}`;
  return out;
}

function compareNumbers(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return o !== '' ? -1 : 1;
  if (o === '') return 1;
  const sNumber = /^[0-9]+$/.test(s);
  const oNumber = /^[0-9]+$/.test(o);
  if (!sNumber && !oNumber) return s > o ? 1 : -1;
  if (!oNumber) return -1;
  if (!sNumber) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

export function comparePrerelease(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  const length = Math.max(as.length, bs.length);
  for (let i = 0; i < length; i++) {
    const d = comparePrePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Version.Compare: -1, 0 or 1; build metadata does not count. */
export function compareSemver(a: SemVersion, b: SemVersion): number {
  const d = compareNumbers(a.major, b.major) || compareNumbers(a.minor, b.minor) || compareNumbers(a.patch, b.patch);
  if (d !== 0) return d;
  if (a.prerelease === '' && b.prerelease === '') return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}
