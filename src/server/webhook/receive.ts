/**
 * One webhook delivery, from raw request to refreshed applications: recognise the provider,
 * verify the signature, refuse a replay, read the push, and refresh exactly the applications it
 * concerns. Independent of HTTP, so it is tested with plain values.
 */
import { FerryError } from '../../core/index.ts';
import type { Application } from '../../application/index.ts';
import { detectProvider, readPayload, type DeliveryLog, type Headers, type WebhookSecrets } from './providers.ts';
import { pushConcerns } from './repo-match.ts';
import type { WebhookProvider } from './push-event.ts';

export interface WebhookDelivery {
  readonly headers: Headers;
  readonly contentType?: string;
  readonly body: Buffer;
}

export interface WebhookTarget {
  readonly application: Application;
  /** The renderer of the last comparison (`kustomize` may read files outside its path). */
  readonly sourceType?: string;
}

export interface WebhookDeps {
  readonly secrets: WebhookSecrets;
  readonly deliveries: DeliveryLog;
  readonly applications: () => readonly WebhookTarget[];
  /** Refreshes these applications of the repository (as spelled in them); returns who was queued. */
  readonly refresh: (repoURL: string, names: ReadonlySet<string>) => readonly string[];
}

export interface WebhookResult {
  readonly provider: WebhookProvider;
  readonly event: string;
  readonly delivery: string;
  /** Applications queued for a refresh, sorted. */
  readonly refreshed: readonly string[];
  /** Why nothing was done, for events that are not pushes. */
  readonly ignored?: string;
}

export function receiveWebhook(delivery: WebhookDelivery, deps: WebhookDeps): WebhookResult {
  const row = detectProvider(delivery.headers);
  if (!row) {
    throw new FerryError('WEBHOOK_PROVIDER_UNKNOWN', 'webhook refused: not a GitHub, GitLab, Gitea or Bitbucket Cloud delivery (no X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event or X-Event-Key header)', { httpStatus: 400 });
  }
  row.verify(delivery.headers, delivery.body, deps.secrets);
  const id = row.deliveryOf(delivery.headers);
  if (!id) throw new FerryError('WEBHOOK_DELIVERY_MISSING', `${row.name} webhook refused: the delivery id header is missing`, { httpStatus: 400 });
  if (!deps.deliveries.record(`${row.name}:${id}`)) {
    throw new FerryError('WEBHOOK_REPLAYED', `${row.name} webhook refused: delivery ${id} was already received`, { httpStatus: 409 });
  }
  const event = row.eventOf(delivery.headers);
  const push = { provider: row.name, event, ...row.parse(event, readPayload(row.name, delivery.contentType, delivery.body)) };
  const base = { provider: row.name, event, delivery: id };
  if (!push.isPush) return { ...base, refreshed: [], ignored: `${event} is not a push event` };
  const byRepo = new Map<string, Set<string>>();
  for (const target of deps.applications()) {
    if (!pushConcerns(target.application, push, target.sourceType === 'kustomize')) continue;
    const repoURL = target.application.spec.source.repoURL;
    const names = byRepo.get(repoURL) ?? new Set<string>();
    names.add(target.application.metadata.name);
    byRepo.set(repoURL, names);
  }
  const refreshed = [...byRepo].flatMap(([repoURL, names]) => deps.refresh(repoURL, names));
  return { ...base, refreshed: [...refreshed].sort() };
}
