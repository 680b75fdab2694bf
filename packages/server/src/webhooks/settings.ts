import { randomBytes } from 'node:crypto';
import type { WebhookSettings } from '@parley/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { WebhookDatabase } from './schema.js';

/** What GET /v1/webhook answers: the default callback URL and the signing secret. */
export type TenantWebhookSettings = WebhookSettings;

export interface WebhookSettingsStore {
  /** The tenant's settings, creating its signing secret on first use. */
  get(tenantId: string): Promise<TenantWebhookSettings>;
  /** Sets (or with null, clears) the tenant's default callback URL. */
  setCallbackUri(tenantId: string, callbackUri: string | null): Promise<TenantWebhookSettings>;
  /** Replaces the signing secret; deliveries signed afterwards use the new one. */
  rotateSecret(tenantId: string): Promise<TenantWebhookSettings>;
}

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function createWebhookSettingsStore(database: Kysely<Database>): WebhookSettingsStore {
  const db = database as unknown as Kysely<WebhookDatabase>;
  const read = async (tenantId: string): Promise<TenantWebhookSettings> => {
    const row = await db
      .selectFrom('tenant_webhooks')
      .select(['callback_uri', 'signing_secret'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return { callbackUri: row.callback_uri, signingSecret: row.signing_secret };
  };
  const ensure = async (tenantId: string) => {
    await db
      .insertInto('tenant_webhooks')
      .values({
        tenant_id: tenantId,
        callback_uri: null,
        signing_secret: newSigningSecret(),
        updated_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('tenant_id').doNothing())
      .execute();
  };
  return {
    async get(tenantId) {
      await ensure(tenantId);
      return read(tenantId);
    },
    async setCallbackUri(tenantId, callbackUri) {
      await ensure(tenantId);
      await db
        .updateTable('tenant_webhooks')
        .set({ callback_uri: callbackUri, updated_at: new Date().toISOString() })
        .where('tenant_id', '=', tenantId)
        .execute();
      return read(tenantId);
    },
    async rotateSecret(tenantId) {
      await ensure(tenantId);
      await db
        .updateTable('tenant_webhooks')
        .set({ signing_secret: newSigningSecret(), updated_at: new Date().toISOString() })
        .where('tenant_id', '=', tenantId)
        .execute();
      return read(tenantId);
    },
  };
}
