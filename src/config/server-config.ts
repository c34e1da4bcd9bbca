/**
 * The server's configuration: defaults, then `ferry.yaml`, then `FERRY_*` environment variables,
 * then command-line flags, each later source overriding the earlier. Every setting is one row of
 * `SERVER_SETTINGS` (its path in the file, its variable, its type), so the file, the environment
 * and the documentation cannot disagree. All problems are reported in one CONFIG_INVALID error,
 * and the result is frozen.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { FerryError, isPlainObject, messageOf } from '../core/index.ts';
import type { Environment } from './cli-environment.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type ClusterMode = 'embedded' | 'kubeconfig' | 'in-cluster';

export interface RepositoryCredentials {
  /** Credentials apply to repository URLs starting with this prefix (the longest prefix wins). */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly token?: string;
}

export interface ServerConfig {
  readonly listen: { readonly host: string; readonly port: number };
  /** Absolute path of the data directory (database, embedded cluster, demo repository). */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly auth: {
    /** Off only for a loopback address: the server refuses any other address without auth. */
    readonly enabled: boolean;
    /** A preset admin token (for automation); otherwise one is generated at first start. */
    readonly adminToken?: string;
  };
  readonly cluster: {
    readonly mode: ClusterMode;
    /** Nodes of the embedded cluster. */
    readonly nodes: number;
    /** Port of the embedded cluster's Kubernetes API for kubectl; 0 picks a free one. */
    readonly apiPort: number;
    /** The kubeconfig whose contexts become destinations (mode `kubeconfig`). */
    readonly kubeconfig?: string;
    /** Token, CA certificate and namespace of the pod's service account (mode `in-cluster`). */
    readonly serviceAccountDir: string;
    /**
     * The pod's API server, `https://KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT`: the
     * variables the kubelet sets in every pod. Absent outside a pod.
     */
    readonly inClusterServer?: string;
  };
  readonly webhook: {
    readonly github?: { readonly secret: string };
    readonly gitlab?: { readonly secret: string };
    readonly gitea?: { readonly secret: string };
    readonly bitbucket?: { readonly secret?: string; readonly uuid?: string };
    readonly maxPayloadBytes: number;
    /** Deliveries accepted per client address and minute (a token bucket). */
    readonly perMinute: number;
  };
  readonly limits: {
    /** Largest API request body. */
    readonly bodyBytes: number;
    /** Failed authentications tolerated per client address and minute before 429. */
    readonly authFailuresPerMinute: number;
  };
  readonly engine: { readonly pollIntervalSeconds: number; readonly parallelism: number };
  readonly metrics: { readonly public: boolean };
  readonly repositories: readonly RepositoryCredentials[];
}

type SettingType = 'string' | 'secret' | 'port' | 'int' | 'bool' | 'path' | 'log-level' | 'cluster-mode' | 'repositories';

export interface SettingRow {
  /** Dotted path in ferry.yaml and in ServerConfig. */
  readonly path: string;
  readonly env: string;
  readonly type: SettingType;
  readonly default?: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly help: string;
}

const MiB = 1024 * 1024;

