import type { Kysely, Migration } from 'kysely';
import type { Database } from '../store/schema.js';

/** A tenant's webhook settings: the default callback URL and the key deliveries are signed with. */
export interface TenantWebhooksTable {
  tenant_id: string;
  callback_uri: string | null;
  signing_secret: string;
  updated_at: string;
}

/**
 * The outbox: one row per notification, written in the same transaction as the status change it
 * reports, so a notification is never lost to a crash between the two. The row is the record of
 * the delivery (its state and attempts); the `webhook.deliver` job only says when to try it.
 */
export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  interaction_id: string;
  url: string;
  payload_json: string;
  /** pending | delivered | failed */
  state: string;
  /** Attempts started, counted before each POST so that one cut short by a crash still counts. */
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDatabase extends Database {
  tenant_webhooks: TenantWebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

/** Callback URLs, webhook settings and the delivery outbox; an index for listing by tenant. */
export const webhooksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('interactions').addColumn('callback_uri', 'text').execute();
    await db.schema
      .createIndex('interactions_tenant_declared')
      .on('interactions')
      .columns(['tenant_id', 'declared'])
      .execute();
    await db.schema
      .createTable('tenant_webhooks')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('callback_uri', 'text')
      .addColumn('signing_secret', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('interaction_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_due')
      .on('webhook_deliveries')
      .columns(['state', 'next_attempt_at'])
      .execute();
  },
};

/**
 * Deliveries are scheduled by the `webhook.deliver` queue, so the outbox loses its own lease and
 * due-time columns; an index finds an interaction's pending deliveries right after it ends.
 */
export const webhookJobsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('webhook_deliveries_due').execute();
    // One column per statement: SQLite drops a single column per ALTER TABLE.
    for (const column of ['next_attempt_at', 'lease_owner', 'lease_expires_at']) {
      await db.schema.alterTable('webhook_deliveries').dropColumn(column).execute();
    }
    await db.schema
      .createIndex('webhook_deliveries_state')
      .on('webhook_deliveries')
      .columns(['state', 'interaction_id'])
      .execute();
  },
};
