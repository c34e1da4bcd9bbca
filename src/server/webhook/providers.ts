/**
 * The four Git providers whose push webhooks Ferry understands, one row each: how to recognise
 * a delivery, its id (for replay protection), how to verify it with the configured secret, and
 * how to read a push from its payload.
 *
 * - GitHub: `X-Hub-Signature-256: sha256=<HMAC-SHA256 hex of the body>`, `X-GitHub-Delivery`.
 * - Gitea: `X-Gitea-Signature: <HMAC-SHA256 hex>`, `X-Gitea-Delivery` (Gitea also sends GitHub's
 *   headers, so it is recognised first).
 * - GitLab: `X-Gitlab-Token: <the secret itself>`, `X-Gitlab-Event-UUID`.
 * - Bitbucket Cloud: `X-Hub-Signature: sha256=<HMAC-SHA256 hex>` when a secret is set, and/or
 *   `X-Hook-UUID` equal to the configured webhook UUID; `X-Request-UUID`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { FerryError, isPlainObject } from '../../core/index.ts';
import type { PushedRef, PushEvent, WebhookProvider } from './push-event.ts';

export interface WebhookSecrets {
  readonly github?: { readonly secret: string };
  readonly gitlab?: { readonly secret: string };
  readonly gitea?: { readonly secret: string };
  readonly bitbucket?: { readonly secret?: string; readonly uuid?: string };
}

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

interface ProviderRow {
  readonly name: WebhookProvider;
  readonly detect: (headers: Headers) => boolean;
  readonly eventOf: (headers: Headers) => string;
  readonly deliveryOf: (headers: Headers) => string | undefined;
  /** Throws WEBHOOK_NOT_CONFIGURED, WEBHOOK_SIGNATURE_MISSING or WEBHOOK_SIGNATURE_INVALID. */
  readonly verify: (headers: Headers, body: Buffer, secrets: WebhookSecrets) => void;
  readonly parse: (event: string, payload: Record<string, unknown>) => Omit<PushEvent, 'provider' | 'event'>;
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Compares digests of both sides, so neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function hmacHex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function notConfigured(provider: WebhookProvider): FerryError {
  return new FerryError('WEBHOOK_NOT_CONFIGURED', `${provider} webhooks are not accepted: no ${provider} webhook secret is configured (webhook.${provider} in ferry.yaml)`, { httpStatus: 403 });
}

function missing(provider: WebhookProvider, name: string): FerryError {
  return new FerryError('WEBHOOK_SIGNATURE_MISSING', `${provider} webhook refused: the ${name} header is missing`, { httpStatus: 401 });
}

function forged(provider: WebhookProvider, name: string): FerryError {
  return new FerryError('WEBHOOK_SIGNATURE_INVALID', `${provider} webhook refused: the ${name} header does not match the configured secret`, { httpStatus: 401 });
}

function verifyHmac(provider: WebhookProvider, headers: Headers, body: Buffer, secret: string, name: string, prefix: string): void {
  const signature = header(headers, name);
  if (!signature) throw missing(provider, name);
  if (!sameSecret(signature.trim().toLowerCase(), `${prefix}${hmacHex(secret, body)}`)) throw forged(provider, name);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

function refOf(ref: unknown): PushedRef[] {
  const name = text(ref);
  if (!name) return [];
  if (name.startsWith('refs/heads/')) return [{ type: 'branch', name: name.slice('refs/heads/'.length) }];
  if (name.startsWith('refs/tags/')) return [{ type: 'tag', name: name.slice('refs/tags/'.length) }];
  return [];
}

/** Files of the commits list; undefined when there is no list or it may be cut short. */
function changedFilesOf(commits: unknown, complete: boolean): string[] | undefined {
  if (!Array.isArray(commits) || commits.length === 0 || !complete) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    const c = record(commit);
    for (const field of ['added', 'modified', 'removed']) {
      const list = c[field];
      if (Array.isArray(list)) for (const file of list) if (typeof file === 'string') files.add(file);
    }
  }
  return [...files];
}

function urls(...values: unknown[]): string[] {
  return values.map(text).filter((v): v is string => v !== undefined);
}

const ZERO_SHA = /^0+$/;

function afterOf(value: unknown): string | undefined {
  const sha = text(value);
  return sha && !ZERO_SHA.test(sha) ? sha : undefined;
}

/** GitHub and Gitea send the same push payload. */
function parseGitHubLike(event: string, payload: Record<string, unknown>): Omit<PushEvent, 'provider' | 'event'> {
  const repository = record(payload.repository);
  const after = afterOf(payload.after);
  const defaultBranch = text(repository.default_branch);
  // GitHub lists at most 2048 commits (and only 20 in older payloads); a deleted ref lists none.
  const commits = payload.commits;
  const complete = Array.isArray(commits) && commits.length < 20 && payload.deleted !== true;
  const changedFiles = changedFilesOf(commits, complete);
  return {
    isPush: event === 'push',
    repoURLs: urls(repository.html_url, repository.clone_url, repository.ssh_url, repository.git_url, repository.url),
    refs: refOf(payload.ref),
    ...(defaultBranch && { defaultBranch }),
    ...(after && { after }),
    ...(changedFiles && { changedFiles }),
  };
}

