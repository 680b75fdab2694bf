import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { InteractionStatus } from '@parley/contract';
import type { Database } from '../store/schema.js';
import type { WebhookDatabase } from './schema.js';

/** The body of every webhook: the same for `processed` and each failure status. */
export interface WebhookPayload {
  interactionIdentifier: string;
  status: InteractionStatus;
  errorMessage: string | null;
}

/**
 * Queues the notification of a final status, inside the caller's transaction, when the
 * interaction has a callback URL of its own or its tenant has one. A single INSERT … SELECT, so
 * it costs nothing to interactions nobody listens to.
 */
export async function recordWebhook(
  trx: Kysely<Database>,
  interactionId: string,
  status: InteractionStatus,
  errorMessage: string | null,
  at: Date = new Date(),
): Promise<void> {
  const db = trx as unknown as Kysely<WebhookDatabase>;
  const payload: WebhookPayload = { interactionIdentifier: interactionId, status, errorMessage };
  const iso = at.toISOString();
  await db
    .insertInto('webhook_deliveries')
    .columns([
      'id',
      'tenant_id',
      'interaction_id',
      'url',
      'payload_json',
      'state',
      'attempts',
      'next_attempt_at',
      'created_at',
      'updated_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('interactions as i')
        .leftJoin('tenant_webhooks as t', 't.tenant_id', 'i.tenant_id')
        .select((s) => [
          s.val(randomUUID()).as('id'),
          'i.tenant_id',
          'i.id',
          s.fn.coalesce('i.callback_uri', 't.callback_uri').as('url'),
          s.val(JSON.stringify(payload)).as('payload_json'),
          s.val('pending').as('state'),
          // A literal, not a parameter: PostgreSQL types a select-list parameter as text.
          sql<number>`0`.as('attempts'),
          s.val(iso).as('next_attempt_at'),
          s.val(iso).as('created_at'),
          s.val(iso).as('updated_at'),
        ])
        .where('i.id', '=', interactionId)
        .where((w) => w(w.fn.coalesce('i.callback_uri', 't.callback_uri'), 'is not', null)),
    )
    .execute();
}
