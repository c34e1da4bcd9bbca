/** Sprig's `semver`/`semverCompare` (Masterminds/semver v3) and `urlParse`/`urlJoin` (net/url). */
import { GoStruct, signMethods } from '../gotemplate/index.ts';
import type { FuncMap } from '../gotemplate/index.ts';
import { compareSemver, formatSemver, parseConstraints, parseSemver, satisfies } from '../semver/index.ts';
import type { SemVersion } from '../semver/index.ts';
import { fn } from './support.ts';

/** A *semver.Version. */
export class SemverVersion extends GoStruct {
  private readonly version: SemVersion;
  /** IncPatch and friends return a semver.Version value, `semver` a pointer to one. */
  private readonly byValue: boolean;
  constructor(version: SemVersion, byValue = false) {
    super();
    this.version = version;
    this.byValue = byValue;
  }
  override goTypeName(): string {
    return this.byValue ? 'semver.Version' : '*semver.Version';
  }
  toGoJson(): unknown {
    return formatSemver(this.version);
  }
  String(): string {
    return formatSemver(this.version);
  }
  Original(): string {
    return this.version.original;
  }
  Major(): bigint {
    return this.version.major;
  }
  Minor(): bigint {
    return this.version.minor;
  }
  Patch(): bigint {
    return this.version.patch;
  }
  Prerelease(): string {
    return this.version.prerelease;
  }
  Metadata(): string {
    return this.version.metadata;
  }
  Compare(other: SemverVersion): bigint {
    return BigInt(compareSemver(this.version, other.version));
  }
  LessThan(other: SemverVersion): boolean {
    return compareSemver(this.version, other.version) < 0;
  }
  GreaterThan(other: SemverVersion): boolean {
    return compareSemver(this.version, other.version) > 0;
  }
  Equal(other: SemverVersion): boolean {
    return compareSemver(this.version, other.version) === 0;
  }
  LessThanEqual(other: SemverVersion): boolean {
    return compareSemver(this.version, other.version) <= 0;
  }
  GreaterThanEqual(other: SemverVersion): boolean {
    return compareSemver(this.version, other.version) >= 0;
  }
  /** Masterminds' IncPatch: a prerelease only loses its suffix; the metadata always goes. */
  IncPatch(): SemverVersion {
    const v = this.version;
    return this.next(v.prerelease !== '' ? { ...v, prerelease: '', metadata: '' } : { ...v, patch: v.patch + 1n, prerelease: '', metadata: '' });
  }
  IncMinor(): SemverVersion {
    return this.next({ ...this.version, minor: this.version.minor + 1n, patch: 0n, prerelease: '', metadata: '' });
  }
  IncMajor(): SemverVersion {
    return this.next({ ...this.version, major: this.version.major + 1n, minor: 0n, patch: 0n, prerelease: '', metadata: '' });
  }
  private next(version: SemVersion): SemverVersion {
    const prefix = this.version.original.startsWith('v') ? 'v' : '';
    const text = formatSemver(version);
    return new SemverVersion({ ...version, original: prefix + text }, true);
  }
}

signMethods(SemverVersion, {
  String: { params: [] },
  Original: { params: [] },
  Major: { params: [] },
  Minor: { params: [] },
  Patch: { params: [] },
  Prerelease: { params: [] },
  Metadata: { params: [] },
  Compare: { params: ['*semver.Version'] },
  LessThan: { params: ['*semver.Version'] },
  GreaterThan: { params: ['*semver.Version'] },
  Equal: { params: ['*semver.Version'] },
  LessThanEqual: { params: ['*semver.Version'] },
  GreaterThanEqual: { params: ['*semver.Version'] },
  IncPatch: { params: [] },
  IncMinor: { params: [] },
  IncMajor: { params: [] },
});

function urlParse(text: string): Record<string, unknown> {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/(?:([^@/?#]*)@)?([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(text);
  if (!m) throw new Error(`unable to parse url: parse ${JSON.stringify(text)}: invalid URL`);
  const host = m[3] ?? '';
  const hostname = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  const scheme = m[1] ?? '';
  const path = m[4] ?? '';
  const opaque = scheme !== '' && m[3] === undefined && !path.startsWith('/') ? path : '';
  return {
    scheme,
    host,
    hostname,
    path: opaque ? '' : decodeURIComponentSafe(path),
    query: m[5] ?? '',
    opaque,
    fragment: decodeURIComponentSafe(m[6] ?? ''),
    userinfo: m[2] ?? '',
  };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function urlJoin(d: Record<string, unknown>): string {
  const get = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : '');
  let out = '';
  const scheme = get('scheme');
  if (scheme) out += `${scheme}:`;
  const opaque = get('opaque');
  if (opaque) out += opaque;
  else {
    const host = get('host');
    const userinfo = get('userinfo');
    if (scheme || host || userinfo) {
      out += '//';
      if (userinfo) out += `${userinfo}@`;
      out += host;
    }
    const path = get('path');
    if (path && !path.startsWith('/') && host) out += '/';
    out += encodeURI(path).replace(/%25/g, '%');
  }
  const query = get('query');
  if (query) out += `?${query}`;
  const fragment = get('fragment');
  if (fragment) out += `#${encodeURIComponent(fragment)}`;
  return out;
}

export function semverUrlFunctions(): FuncMap {
  return {
    semver: fn(['string'], (text: string) => new SemverVersion(parseSemver(text))),
    semverCompare: fn(['string', 'string'], (constraint: string, version: string) => satisfies(parseConstraints(constraint), parseSemver(version))),
    urlParse: fn(['string'], urlParse),
    urlJoin: fn(['map[string]interface {}'], urlJoin),
  };
}