export const SERVER_SETTINGS: readonly SettingRow[] = [
  { path: 'listen.host', env: 'FERRY_HOST', type: 'string', default: '127.0.0.1', help: 'address the API listens on' },
  { path: 'listen.port', env: 'FERRY_PORT', type: 'port', default: 8080, help: 'port the API listens on (0: any free port)' },
  { path: 'dataDir', env: 'FERRY_DATA_DIR', type: 'path', default: '.ferry', help: 'data directory' },
  { path: 'logLevel', env: 'FERRY_LOG_LEVEL', type: 'log-level', default: 'info', help: 'fatal, error, warn, info, debug, trace or silent' },
  { path: 'auth.enabled', env: 'FERRY_AUTH', type: 'bool', default: true, help: 'require bearer tokens (false only on a loopback address)' },
  { path: 'auth.adminToken', env: 'FERRY_ADMIN_TOKEN', type: 'secret', help: 'preset admin token' },
  { path: 'cluster.mode', env: 'FERRY_CLUSTER', type: 'cluster-mode', default: 'embedded', help: 'embedded, kubeconfig or in-cluster (the default in a pod)' },
  { path: 'cluster.nodes', env: 'FERRY_CLUSTER_NODES', type: 'int', default: 3, min: 1, max: 50, help: 'nodes of the embedded cluster' },
  { path: 'cluster.apiPort', env: 'FERRY_CLUSTER_API_PORT', type: 'port', default: 0, help: 'port of the embedded Kubernetes API (0: any free port)' },
  { path: 'cluster.kubeconfig', env: 'FERRY_KUBECONFIG', type: 'path', help: 'kubeconfig whose contexts are destinations' },
  {
    path: 'cluster.serviceAccountDir',
    env: 'FERRY_SERVICE_ACCOUNT_DIR',
    type: 'path',
    default: '/var/run/secrets/kubernetes.io/serviceaccount',
    help: 'service account token and CA certificate (mode in-cluster)',
  },
  { path: 'webhook.github.secret', env: 'FERRY_WEBHOOK_GITHUB_SECRET', type: 'secret', help: 'GitHub webhook secret (HMAC-SHA256)' },
  { path: 'webhook.gitlab.secret', env: 'FERRY_WEBHOOK_GITLAB_SECRET', type: 'secret', help: 'GitLab webhook secret token' },
  { path: 'webhook.gitea.secret', env: 'FERRY_WEBHOOK_GITEA_SECRET', type: 'secret', help: 'Gitea webhook secret (HMAC-SHA256)' },
  { path: 'webhook.bitbucket.secret', env: 'FERRY_WEBHOOK_BITBUCKET_SECRET', type: 'secret', help: 'Bitbucket Cloud webhook secret (HMAC-SHA256)' },
  { path: 'webhook.bitbucket.uuid', env: 'FERRY_WEBHOOK_BITBUCKET_UUID', type: 'secret', help: 'Bitbucket Cloud webhook UUID (X-Hook-UUID)' },
  { path: 'webhook.maxPayloadBytes', env: 'FERRY_WEBHOOK_MAX_PAYLOAD_BYTES', type: 'int', default: 5 * MiB, min: 1024, max: 50 * MiB, help: 'largest webhook payload' },
  { path: 'webhook.perMinute', env: 'FERRY_WEBHOOK_PER_MINUTE', type: 'int', default: 60, min: 1, max: 100_000, help: 'webhook deliveries per client address and minute' },
  { path: 'limits.bodyBytes', env: 'FERRY_BODY_LIMIT_BYTES', type: 'int', default: 1 * MiB, min: 1024, max: 50 * MiB, help: 'largest API request body' },
  { path: 'limits.authFailuresPerMinute', env: 'FERRY_AUTH_FAILURES_PER_MINUTE', type: 'int', default: 10, min: 1, max: 100_000, help: 'failed logins per client address and minute' },
  { path: 'engine.pollIntervalSeconds', env: 'FERRY_POLL_INTERVAL_SECONDS', type: 'int', default: 120, min: 1, max: 86_400, help: 'how often each application is compared with Git' },
  { path: 'engine.parallelism', env: 'FERRY_PARALLELISM', type: 'int', default: 10, min: 1, max: 1000, help: 'reconciles and operations at once' },
  { path: 'metrics.public', env: 'FERRY_METRICS_PUBLIC', type: 'bool', default: false, help: 'serve /metrics without a token' },
  { path: 'repositories', env: 'FERRY_REPOSITORIES', type: 'repositories', default: [], help: 'repository credentials: [{url, username, password} or {url, token}] (JSON in the variable)' },
];

/** Flags of `ferry serve` map onto setting paths: `{ 'listen.port': '9090' }`. */
export type SettingOverrides = Readonly<Record<string, string | number | boolean | undefined>>;

export interface ServerConfigInput {
  readonly env: Environment;
  readonly cwd: string;
  /** ferry.yaml's text and where it came from (for messages and relative paths). */
  readonly file?: { readonly path: string; readonly text: string };
  readonly flags?: SettingOverrides;
}

interface Problems {
  readonly list: string[];
}

