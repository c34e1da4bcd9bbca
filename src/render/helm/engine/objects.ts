/**
 * The built-in objects templates see, shaped as Helm v4 gives them: `.Release` and `.Chart`
 * and `.Template` are maps, `.Capabilities` a struct (`KubeVersion`, `APIVersions.Has`,
 * `HelmVersion`), `.Files` a map of bytes with Get, GetBytes, Glob, Lines, AsConfig and
 * AsSecrets.
 */
import { GoStruct, signMethods, withGoType } from '../gotemplate/index.ts';
import type { ChartFile } from '../chart/load.ts';
import type { ChartDependency, ChartMetadata, Maintainer } from '../chart/metadata.ts';
import { gobwasGlobRegExp } from '../chart/glob.ts';
import { GO_NIL, GoStructFields, encodeBase64 } from '../yaml/go-json.ts';
import { marshalYaml } from '../yaml/emit.ts';
import { helmError } from '../errors.ts';

/** The Helm version templates see (`.Capabilities.HelmVersion`): the one Ferry matches. */
export const HELM_VERSION = {
  version: 'v4.1.4',
  gitCommit: '05fa37973dc9e42b76e1d2883494c87174b6074f',
  gitTreeState: 'clean',
  goVersion: 'go1.25.9',
  kubeClientVersion: 'v1.35',
};

export const DEFAULT_KUBE_VERSION = 'v1.35.0';

/** chartutil's DefaultVersionSet (helm v4.1.4): the API versions `helm template` assumes. */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1', 'apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1', 'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1',
  'autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1', 'batch/v1beta1',
  'certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1', 'events.k8s.io/v1',
  'events.k8s.io/v1beta1', 'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1',
  'node.k8s.io/v1', 'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1', 'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1alpha1', 'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1', 'storage.k8s.io/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1',
];

/**
 * common.KubeVersion: Version is `--kube-version` as given (a `v` added), suffixes kept
 * (`v1.28.3-gke.100`); normalizedVersion (unexported) is major.minor[.patch] alone, for the
 * chart's kubeVersion check. String (the normalized version) and GitVersion (the whole) have pointer receivers:
 * `{{ .Capabilities.KubeVersion }}` prints `v1.28.3`, but fmt's `%v` of the struct prints its fields.
 */
export class KubeVersion extends GoStruct {
  Version: string;
  normalizedVersion: string;
  Major: string;
  Minor: string;
  constructor(version: string, normalized: string, major: string, minor: string) {
    super();
    this.Version = version;
    this.normalizedVersion = normalized;
    this.Major = major;
    this.Minor = minor;
  }
  override goTypeName(): string {
    return 'common.KubeVersion';
  }
  String(): string {
    return this.normalizedVersion;
  }
  GitVersion(): string {
    return this.Version;
  }
  toGoJson(): unknown {
    return new GoStructFields([
      ['Version', this.Version],
      ['Major', this.Major],
      ['Minor', this.Minor],
    ]);
  }
}
signMethods(KubeVersion, { String: { params: [], pointerReceiver: true }, GitVersion: { params: [], pointerReceiver: true } });

/**
 * `--kube-version` as Helm parses it (k8s.io/apimachinery's ParseGeneric): at least major.minor,
 * any number of further components, then anything (`1.31`, `v1.31.0`, `v1.28.3-gke.100`,
 * `1.31.0.5`); the major component without a leading zero. Throws with helm's words otherwise.
 */
export function parseKubeVersion(text: string): KubeVersion {
  const fail = (cause: string) => helmError('RENDER_HELM_OPTIONS_INVALID', `invalid kube version '${text}': ${cause}`);
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s.exec(text);
  if (!m) throw fail(`could not parse ${JSON.stringify(text)} as version`);
  const parts = m[1]!.split('.');
  if (parts.length < 2) throw fail(`illegal version string ${JSON.stringify(text)}`);
  if (parts[0]!.length > 1 && parts[0]!.startsWith('0')) throw fail(`illegal zero-prefixed version component ${JSON.stringify(parts[0])} in ${JSON.stringify(text)}`);
  const components = parts.map((p) => BigInt(p).toString());
  return new KubeVersion(text.startsWith('v') ? text : `v${text}`, `v${components.join('.')}`, components[0]!, components[1]!);
}

