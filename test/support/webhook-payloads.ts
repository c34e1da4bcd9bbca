/**
 * Push deliveries as GitHub, Gitea, GitLab and Bitbucket Cloud send them (the fields Ferry reads,
 * shaped as the providers document them), signed the way each provider signs. For webhook tests.
 */
import { createHmac } from 'node:crypto';

export type Provider = 'github' | 'gitea' | 'gitlab' | 'bitbucket';

export interface PushSpec {
  /** The repository's web URL (`https://github.com/org/repo`). */
  readonly webURL: string;
  readonly ref: string;
  readonly after?: string;
  readonly defaultBranch?: string;
  /** One commit per entry, listing its changed files; omitted: no commits list. */
  readonly commits?: readonly { readonly added?: string[]; readonly modified?: string[]; readonly removed?: string[] }[];
}

export interface Delivery {
  readonly headers: Record<string, string>;
  readonly body: string;
}

function hmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function pushPayload(provider: Provider, spec: PushSpec): Record<string, unknown> {
  const after = spec.after ?? 'a'.repeat(40);
  const commits = spec.commits?.map((c, i) => ({ id: `${i}`.padStart(40, '0'), added: c.added ?? [], modified: c.modified ?? [], removed: c.removed ?? [] }));
  const path = new URL(spec.webURL).pathname.replace(/^\//, '');
  switch (provider) {
    case 'github':
    case 'gitea':
      return {
        ref: spec.ref,
        after,
        repository: { html_url: spec.webURL, clone_url: `${spec.webURL}.git`, ssh_url: `git@${new URL(spec.webURL).host}:${path}.git`, ...(spec.defaultBranch && { default_branch: spec.defaultBranch }) },
        ...(commits && { commits }),
      };
    case 'gitlab':
      return {
        object_kind: spec.ref.startsWith('refs/tags/') ? 'tag_push' : 'push',
        ref: spec.ref,
        after,
        project: { web_url: spec.webURL, git_http_url: `${spec.webURL}.git`, ...(spec.defaultBranch && { default_branch: spec.defaultBranch }) },
        ...(commits && { commits, total_commits_count: commits.length }),
      };
    case 'bitbucket': {
      const [type, name] = spec.ref.startsWith('refs/tags/') ? ['tag', spec.ref.slice(10)] : ['branch', spec.ref.replace(/^refs\/heads\//, '')];
      return {
        repository: { full_name: path, links: { html: { href: spec.webURL } }, ...(spec.defaultBranch && { mainbranch: { name: spec.defaultBranch } }) },
        push: { changes: [{ new: { type, name, target: { hash: after } } }] },
      };
    }
  }
}

/** A signed push delivery; `event` overrides the event name (a GitHub `ping`, say). */
export function signedDelivery(provider: Provider, spec: PushSpec, options: { secret: string; delivery: string; event?: string; uuid?: string }): Delivery {
  const body = JSON.stringify(pushPayload(provider, spec));
  const json = { 'content-type': 'application/json' };
  switch (provider) {
    case 'github':
      return { body, headers: { ...json, 'x-github-event': options.event ?? 'push', 'x-github-delivery': options.delivery, 'x-hub-signature-256': `sha256=${hmac(options.secret, body)}` } };
    case 'gitea':
      return { body, headers: { ...json, 'x-gitea-event': options.event ?? 'push', 'x-github-event': options.event ?? 'push', 'x-gitea-delivery': options.delivery, 'x-gitea-signature': hmac(options.secret, body) } };
    case 'gitlab':
      return { body, headers: { ...json, 'x-gitlab-event': options.event ?? 'Push Hook', 'x-gitlab-event-uuid': options.delivery, 'x-gitlab-token': options.secret } };
    case 'bitbucket':
      return {
        body,
        headers: {
          ...json,
          'x-event-key': options.event ?? 'repo:push',
          'x-request-uuid': options.delivery,
          'x-hub-signature': `sha256=${hmac(options.secret, body)}`,
          ...(options.uuid && { 'x-hook-uuid': options.uuid }),
        },
      };
  }
}