function get(object: unknown, dotted: string): unknown {
  let current = object;
  for (const part of dotted.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function set(object: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let current = object;
  for (const part of parts.slice(0, -1)) {
    const next = isPlainObject(current[part]) ? (current[part] as Record<string, unknown>) : {};
    current[part] = next;
    current = next;
  }
  current[parts[parts.length - 1] ?? ''] = value;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const CLUSTER_MODES: readonly ClusterMode[] = ['embedded', 'kubeconfig', 'in-cluster'];

function readRepositories(value: unknown, where: string, problems: Problems): RepositoryCredentials[] | undefined {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch (error) {
      problems.list.push(`${where}: not valid JSON (${messageOf(error)})`);
      return undefined;
    }
  }
  if (!Array.isArray(list)) {
    problems.list.push(`${where}: expected a list of {url, username, password} or {url, token}`);
    return undefined;
  }
  const out: RepositoryCredentials[] = [];
  list.forEach((item, index) => {
    const at = `${where}[${index}]`;
    if (!isPlainObject(item)) {
      problems.list.push(`${at}: expected an object`);
      return;
    }
    for (const key of Object.keys(item)) if (!['url', 'username', 'password', 'token'].includes(key)) problems.list.push(`${at}.${key}: unknown field`);
    const strings = ['url', 'username', 'password', 'token'].map((key) => {
      const v = item[key];
      if (v !== undefined && typeof v !== 'string') problems.list.push(`${at}.${key}: expected a string`);
      return typeof v === 'string' && v !== '' ? v : undefined;
    });
    const [url, username, password, token] = strings;
    if (!url) problems.list.push(`${at}.url: required`);
    if (token && (username || password)) problems.list.push(`${at}: give either token or username and password, not both`);
    if (!token && (username === undefined) !== (password === undefined)) problems.list.push(`${at}: username and password go together`);
    if (!token && !username) problems.list.push(`${at}: no credentials (username and password, or token)`);
    if (url) out.push({ url, ...(username && { username }), ...(password && { password }), ...(token && { token }) });
  });
  return out;
}

/** Converts one raw value (text from the environment or a flag, or YAML data) to the row's type. */
function convert(row: SettingRow, raw: unknown, where: string, baseDir: string, problems: Problems): unknown {
  const bad = (expected: string) => {
    problems.list.push(`${where}: expected ${expected}, got ${JSON.stringify(raw)}`);
    return undefined;
  };
  switch (row.type) {
    case 'string':
    case 'secret':
      if (typeof raw !== 'string' || raw === '') return bad('a non-empty string');
      return raw;
    case 'path':
      if (typeof raw !== 'string' || raw === '') return bad('a path');
      return path.resolve(baseDir, raw);
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      return bad('true or false');
    case 'port':
    case 'int': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
      const min = row.type === 'port' ? 0 : (row.min ?? Number.MIN_SAFE_INTEGER);
      const max = row.type === 'port' ? 65_535 : (row.max ?? Number.MAX_SAFE_INTEGER);
      if (!Number.isInteger(number)) return bad(row.type === 'port' ? 'a port number' : 'a whole number');
      if (number < min || number > max) return bad(`a number from ${min} to ${max}`);
      return number;
    }
    case 'log-level':
      if (!LOG_LEVELS.includes(raw as LogLevel)) return bad(`one of ${LOG_LEVELS.join(', ')}`);
      return raw;
    case 'cluster-mode':
      if (!CLUSTER_MODES.includes(raw as ClusterMode)) return bad(`one of ${CLUSTER_MODES.join(', ')}`);
      return raw;
    case 'repositories':
      return readRepositories(raw, where, problems);
  }
}

/** Every key path of the file's data that no setting owns: typos must not pass silently. */
function unknownKeys(data: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (SERVER_SETTINGS.some((row) => row.path === dotted)) continue;
    const isParent = SERVER_SETTINGS.some((row) => row.path.startsWith(`${dotted}.`));
    if (isParent && isPlainObject(value)) out.push(...unknownKeys(value, dotted));
    else if (isParent) out.push(`${dotted} (expected a mapping)`);
    else out.push(dotted);
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function parseFile(file: { path: string; text: string }, problems: Problems): Record<string, unknown> {
  let data: unknown;
  try {
    data = yaml.load(file.text);
  } catch (error) {
    problems.list.push(`${file.path}: not valid YAML (${messageOf(error).split('\n')[0]})`);
    return {};
  }
  if (data === undefined || data === null) return {};
  if (!isPlainObject(data)) {
    problems.list.push(`${file.path}: expected a mapping of settings`);
    return {};
  }
  for (const key of unknownKeys(data)) problems.list.push(`${file.path}: unknown setting ${key}`);
  return data;
}

/**
 * The URL of the pod's API server from the variables the kubelet sets, as client-go's
 * InClusterConfig builds it (an IPv6 address in brackets). Always HTTPS: the token must not
 * travel in clear.
 */
function inClusterServerOf(env: ServerConfigInput['env']): string | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) return undefined;
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Checks between settings, once each has its final value. */
function checkCombinations(config: ServerConfig, problems: Problems): void {
  if (config.cluster.mode === 'kubeconfig' && !config.cluster.kubeconfig) problems.list.push('cluster.mode is kubeconfig but no kubeconfig is given (cluster.kubeconfig, FERRY_KUBECONFIG or --kubeconfig)');
  if (config.cluster.mode === 'in-cluster' && !config.cluster.inClusterServer) {
    problems.list.push('cluster.mode is in-cluster but KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set (they are in a pod)');
  }
  const bitbucket = config.webhook.bitbucket;
  if (bitbucket && !bitbucket.secret && !bitbucket.uuid) problems.list.push('webhook.bitbucket needs a secret or a uuid');
}

/** Resolves the configuration from its sources; CONFIG_INVALID lists every problem at once. */
export function resolveServerConfig(input: ServerConfigInput): ServerConfig {
  const problems: Problems = { list: [] };
  const fileData = input.file ? parseFile(input.file, problems) : {};
  const fileDir = input.file ? path.dirname(path.resolve(input.cwd, input.file.path)) : input.cwd;
  const config: Record<string, unknown> = {};
  // In a pod (the service's environment variables are there), the cluster is the pod's own.
  const inPod = input.env.KUBERNETES_SERVICE_HOST !== undefined && input.env.KUBERNETES_SERVICE_HOST !== '';
  for (const row of SERVER_SETTINGS) {
    let value: unknown = row.default === undefined ? undefined : structuredClone(row.default);
    if (row.path === 'cluster.mode' && inPod) value = 'in-cluster';
    if (row.type === 'path' && typeof value === 'string') value = path.resolve(input.cwd, value);
    const fromFile = get(fileData, row.path);
    if (fromFile !== undefined && fromFile !== null) value = convert(row, fromFile, `${input.file?.path ?? 'ferry.yaml'}: ${row.path}`, fileDir, problems) ?? value;
    const fromEnv = input.env[row.env];
    if (fromEnv !== undefined && fromEnv !== '') value = convert(row, fromEnv, row.env, input.cwd, problems) ?? value;
    const fromFlag = input.flags?.[row.path];
    if (fromFlag !== undefined) value = convert(row, fromFlag, `${row.path} (command line)`, input.cwd, problems) ?? value;
    if (value !== undefined) set(config, row.path, value);
  }
  for (const key of Object.keys(input.flags ?? {})) {
    if (!SERVER_SETTINGS.some((row) => row.path === key)) problems.list.push(`unknown setting ${key}`);
  }
  const inClusterServer = inClusterServerOf(input.env);
  if (inClusterServer !== undefined) set(config, 'cluster.inClusterServer', inClusterServer);
  const typed = config as unknown as ServerConfig;
  checkCombinations(typed, problems);
  if (problems.list.length > 0) {
    throw new FerryError('CONFIG_INVALID', `invalid configuration: ${problems.list.join('; ')}`, { httpStatus: 400, details: { problems: problems.list } });
  }
  return deepFreeze(typed);
}

/**
 * Finds ferry.yaml (`--config`, FERRY_CONFIG, or ./ferry.yaml when present), reads it and
 * resolves the configuration.
 */
export function loadServerConfig(input: { readonly env: Environment; readonly cwd: string; readonly configFile?: string; readonly flags?: SettingOverrides }): ServerConfig {
  const named = input.configFile ?? (input.env.FERRY_CONFIG || undefined);
  const candidate = named ?? (existsSync(path.join(input.cwd, 'ferry.yaml')) ? 'ferry.yaml' : undefined);
  let file: { path: string; text: string } | undefined;
  if (candidate !== undefined) {
    try {
      file = { path: candidate, text: readFileSync(path.resolve(input.cwd, candidate), 'utf8') };
    } catch (error) {
      throw new FerryError('CONFIG_INVALID', `cannot read the configuration file ${candidate}: ${messageOf(error)}`, { httpStatus: 400 });
    }
  }
  return resolveServerConfig({ env: input.env, cwd: input.cwd, ...(file && { file }), ...(input.flags && { flags: input.flags }) });
}

/** The credentials for a repository URL: the entry with the longest matching prefix. */
export function credentialsForRepo(repositories: readonly RepositoryCredentials[], repoURL: string): RepositoryCredentials | undefined {
  let best: RepositoryCredentials | undefined;
  for (const entry of repositories) {
    if (repoURL.startsWith(entry.url) && (!best || entry.url.length > best.url.length)) best = entry;
  }
  return best;
}