export class VersionSet extends GoStruct {
  private readonly versions: string[];
  constructor(versions: readonly string[]) {
    super();
    this.versions = withGoType([...versions], '[]string');
  }
  override goTypeName(): string {
    return 'common.VersionSet';
  }
  override goUnderlying(): readonly unknown[] {
    return this.versions;
  }
  Has(version: string): boolean {
    return this.versions.includes(version);
  }
  toGoJson(): unknown {
    return this.versions;
  }
}
signMethods(VersionSet, { Has: { params: ['string'] } });

export class BuildInfo extends GoStruct {
  Version = HELM_VERSION.version;
  GitCommit = HELM_VERSION.gitCommit;
  GitTreeState = HELM_VERSION.gitTreeState;
  GoVersion = HELM_VERSION.goVersion;
  KubeClientVersion = HELM_VERSION.kubeClientVersion;
  override goTypeName(): string {
    return 'version.BuildInfo';
  }
  toGoJson(): unknown {
    return new GoStructFields([
      ['version', this.Version],
      ['git_commit', this.GitCommit],
      ['git_tree_state', this.GitTreeState],
      ['go_version', this.GoVersion],
      ['kube_client_version', this.KubeClientVersion],
    ]);
  }
}

export class Capabilities extends GoStruct {
  KubeVersion: KubeVersion;
  APIVersions: VersionSet;
  HelmVersion: BuildInfo;
  constructor(kubeVersion: KubeVersion, apiVersions: readonly string[]) {
    super();
    this.KubeVersion = kubeVersion;
    this.APIVersions = new VersionSet(apiVersions);
    this.HelmVersion = new BuildInfo();
  }
  override goTypeName(): string {
    return '*common.Capabilities';
  }
  toGoJson(): unknown {
    return new GoStructFields([
      ['KubeVersion', this.KubeVersion],
      ['APIVersions', this.APIVersions],
      ['HelmVersion', this.HelmVersion],
    ]);
  }
}

const decoder = new TextDecoder();

/** `.Files`: Helm's engine.files, a map from path to bytes. */
export class Files extends GoStruct {
  private readonly entries: Record<string, Uint8Array>;
  constructor(entries: Record<string, Uint8Array>) {
    super();
    this.entries = withGoType(entries, 'map[string][]uint8');
  }
  static of(files: readonly ChartFile[]): Files {
    const entries: Record<string, Uint8Array> = {};
    for (const file of files) entries[file.name] = file.data;
    return new Files(entries);
  }
  override goTypeName(): string {
    return 'engine.files';
  }
  override goUnderlying(): Readonly<Record<string, unknown>> {
    return this.entries;
  }
  private lookup(name: string): Uint8Array | undefined {
    if (name.startsWith('/') || name.split('/').includes('..')) {
      throw new Error(`.Files: path ${JSON.stringify(name)} leads outside the chart; only files inside the chart can be read`);
    }
    return Object.hasOwn(this.entries, name) ? this.entries[name] : undefined;
  }
  GetBytes(name: string): Uint8Array {
    return this.lookup(name) ?? new Uint8Array();
  }
  Get(name: string): string {
    return decoder.decode(this.GetBytes(name));
  }
  Glob(pattern: string): Files {
    const regexp = gobwasGlobRegExp(pattern);
    const out: Record<string, Uint8Array> = {};
    for (const name of Object.keys(this.entries)) if (regexp.test(name)) out[name] = this.entries[name]!;
    return new Files(out);
  }
  Lines(name: string): string[] {
    const data = this.lookup(name);
    if (!data) return withGoType([], '[]string');
    // Helm reads the last byte of the file without checking its length: an empty file panics.
    if (data.length === 0) throw new Error('runtime error: index out of range [-1]');
    let text = decoder.decode(data);
    if (text.endsWith('\n')) text = text.slice(0, -1);
    return withGoType(text.split('\n'), '[]string');
  }
  AsConfig(): string {
    const names = Object.keys(this.entries);
    if (names.length === 0) return '';
    const m: Record<string, string> = {};
    for (const name of names) m[name.slice(name.lastIndexOf('/') + 1)] = decoder.decode(this.entries[name]);
    return marshalYaml(m).replace(/\n$/, '');
  }
  AsSecrets(): string {
    const names = Object.keys(this.entries);
    if (names.length === 0) return '';
    const m: Record<string, string> = {};
    for (const name of names) m[name.slice(name.lastIndexOf('/') + 1)] = encodeBase64(this.entries[name]!);
    return marshalYaml(m).replace(/\n$/, '');
  }
  toGoJson(): unknown {
    return this.entries;
  }
}
signMethods(Files, {
  GetBytes: { params: ['string'] },
  Get: { params: ['string'] },
  Glob: { params: ['string'] },
  Lines: { params: ['string'] },
  AsConfig: { params: [] },
  AsSecrets: { params: [] },
});