export const WEBHOOK_PROVIDERS: readonly ProviderRow[] = [
  {
    name: 'gitea',
    detect: (h) => header(h, 'x-gitea-event') !== undefined,
    eventOf: (h) => header(h, 'x-gitea-event') ?? '',
    deliveryOf: (h) => header(h, 'x-gitea-delivery'),
    verify: (h, body, secrets) => {
      if (!secrets.gitea) throw notConfigured('gitea');
      verifyHmac('gitea', h, body, secrets.gitea.secret, 'x-gitea-signature', '');
    },
    parse: parseGitHubLike,
  },
  {
    name: 'github',
    detect: (h) => header(h, 'x-github-event') !== undefined,
    eventOf: (h) => header(h, 'x-github-event') ?? '',
    deliveryOf: (h) => header(h, 'x-github-delivery'),
    verify: (h, body, secrets) => {
      if (!secrets.github) throw notConfigured('github');
      verifyHmac('github', h, body, secrets.github.secret, 'x-hub-signature-256', 'sha256=');
    },
    parse: parseGitHubLike,
  },
  {
    name: 'gitlab',
    detect: (h) => header(h, 'x-gitlab-event') !== undefined,
    eventOf: (h) => header(h, 'x-gitlab-event') ?? '',
    deliveryOf: (h) => header(h, 'x-gitlab-event-uuid') ?? header(h, 'idempotency-key'),
    verify: (h, _body, secrets) => {
      if (!secrets.gitlab) throw notConfigured('gitlab');
      const token = header(h, 'x-gitlab-token');
      if (!token) throw missing('gitlab', 'x-gitlab-token');
      if (!sameSecret(token, secrets.gitlab.secret)) throw forged('gitlab', 'x-gitlab-token');
    },
    parse: (event, payload) => {
      const project = record(payload.project);
      const repository = record(payload.repository);
      const after = afterOf(payload.after);
      const defaultBranch = text(project.default_branch);
      const commits = payload.commits;
      const total = typeof payload.total_commits_count === 'number' ? payload.total_commits_count : undefined;
      // GitLab lists at most 20 commits and says how many there were.
      const complete = Array.isArray(commits) && (total === undefined ? commits.length < 20 : total <= commits.length);
      const changedFiles = changedFilesOf(commits, complete);
      return {
        isPush: event === 'Push Hook' || event === 'Tag Push Hook' || payload.object_kind === 'push' || payload.object_kind === 'tag_push',
        repoURLs: urls(project.web_url, project.git_http_url, project.git_ssh_url, project.http_url, project.ssh_url, repository.homepage, repository.git_http_url, repository.git_ssh_url),
        refs: refOf(payload.ref),
        ...(defaultBranch && { defaultBranch }),
        ...(after && { after }),
        ...(changedFiles && { changedFiles }),
      };
    },
  },
  {
    name: 'bitbucket',
    detect: (h) => header(h, 'x-event-key') !== undefined && (header(h, 'x-request-uuid') !== undefined || header(h, 'x-hook-uuid') !== undefined),
    eventOf: (h) => header(h, 'x-event-key') ?? '',
    deliveryOf: (h) => header(h, 'x-request-uuid'),
    verify: (h, body, secrets) => {
      const config = secrets.bitbucket;
      if (!config || (!config.secret && !config.uuid)) throw notConfigured('bitbucket');
      if (config.secret) verifyHmac('bitbucket', h, body, config.secret, 'x-hub-signature', 'sha256=');
      if (config.uuid) {
        const uuid = header(h, 'x-hook-uuid');
        if (!uuid) throw missing('bitbucket', 'x-hook-uuid');
        if (!sameSecret(uuid.replace(/[{}]/g, '').toLowerCase(), config.uuid.replace(/[{}]/g, '').toLowerCase())) throw forged('bitbucket', 'x-hook-uuid');
      }
    },
    parse: (event, payload) => {
      const repository = record(payload.repository);
      const links = record(record(repository.links).html);
      const fullName = text(repository.full_name);
      const defaultBranch = text(record(repository.mainbranch).name);
      const changes = Array.isArray(record(payload.push).changes) ? (record(payload.push).changes as unknown[]) : [];
      const refs: PushedRef[] = [];
      let after: string | undefined;
      for (const change of changes) {
        const next = record(record(change).new);
        const name = text(next.name);
        if (name && (next.type === 'branch' || next.type === 'tag')) refs.push({ type: next.type, name });
        after ??= afterOf(record(next.target).hash);
      }
      return {
        isPush: event === 'repo:push',
        repoURLs: urls(links.href, fullName && `https://bitbucket.org/${fullName}`),
        refs,
        ...(defaultBranch && { defaultBranch }),
        ...(after && { after }),
      };
    },
  },
];

export function detectProvider(headers: Headers): ProviderRow | undefined {
  return WEBHOOK_PROVIDERS.find((row) => row.detect(headers));
}

/** Reads the payload: JSON, or GitHub's form encoding (`payload=<json>`). */
export function readPayload(provider: WebhookProvider, contentType: string | undefined, body: Buffer): Record<string, unknown> {
  let textBody = body.toString('utf8');
  if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) textBody = new URLSearchParams(textBody).get('payload') ?? '';
  let data: unknown;
  try {
    data = JSON.parse(textBody);
  } catch {
    throw new FerryError('WEBHOOK_PAYLOAD_INVALID', `${provider} webhook refused: the payload is not valid JSON`, { httpStatus: 400 });
  }
  if (!isPlainObject(data)) throw new FerryError('WEBHOOK_PAYLOAD_INVALID', `${provider} webhook refused: the payload is not a JSON object`, { httpStatus: 400 });
  return data;
}

/**
 * Delivery ids already handled, newest kept: a replayed delivery (same id, valid signature) is
 * refused. Only verified deliveries enter, so a forger cannot block a real delivery's id.
 */
export class DeliveryLog {
  private readonly seen = new Set<string>();
  private readonly capacity: number;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  /** Records the id; false when it was already there. */
  record(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
