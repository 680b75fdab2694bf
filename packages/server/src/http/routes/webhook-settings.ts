import { ErrorBodySchema, WebhookSettingsSchema, WebhookUpdateSchema } from '@parley/contract';
import type { WebhookSettingsStore } from '../../webhooks/settings.js';
import { tenantOf } from '../auth.js';
import type { TypedApp } from '../typed-app.js';
import { checkCallbackUri } from './callback-uri.js';

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { ...ErrorBodySchema, description: 'Error' }]));

/**
 * The tenant's webhook settings (a Parley extension): the default callback URL and the secret
 * deliveries are signed with.
 */
export async function webhookSettingsRoutes(
  app: TypedApp,
  deps: { settings: WebhookSettingsStore; allowPrivate: boolean },
): Promise<void> {
  const common = { tags: ['webhooks'], security: [{ apiToken: [] }] };
  app.get(
    '/webhook',
    {
      schema: {
        ...common,
        summary: 'Webhook settings and signing secret (Parley extension)',
        response: { 200: WebhookSettingsSchema, ...errors(401) },
      },
    },
    async (request) => deps.settings.get(tenantOf(request).id),
  );

  app.put(
    '/webhook',
    {
      schema: {
        ...common,
        summary: 'Set the default callback URL (Parley extension)',
        body: WebhookUpdateSchema,
        response: { 200: WebhookSettingsSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      const body = request.body;
      const tenantId = tenantOf(request).id;
      const uri = body.callbackUri === null ? null : checkCallbackUri(body.callbackUri, deps.allowPrivate);
      await deps.settings.setCallbackUri(tenantId, uri);
      return body.rotateSecret === true ? deps.settings.rotateSecret(tenantId) : deps.settings.get(tenantId);
    },
  );
}
