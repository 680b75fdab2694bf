import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebhookMetrics } from '../metrics/metrics.js';
import type { Database } from '../store/schema.js';
import { DeliveryError, postJson } from './post.js';
import type { WebhookDatabase } from './schema.js';
import type { WebhookSettingsStore } from './settings.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';

export interface WebhookDispatcherOptions {
  db: Kysely<Database>;
  settings: WebhookSettingsStore;
  /** Names this process's leases on deliveries. */
  owner: string;
  /** Attempts before a delivery is given up (AssemblyAI makes 10). */
  maxAttempts: number;
  /** Delay before retry n is `retryBaseMs * 2^(n-1)`, capped at an hour. */
  retryBaseMs: number;
  /** How long a receiver has to answer. */
  timeoutMs: number;
  allowPrivate: boolean;
  /** Deliveries in flight at once in this process. */
  concurrency: number;
  /** Longest wait before looking for due deliveries again. */
  pollIntervalMs: number;
  /** Finished deliveries (delivered or given up) are deleted this long after they finished. */
  keepFinishedMs: number;
  logger: FastifyBaseLogger;
  /** Counts each attempt's outcome (the /metrics endpoint). */
  metrics?: WebhookMetrics;
  now?: () => Date;
}

export interface WebhookDispatcher {
  /** Looks for due deliveries now (after a status change in this process). */
  wake(): void;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Delivers the outbox: claims due deliveries under a lease (so several processes can share the
 * work and a process that dies mid-delivery has its deliveries taken again), POSTs each one
 * signed with its tenant's secret, and retries with exponential backoff. A 2xx delivers; a 4xx
 * other than 408 and 429 means the receiver refuses it, and retrying would not help.
 */
export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const db = options.db as unknown as Kysely<WebhookDatabase>;
  const now = options.now ?? (() => new Date());
  const leaseMs = options.timeoutMs + 30_000;
  let stopping = false;
  const sleepers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of sleepers) wake();
  };

  const claim = async () => {
    const at = now();
    const atIso = at.toISOString();
    const leaseId = `${options.owner}:${randomUUID()}`;
    const due = (qb: Kysely<WebhookDatabase>) =>
      qb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([
              eb('state', '=', 'pending'),
              eb('next_attempt_at', '<=', atIso),
              eb('lease_expires_at', 'is', null),
            ]),
            eb.and([eb('state', '=', 'pending'), eb('lease_expires_at', '<', atIso)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(1);
    return (
      db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          lease_owner: leaseId,
          lease_expires_at: new Date(at.getTime() + leaseMs).toISOString(),
          updated_at: atIso,
        }))
        .where('id', '=', (eb) => eb.selectFrom(due(db).as('d')).select('d.id'))
        // Repeated so that, on PostgreSQL, a row claimed meanwhile by another process no longer matches.
        .where((eb) =>
          eb.or([
            eb.and([
              eb('state', '=', 'pending'),
              eb('next_attempt_at', '<=', atIso),
              eb('lease_expires_at', 'is', null),
            ]),
            eb.and([eb('state', '=', 'pending'), eb('lease_expires_at', '<', atIso)]),
          ]),
        )
        .returning(['id', 'tenant_id', 'interaction_id', 'url', 'payload_json', 'attempts', 'lease_owner'])
        .executeTakeFirst()
    );
  };

  type Claimed = NonNullable<Awaited<ReturnType<typeof claim>>>;

  const finish = async (
    delivery: Claimed,
    outcome: { delivered: true } | { delivered: false; error: DeliveryError },
  ) => {
    const at = now();
    const attempts = Number(delivery.attempts);
    const giveUp = !outcome.delivered && (!outcome.error.retryable || attempts >= options.maxAttempts);
    const backoff = Math.min(MAX_BACKOFF_MS, options.retryBaseMs * 2 ** Math.max(0, attempts - 1));
    await db
      .updateTable('webhook_deliveries')
      .set({
        state: outcome.delivered ? 'delivered' : giveUp ? 'failed' : 'pending',
        next_attempt_at: new Date(at.getTime() + (outcome.delivered || giveUp ? 0 : backoff)).toISOString(),
        lease_owner: null,
        lease_expires_at: null,
        last_error: outcome.delivered ? null : outcome.error.message,
        updated_at: at.toISOString(),
      })
      .where('id', '=', delivery.id)
      .where('lease_owner', '=', delivery.lease_owner)
      .execute();
    options.metrics?.webhookDelivery(outcome.delivered ? 'delivered' : giveUp ? 'failed' : 'retry');
    if (!outcome.delivered) {
      options.logger[giveUp ? 'warn' : 'info'](
        {
          deliveryId: delivery.id,
          interactionId: delivery.interaction_id,
          attempts,
          reason: outcome.error.message,
        },
        giveUp ? 'webhook delivery given up' : 'webhook delivery failed; will retry',
      );
    }
  };

  const deliver = async (delivery: Claimed) => {
    const { signingSecret } = await options.settings.get(delivery.tenant_id);
    const body = delivery.payload_json;
    try {
      const { status } = await postJson(
        delivery.url,
        body,
        {
          [SIGNATURE_HEADER]: signWebhook(signingSecret, body, Math.floor(now().getTime() / 1000)),
          'parley-webhook-id': delivery.id,
          'parley-webhook-attempt': String(delivery.attempts),
        },
        { timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate },
      );
      if (status >= 200 && status < 300) return finish(delivery, { delivered: true });
      const retryable = status >= 500 || status === 408 || status === 429;
      return finish(delivery, {
        delivered: false,
        error: new DeliveryError(`the receiver answered HTTP ${status}`, retryable),
      });
    } catch (error) {
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(error instanceof Error ? error.message : String(error), true);
      return finish(delivery, { delivered: false, error: failure });
    }
  };

  const idle = () =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, options.pollIntervalMs);
      sleepers.add(wake);
    });

  const loop = async () => {
    while (!stopping) {
      let delivery: Claimed | undefined;
      try {
        delivery = await claim();
      } catch (error) {
        options.logger.error({ err: error }, 'could not claim a webhook delivery');
      }
      if (delivery === undefined) {
        await idle();
        continue;
      }
      try {
        await deliver(delivery);
      } catch (error) {
        options.logger.error({ err: error, deliveryId: delivery.id }, 'could not record a webhook delivery');
      }
    }
  };

  const purgeFinished = async () => {
    const cutoff = new Date(now().getTime() - options.keepFinishedMs).toISOString();
    await db
      .deleteFrom('webhook_deliveries')
      .where('state', 'in', ['delivered', 'failed'])
      .where('updated_at', '<', cutoff)
      .execute();
  };
  let purging: Promise<void> = Promise.resolve();
  const purgeTimer = setInterval(
    () => {
      purging = purgeFinished().catch((error: unknown) =>
        options.logger.error({ err: error }, 'could not delete finished webhook deliveries'),
      );
    },
    Math.min(options.keepFinishedMs, 60 * 60_000),
  );
  purgeTimer.unref();

  const slots = Array.from({ length: Math.max(1, options.concurrency) }, () => loop());
  return {
    wake: wakeAll,
    async stop() {
      stopping = true;
      clearInterval(purgeTimer);
      wakeAll();
      await Promise.all([...slots, purging]);
    },
  };
}