/**
 * `.Chart`: chart.Metadata as Helm v4 gives it to templates, a map with Go's field names (plus
 * IsRoot) whose nested structs and slices became maps and []interface{} too: a maintainer is
 * `{Email, Name, URL}`, a dependency `{Alias, Condition, Enabled, ImportValues, Name,
 * Repository, Tags, Version}` (after aliases and import-values were processed), every field
 * present. Only Annotations keeps its Go type, map[string]string (a nil one when absent).
 */
export function chartObject(metadata: ChartMetadata, isRoot: boolean): Record<string, unknown> {
  return {
    APIVersion: metadata.apiVersion,
    Annotations: metadata.annotations === null ? nilMap() : withGoType({ ...metadata.annotations }, 'map[string]string'),
    AppVersion: metadata.appVersion,
    Condition: metadata.condition,
    Dependencies: metadata.dependencies.map(dependencyObject),
    Deprecated: metadata.deprecated,
    Description: metadata.description,
    Home: metadata.home,
    Icon: metadata.icon,
    IsRoot: isRoot,
    Keywords: [...metadata.keywords],
    KubeVersion: metadata.kubeVersion,
    Maintainers: metadata.maintainers.map(maintainerObject),
    Name: metadata.name,
    Sources: [...metadata.sources],
    Tags: metadata.tags,
    Type: metadata.type,
    Version: metadata.version,
  };
}

/** A nil map[string]string: reads as empty (a missing key gives ""), encodes as null, refuses writes. */
function nilMap(): Record<string, string> {
  return Object.freeze(withGoType(Object.defineProperty({}, GO_NIL, { value: true, enumerable: false }), 'map[string]string'));
}

function maintainerObject(m: Maintainer): Record<string, unknown> {
  return { Email: m.email, Name: m.name, URL: m.url };
}

function dependencyObject(d: ChartDependency): Record<string, unknown> {
  return {
    Alias: d.alias,
    Condition: d.condition,
    Enabled: d.enabled,
    ImportValues: [...d.importValues],
    Name: d.name,
    Repository: d.repository,
    Tags: [...d.tags],
    Version: d.version,
  };
}

export interface ReleaseInfo {
  readonly name: string;
  readonly namespace: string;
  /** `helm template --is-upgrade`. */
  readonly isUpgrade?: boolean;
}

/** `.Release`, as `helm template` fills it (an install, revision 1). */
export function releaseObject(release: ReleaseInfo): Record<string, unknown> {
  return {
    Name: release.name,
    Namespace: release.namespace,
    IsUpgrade: release.isUpgrade === true,
    IsInstall: release.isUpgrade !== true,
    Revision: 1n,
    Service: 'Helm',
  };
}
