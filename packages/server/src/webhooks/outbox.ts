import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { InteractionStatus } from '../lifecycle/statuses.js';
import { QUEUES, type BackgroundWork } from '../queue/port.js';
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
          s.val(iso).as('created_at'),
          s.val(iso).as('updated_at'),
        ])
        .where('i.id', '=', interactionId)
        .where((w) => w(w.fn.coalesce('i.callback_uri', 't.callback_uri'), 'is not', null)),
    )
    .execute();
}

/** The `webhook.deliver` job: which outbox row to deliver. */
export interface WebhookJobData {
  deliveryId: string;
}

const BATCH = 1000;

/**
 * Gives pending deliveries their jobs, keyed by delivery id so that one already waiting or
 * running is enough: those of one interaction right after its final status committed, or every
 * pending one (the reconcile, for a process that stopped between the commit and the send).
 * Returns how many were sent.
 */
export async function sendPendingWebhooks(
  database: Kysely<Database>,
  queue: Pick<BackgroundWork, 'send'>,
  interactionId?: string,
): Promise<number> {
  const db = database as unknown as Kysely<WebhookDatabase>;
  let query = db.selectFrom('webhook_deliveries').select('id').where('state', '=', 'pending');
  if (interactionId !== undefined) query = query.where('interaction_id', '=', interactionId);
  let sent = 0;
  for (let after = ''; ;) {
    const rows = await query.where('id', '>', after).orderBy('id').limit(BATCH).execute();
    for (const { id } of rows) {
      await queue.send<WebhookJobData>(QUEUES.webhook, { deliveryId: id }, { singletonKey: id });
      sent++;
    }
    if (rows.length < BATCH) return sent;
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** Deletes deliveries that finished (delivered or given up) before `before`; returns how many. */
export async function purgeFinishedWebhooks(database: Kysely<Database>, before: Date): Promise<number> {
  const db = database as unknown as Kysely<WebhookDatabase>;
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('state', 'in', ['delivered', 'failed'])
    .where('updated_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
