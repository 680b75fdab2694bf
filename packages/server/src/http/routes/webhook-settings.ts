import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { WebhookSettingsStore } from '../../webhooks/settings.js';
import { tenantOf } from '../auth.js';
import { ErrorBodySchema } from '../schemas.js';
import { checkCallbackUri } from './callback-uri.js';

const SettingsSchema = Type.Object({
  callbackUri: Type.Union([Type.String(), Type.Null()], {
    description: 'Called for interactions declared without a callbackUri of their own; null for none.',
  }),
  signingSecret: Type.String({
    description:
      'Key of the Parley-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">.',
  }),
});

const PutBodySchema = Type.Object({
  callbackUri: Type.Union([Type.String({ minLength: 1, 'x-aliases': ['callbackUrl'] }), Type.Null()]),
  rotateSecret: Type.Optional(Type.Boolean({ description: 'Replace the signing secret.' })),
});

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { ...ErrorBodySchema, description: 'Error' }]));

/**
 * The tenant's webhook settings (a Parley extension): the default callback URL and the secret
 * deliveries are signed with.
 */
export async function webhookSettingsRoutes(
  app: FastifyInstance,
  deps: { settings: WebhookSettingsStore; allowPrivate: boolean },
): Promise<void> {
  const common = { tags: ['webhooks'], security: [{ apiToken: [] }] };
  app.get(
    '/webhook',
    {
      schema: {
        ...common,
        summary: 'Webhook settings and signing secret (Parley extension)',
        response: { 200: SettingsSchema, ...errors(401) },
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
        body: PutBodySchema,
        response: { 200: SettingsSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      const body = request.body as Static<typeof PutBodySchema>;
      const tenantId = tenantOf(request).id;
      const uri = body.callbackUri === null ? null : checkCallbackUri(body.callbackUri, deps.allowPrivate);
      await deps.settings.setCallbackUri(tenantId, uri);
      return body.rotateSecret === true ? deps.settings.rotateSecret(tenantId) : deps.settings.get(tenantId);
    },
  );
}
