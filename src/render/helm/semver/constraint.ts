/**
 * Masterminds/semver v3 constraints (`>=1.21-0`, `^1.2`, `~1.2.x`, `1.2 - 1.4`, `a, b || c`),
 * as Sprig's semverCompare, Chart.yaml's kubeVersion and dependency version ranges use them.
 * A prerelease version only satisfies an AND-group that itself names a prerelease.
 */
import { SemverError, compareSemver, comparePrerelease, parseSemver } from './version.ts';
import type { SemVersion } from './version.ts';

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

interface Constraint {
  readonly op: Op;
  readonly version: SemVersion;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

export interface Constraints {
  readonly groups: readonly (readonly Constraint[])[];
  readonly containsPre: readonly boolean[];
  readonly text: string;
}

const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const OPS = String.raw`!=|>=|=>|<=|=<|~>|>|<|=|~|\^|`;
const CONSTRAINT = new RegExp(String.raw`^\s*(${OPS})\s*(${CV})\s*$`);
const RANGE = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, 'g');
const FIND = new RegExp(String.raw`(${OPS})\s*(${CV})`, 'g');
const VALID = new RegExp(String.raw`^(\s*(${OPS})\s*(${CV})\s*)((?:\s+|,\s*)(${OPS})\s*(${CV})\s*)*$`);

function isX(text: string): boolean {
  return text === 'x' || text === 'X' || text === '*';
}

function parseConstraint(text: string): Constraint {
  if (text.length === 0) {
    return { op: '', version: parseSemver('0.0.0'), dirty: true, minorDirty: false, patchDirty: false };
  }
  const m = CONSTRAINT.exec(text);
  if (!m) throw new SemverError(`improper constraint: ${text}`);
  const op = m[1] as Op;
  const major = m[3] ?? '';
  const minor = m[4] ?? '';
  const patch = m[5] ?? '';
  const pre = m[6] ?? '';
  let version = m[2]!;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    version = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = true;
    dirty = true;
    version = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    dirty = true;
    patchDirty = true;
    version = `${major}${minor}.0${pre}`;
  }
  let parsed: SemVersion;
  try {
    parsed = parseSemver(version);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return { op, version: parsed, dirty, minorDirty, patchDirty };
}

function rewriteRange(text: string): string {
  return text.replace(RANGE, (_all, from: string, ...rest: unknown[]) => `>= ${from}, <= ${String(rest[9])} `);
}

export function parseConstraints(text: string): Constraints {
  const rewritten = rewriteRange(text);
  const groups: Constraint[][] = [];
  const containsPre: boolean[] = [];
  for (const part of rewritten.split('||')) {
    if (!VALID.test(part)) throw new SemverError(`improper constraint: ${part}`);
    const found = [...part.matchAll(FIND)].map((m) => m[0]);
    const pieces = found.length === 0 ? [part] : found;
    const group = pieces.map(parseConstraint);
    groups.push(group);
    containsPre.push(group.some((c) => c.version.prerelease !== ''));
  }
  return { groups, containsPre, text };
}

const lessThan = (a: SemVersion, b: SemVersion) => compareSemver(a, b) < 0;
const equal = (a: SemVersion, b: SemVersion) => compareSemver(a, b) === 0;

function tilde(v: SemVersion, c: Constraint): boolean {
  if (lessThan(v, c.version)) return false;
  if (c.version.major === 0n && c.version.minor === 0n && c.version.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.version.major) return false;
  if (v.minor !== c.version.minor && !c.minorDirty) return false;
  return true;
}

function check(v: SemVersion, c: Constraint, includePre: boolean): boolean {
  if (v.prerelease !== '' && !includePre) return false;
  const con = c.version;
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : equal(v, con);
    case '!=':
      if (c.dirty) {
        if (con.major !== v.major) return true;
        if (con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.prerelease !== '' || con.prerelease !== '') return comparePrerelease(v.prerelease, con.prerelease) !== 0;
          return false;
        }
      }
      return !equal(v, con);
    case '>':
      if (!c.dirty) return compareSemver(v, con) === 1;
      if (v.major > con.major) return true;
      if (v.major < con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return compareSemver(v, con) === 1;
    case '<':
      return compareSemver(v, con) < 0;
    case '>=':
    case '=>':
      return compareSemver(v, con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return compareSemver(v, con) <= 0;
      if (v.major > con.major) return false;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      if (lessThan(v, con)) return false;
      if (con.major > 0n || c.minorDirty) return v.major === con.major;
      if (con.major === 0n && v.major > 0n) return false;
      if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
      if (con.minor === 0n && v.minor > 0n) return false;
      return con.patch === v.patch;
  }
}

/** Constraints.Check. */
export function satisfies(constraints: Constraints, version: SemVersion): boolean {
  return constraints.groups.some((group, i) => group.every((c) => check(version, c, constraints.containsPre[i]!)));
}

/** chartutil.IsCompatibleRange: false when either side does not parse. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return satisfies(parseConstraints(constraint), parseSemver(version));
  } catch {
    return false;
  }
}
