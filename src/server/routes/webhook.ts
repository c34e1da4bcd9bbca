/**
 * `POST /api/webhook`: push notifications from GitHub, GitLab, Gitea and Bitbucket Cloud. The
 * body is kept raw (signatures are over the exact bytes), its size bounded, and deliveries are
 * rate limited per client address before any work is done.
 */
import type { FastifyInstance } from 'fastify';
import { FerryError, isFerryError } from '../../core/index.ts';
import type { RouteContext } from '../context.ts';
import { errorResponses } from '../schemas.ts';
import { detectProvider, receiveWebhook } from '../webhook/index.ts';

export function registerWebhookRoute(app: FastifyInstance, ctx: RouteContext): void {
  const { engine } = ctx.deps;
  // A plugin of its own: the raw-body parser applies to this route only.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.deps.options.webhook.maxPayloadBytes }, (_request, body, done) => done(null, body));
    scope.post('/api/webhook', {
      config: { access: 'public' },
      bodyLimit: ctx.deps.options.webhook.maxPayloadBytes,
      schema: {
        summary: 'Git push webhook (GitHub, GitLab, Gitea, Bitbucket Cloud), verified with the configured secret',
        tags: ['webhooks'],
        response: {
          200: { type: 'object', properties: { provider: { type: 'string' }, event: { type: 'string' }, delivery: { type: 'string' }, refreshed: { type: 'array', items: { type: 'string' } }, ignored: { type: 'string' } } },
          ...errorResponses,
        },
      },
    }, async (request) => {
      const provider = detectProvider(request.headers)?.name ?? 'unknown';
      const limit = ctx.webhookLimiter.take(request.ip);
      if (!limit.allowed) {
        ctx.metrics.webhookRequests.inc({ provider, result: 'rate_limited' });
        throw new FerryError('WEBHOOK_RATE_LIMITED', `too many webhook deliveries from ${request.ip}: retry in ${limit.retryAfterSeconds} s`, { httpStatus: 429, details: { retryAfterSeconds: limit.retryAfterSeconds } });
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const result = receiveWebhook(
          { headers: request.headers, body, ...(request.headers['content-type'] && { contentType: request.headers['content-type'] }) },
          {
            secrets: ctx.deps.options.webhook,
            deliveries: ctx.deliveries,
            applications: () => engine.listApplications().map((view) => ({ application: view.application, ...(view.status.sourceType && { sourceType: view.status.sourceType }) })),
            refresh: (repoURL, names) => engine.refreshRepository(repoURL, (application) => names.has(application.metadata.name)),
          },
        );
        ctx.metrics.webhookRequests.inc({ provider, result: result.ignored ? 'ignored' : 'accepted' });
        request.log.info({ provider, delivery: result.delivery, event: result.event, refreshed: result.refreshed }, 'webhook received');
        return result;
      } catch (error) {
        ctx.metrics.webhookRequests.inc({ provider, result: isFerryError(error) ? error.code.toLowerCase().replace(/^webhook_/, '') : 'error' });
        throw error;
      }
    });
  });
}
