/** Git provider webhooks: verification, replay protection, and which applications a push concerns. */
export type { PushEvent, PushedRef, WebhookProvider } from './push-event.ts';
export type { WebhookSecrets, Headers } from './providers.ts';
export { WEBHOOK_PROVIDERS, detectProvider, readPayload, DeliveryLog } from './providers.ts';
export { repoIdentity, revisionMatches, watchedPaths, touchesPaths, pushConcerns, MANIFEST_PATHS_ANNOTATIONS } from './repo-match.ts';
export type { WebhookDelivery, WebhookTarget, WebhookDeps, WebhookResult } from './receive.ts';
export { receiveWebhook } from './receive.ts';
