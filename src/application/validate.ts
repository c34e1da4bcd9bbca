import { FerryError, isPlainObject } from '../core/index.ts';
import type { IgnoreDifferencesRule } from '../diff/index.ts';
import type { DirectoryOptions, HelmOptions, HelmParameter, KustomizeOptions } from '../render/types.ts';
import { FieldReader, parseDuration } from './field-reader.ts';
import {
  APPLICATION_API_VERSIONS,
  type Application,
  type ApplicationApiVersion,
  type ApplicationDestination,
  type ApplicationSource,
  type RetryStrategy,
  type SyncPolicy,
} from './types.ts';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Argo CD's sync options: those Ferry does not act on yet are accepted, so Argo CD apps load. */
export const KNOWN_SYNC_OPTIONS = [
  'CreateNamespace', 'ServerSideApply', 'Replace', 'PruneLast', 'ApplyOutOfSyncOnly', 'Prune', 'Validate',
  'PrunePropagationPolicy', 'RespectIgnoreDifferences', 'FailOnSharedResource', 'SkipDryRunOnMissingResource', 'Force',
  'ClientSideApplyMigration',
];
export const DEFAULT_RETRY: RetryStrategy = { limit: 5, backoff: { durationMs: 5000, factor: 2, maxDurationMs: 180_000 } };

function readDirectory(r: FieldReader, value: unknown, field: string): DirectoryOptions | undefined {
  const directory = r.object(value, field);
  if (!directory) return undefined;
  r.unknownFields(directory, field, ['recurse', 'include', 'exclude', 'jsonnet']);
  if (directory.jsonnet !== undefined) r.report(`${field}.jsonnet`, 'Jsonnet is not supported');
  const recurse = r.boolean(directory.recurse, `${field}.recurse`);
  const include = r.string(directory.include, `${field}.include`);
  const exclude = r.string(directory.exclude, `${field}.exclude`);
  return { ...(recurse !== undefined && { recurse }), ...(include !== undefined && { include }), ...(exclude !== undefined && { exclude }) };
}

function readHelm(r: FieldReader, value: unknown, field: string): ApplicationSource['helm'] {
  const helm = r.object(value, field);
  if (!helm) return undefined;
  r.unknownFields(helm, field, ['valueFiles', 'values', 'valuesObject', 'parameters', 'fileParameters', 'releaseName', 'namespace', 'kubeVersion', 'apiVersions', 'skipCrds', 'skipTests', 'skipSchemaValidation', 'ignoreMissingValueFiles', 'passCredentials', 'version']);
  const parameters: HelmParameter[] = r.list(helm.parameters, `${field}.parameters`).flatMap((item, index) => {
    const at = `${field}.parameters[${index}]`;
    const parameter = r.object(item, at, true);
    if (!parameter) return [];
    const name = r.string(parameter.name, `${at}.name`, true);
    const text = r.string(parameter.value, `${at}.value`) ?? '';
    const forceString = r.boolean(parameter.forceString, `${at}.forceString`);
    return name === undefined ? [] : [{ name, value: text, ...(forceString !== undefined && { forceString }) }];
  });
  const fileParameters = r.list(helm.fileParameters, `${field}.fileParameters`).flatMap((item, index) => {
    const at = `${field}.fileParameters[${index}]`;
    const parameter = r.object(item, at, true);
    const name = r.string(parameter?.name, `${at}.name`, true);
    const path = r.string(parameter?.path, `${at}.path`, true);
    return name === undefined || path === undefined ? [] : [{ name, path }];
  });
  const options: HelmOptions & { ignoreMissingValueFiles?: boolean } = {
    valueFiles: r.strings(helm.valueFiles, `${field}.valueFiles`),
    parameters,
    fileParameters,
    apiVersions: r.strings(helm.apiVersions, `${field}.apiVersions`),
  };
  const optional = {
    values: r.string(helm.values, `${field}.values`),
    valuesObject: r.object(helm.valuesObject, `${field}.valuesObject`),
    releaseName: r.string(helm.releaseName, `${field}.releaseName`),
    namespace: r.string(helm.namespace, `${field}.namespace`),
    kubeVersion: r.string(helm.kubeVersion, `${field}.kubeVersion`),
    skipCrds: r.boolean(helm.skipCrds, `${field}.skipCrds`),
    skipTests: r.boolean(helm.skipTests, `${field}.skipTests`),
    ignoreMissingValueFiles: r.boolean(helm.ignoreMissingValueFiles, `${field}.ignoreMissingValueFiles`),
  };
  return { ...options, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) };
}

function readKustomize(r: FieldReader, value: unknown, field: string): KustomizeOptions | undefined {
  const kustomize = r.object(value, field);
  if (!kustomize) return undefined;
  r.unknownFields(kustomize, field, ['namePrefix', 'nameSuffix', 'images', 'replicas', 'commonLabels', 'commonAnnotations', 'namespace', 'patches', 'components', 'version', 'forceCommonLabels', 'forceCommonAnnotations', 'commonAnnotationsEnvsubst', 'labelWithoutSelector', 'kubeVersion', 'apiVersions', 'ignoreMissingComponents']);
  const replicas = r.list(kustomize.replicas, `${field}.replicas`).flatMap((item, index) => {
    const at = `${field}.replicas[${index}]`;
    const replica = r.object(item, at, true);
    const name = r.string(replica?.name, `${at}.name`, true);
    // Argo CD accepts the count as a number or a numeric string.
    const raw = replica?.count;
    const count = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : r.integer(raw, `${at}.count`, 0);
    if (raw === undefined) r.report(`${at}.count`, 'is required');
    return name === undefined || count === undefined ? [] : [{ name, count }];
  });
  const patches = r.list(kustomize.patches, `${field}.patches`).flatMap((item, index) => {
    const patch = r.object(item, `${field}.patches[${index}]`, true);
    return patch ? [patch] : [];
  });
  const optional = {
    namePrefix: r.string(kustomize.namePrefix, `${field}.namePrefix`),
    nameSuffix: r.string(kustomize.nameSuffix, `${field}.nameSuffix`),
    namespace: r.string(kustomize.namespace, `${field}.namespace`),
    commonLabels: r.stringMap(kustomize.commonLabels, `${field}.commonLabels`),
    commonAnnotations: r.stringMap(kustomize.commonAnnotations, `${field}.commonAnnotations`),
  };
  return {
    images: r.strings(kustomize.images, `${field}.images`),
    replicas,
    patches,
    components: r.strings(kustomize.components, `${field}.components`),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

function readSource(r: FieldReader, spec: Record<string, unknown>): ApplicationSource {
  if (spec.sources !== undefined) r.report('spec.sources', 'multiple sources are not supported; use spec.source');
  const source = r.object(spec.source, 'spec.source', spec.sources === undefined) ?? {};
  r.unknownFields(source, 'spec.source', ['repoURL', 'targetRevision', 'path', 'directory', 'helm', 'kustomize', 'chart', 'plugin', 'ref', 'name']);
  if (source.chart !== undefined) r.report('spec.source.chart', 'Helm chart repositories are not supported; put the chart in a Git repository and set spec.source.path');
  if (source.plugin !== undefined) r.report('spec.source.plugin', 'config management plugins are not supported');
  const repoURL = r.string(source.repoURL, 'spec.source.repoURL', true) ?? '';
  const targetRevision = r.string(source.targetRevision, 'spec.source.targetRevision') || 'HEAD';
  const path = r.string(source.path, 'spec.source.path') ?? '';
  if (path.split('/').includes('..') || path.startsWith('/')) r.report('spec.source.path', `must be a path inside the repository, not ${JSON.stringify(path)}`);
  const renderers = (['directory', 'helm', 'kustomize'] as const).filter((name) => source[name] !== undefined);
  if (renderers.length > 1) r.report('spec.source', `sets ${renderers.join(' and ')}; an application uses one of directory, helm and kustomize`);
  const directory = readDirectory(r, source.directory, 'spec.source.directory');
  const helm = readHelm(r, source.helm, 'spec.source.helm');
  const kustomize = readKustomize(r, source.kustomize, 'spec.source.kustomize');
  return { repoURL, targetRevision, path: path === '.' ? '' : path.replace(/^\.\//, '').replace(/\/+$/, ''), ...(directory && { directory }), ...(helm && { helm }), ...(kustomize && { kustomize }) };
}

function readDestination(r: FieldReader, spec: Record<string, unknown>): ApplicationDestination {
  const destination = r.object(spec.destination, 'spec.destination', true) ?? {};
  r.unknownFields(destination, 'spec.destination', ['server', 'name', 'namespace']);
  const server = r.string(destination.server, 'spec.destination.server');
  const name = r.string(destination.name, 'spec.destination.name');
  if (server && name) r.report('spec.destination', 'sets both server and name; give one');
  if (!server && !name && isPlainObject(spec.destination)) r.report('spec.destination', 'needs a server or a name');
  const namespace = r.string(destination.namespace, 'spec.destination.namespace') ?? '';
  if (namespace !== '' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) r.report('spec.destination.namespace', `${JSON.stringify(namespace)} is not a valid namespace name`);
  return { ...(server && { server }), ...(name && { name }), namespace };
}

function readRetry(r: FieldReader, value: unknown): RetryStrategy {
  const retry = r.object(value, 'spec.syncPolicy.retry');
  if (!retry) return DEFAULT_RETRY;
  r.unknownFields(retry, 'spec.syncPolicy.retry', ['limit', 'backoff']);
  const backoff = r.object(retry.backoff, 'spec.syncPolicy.retry.backoff') ?? {};
  r.unknownFields(backoff, 'spec.syncPolicy.retry.backoff', ['duration', 'factor', 'maxDuration']);
  const duration = (field: string, fallback: number): number => {
    const text = r.string(backoff[field], `spec.syncPolicy.retry.backoff.${field}`);
    if (text === undefined) return fallback;
    const ms = parseDuration(text);
    if (ms === undefined) r.report(`spec.syncPolicy.retry.backoff.${field}`, `${JSON.stringify(text)} is not a duration (like 5s, 3m, 1h)`);
    return ms ?? fallback;
  };
  return {
    limit: r.integer(retry.limit, 'spec.syncPolicy.retry.limit') ?? DEFAULT_RETRY.limit,
    backoff: {
      durationMs: duration('duration', DEFAULT_RETRY.backoff.durationMs),
      factor: r.integer(backoff.factor, 'spec.syncPolicy.retry.backoff.factor', 1) ?? DEFAULT_RETRY.backoff.factor,
      maxDurationMs: duration('maxDuration', DEFAULT_RETRY.backoff.maxDurationMs),
    },
  };
}

function readSyncPolicy(r: FieldReader, spec: Record<string, unknown>): SyncPolicy {
  const policy = r.object(spec.syncPolicy, 'spec.syncPolicy') ?? {};
  r.unknownFields(policy, 'spec.syncPolicy', ['automated', 'syncOptions', 'retry', 'managedNamespaceMetadata']);
  const automated = r.object(policy.automated, 'spec.syncPolicy.automated');
  r.unknownFields(automated, 'spec.syncPolicy.automated', ['prune', 'selfHeal', 'allowEmpty', 'enabled']);
  const enabled = automated ? (r.boolean(automated.enabled, 'spec.syncPolicy.automated.enabled') ?? true) : false;
  const automation = automated && {
    prune: r.boolean(automated.prune, 'spec.syncPolicy.automated.prune') ?? false,
    selfHeal: r.boolean(automated.selfHeal, 'spec.syncPolicy.automated.selfHeal') ?? false,
    allowEmpty: r.boolean(automated.allowEmpty, 'spec.syncPolicy.automated.allowEmpty') ?? false,
  };
  const syncOptions: Record<string, string> = {};
  r.strings(policy.syncOptions, 'spec.syncPolicy.syncOptions').forEach((entry, index) => {
    const [name = '', ...rest] = entry.split('=');
    if (rest.length === 0 || !KNOWN_SYNC_OPTIONS.includes(name.trim())) {
      r.report(`spec.syncPolicy.syncOptions[${index}]`, `${JSON.stringify(entry)} is not a known sync option (Name=value with Name one of ${KNOWN_SYNC_OPTIONS.join(', ')})`);
      return;
    }
    syncOptions[name.trim()] = rest.join('=').trim();
  });
  return {
    ...(automation && enabled && { automated: automation }),
    syncOptions,
    retry: readRetry(r, policy.retry),
  };
}

function readIgnoreDifferences(r: FieldReader, spec: Record<string, unknown>): IgnoreDifferencesRule[] {
  return r.list(spec.ignoreDifferences, 'spec.ignoreDifferences').flatMap((item, index) => {
    const at = `spec.ignoreDifferences[${index}]`;
    const rule = r.object(item, at, true);
    if (!rule) return [];
    r.unknownFields(rule, at, ['group', 'kind', 'name', 'namespace', 'jsonPointers', 'jqPathExpressions', 'managedFieldsManagers']);
    if (rule.jqPathExpressions !== undefined) r.report(`${at}.jqPathExpressions`, 'jq path expressions are not supported; use jsonPointers or managedFieldsManagers');
    const kind = r.string(rule.kind, `${at}.kind`, true);
    const jsonPointers = r.strings(rule.jsonPointers, `${at}.jsonPointers`);
    jsonPointers.forEach((pointer, i) => {
      if (!pointer.startsWith('/')) r.report(`${at}.jsonPointers[${i}]`, `${JSON.stringify(pointer)} is not a JSON pointer (it starts with /)`);
    });
    const optional = { group: r.string(rule.group, `${at}.group`), name: r.string(rule.name, `${at}.name`), namespace: r.string(rule.namespace, `${at}.namespace`) };
    return kind === undefined ? [] : [{ kind, jsonPointers, managedFieldsManagers: r.strings(rule.managedFieldsManagers, `${at}.managedFieldsManagers`), ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) }];
  });
}

export function isValidApplicationName(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/**
 * Checks an Application given as parsed JSON or YAML and returns it defaulted. Every problem is
 * reported at once in one APP_INVALID error (`details.problems`), never just the first.
 */
export function validateApplication(input: unknown): Application {
  const r = new FieldReader();
  const root = r.object(input, 'application', true) ?? {};
  r.unknownFields(root, 'application', ['apiVersion', 'kind', 'metadata', 'spec', 'status', 'operation']);
  const apiVersion = r.string(root.apiVersion, 'apiVersion', true);
  if (apiVersion !== undefined && !APPLICATION_API_VERSIONS.includes(apiVersion as ApplicationApiVersion)) {
    r.report('apiVersion', `must be one of ${APPLICATION_API_VERSIONS.join(', ')}, not ${JSON.stringify(apiVersion)}`);
  }
  if (r.string(root.kind, 'kind', true) !== undefined && root.kind !== 'Application') r.report('kind', `must be Application, not ${JSON.stringify(root.kind)}`);
  const metadata = r.object(root.metadata, 'metadata', true) ?? {};
  const name = r.string(metadata.name, 'metadata.name', true);
  if (name !== undefined && !isValidApplicationName(name)) {
    r.report('metadata.name', `${JSON.stringify(name)} is not a valid name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters`);
  }
  const namespace = r.string(metadata.namespace, 'metadata.namespace');
  const labels = r.stringMap(metadata.labels, 'metadata.labels');
  const annotations = r.stringMap(metadata.annotations, 'metadata.annotations');
  const spec = r.object(root.spec, 'spec', true) ?? {};
  r.unknownFields(spec, 'spec', ['source', 'sources', 'destination', 'project', 'syncPolicy', 'ignoreDifferences', 'revisionHistoryLimit', 'info', 'sourceHydrator']);
  const application: Application = {
    apiVersion: (apiVersion as ApplicationApiVersion | undefined) ?? 'ferry.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: name ?? '', ...(namespace && { namespace }), ...(labels && { labels }), ...(annotations && { annotations }) },
    spec: {
      source: readSource(r, spec),
      destination: readDestination(r, spec),
      project: r.string(spec.project, 'spec.project') || 'default',
      syncPolicy: readSyncPolicy(r, spec),
      ignoreDifferences: readIgnoreDifferences(r, spec),
      revisionHistoryLimit: r.integer(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', 0) ?? 10,
    },
  };
  if (r.problems.length > 0) {
    const listing = r.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw new FerryError('APP_INVALID', `application ${name ? JSON.stringify(name) + ' ' : ''}is invalid: ${listing}`, {
      httpStatus: 422,
      details: { problems: r.problems },
    });
  }
  return application;
}
