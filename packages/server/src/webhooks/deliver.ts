import type { Kysely } from 'kysely';
import type { WebhookMetrics } from '../metrics/metrics.js';
import type { Job } from '../queue/port.js';
import type { Database } from '../store/schema.js';
import type { WebhookJobData } from './outbox.js';
import { DeliveryError, postJson } from './post.js';
import type { WebhookDatabase } from './schema.js';
import type { WebhookSettingsStore } from './settings.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';

export interface WebhookDeliveryOptions {
  db: Kysely<Database>;
  settings: WebhookSettingsStore;
  /** Attempts before a delivery is given up (AssemblyAI makes 10). */
  maxAttempts: number;
  /** How long a receiver has to answer. */
  timeoutMs: number;
  allowPrivate: boolean;
  log: {
    info(fields: object, message: string): void;
    warn(fields: object, message: string): void;
  };
  /** Counts each attempt's outcome (the /metrics endpoint). */
  metrics?: WebhookMetrics;
  now?: () => Date;
}

/** One delivery, as its attempt starts. */
interface Attempt {
  id: string;
  tenant_id: string;
  interaction_id: string;
  url: string;
  payload_json: string;
  attempts: number;
}

type Outcome = { delivered: true } | { delivered: false; error: DeliveryError };

/**
 * The handler of the `webhook.deliver` queue: POSTs one outbox row signed with its tenant's
 * secret. A 2xx delivers; a 4xx other than 408 and 429 means the receiver refuses it and retrying
 * would not help, so it is given up at once, as it is after `maxAttempts`; any other failure
 * throws, and the queue runs the job again after its backoff.
 *
 * The row, not the job, counts attempts and holds the outcome: a run whose row is no longer
 * pending does nothing (exactly once in effect, unless a worker dies between the receiver's answer
 * and recording it, when the receiver gets the same delivery id again), and a row whose attempts
 * ran out while its workers died is given up without another call.
 */
export function createWebhookDeliverer(options: WebhookDeliveryOptions) {
  const db = options.db as unknown as Kysely<WebhookDatabase>;
  const now = options.now ?? (() => new Date());

  /** Counts the attempt before the call, so an attempt cut short by a crash still counts. */
  const startAttempt = (id: string): Promise<Attempt | undefined> =>
    db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now().toISOString() }))
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where('attempts', '<', options.maxAttempts)
      .returning(['id', 'tenant_id', 'interaction_id', 'url', 'payload_json', 'attempts'])
      .executeTakeFirst();

  const record = (id: string, state: 'pending' | 'delivered' | 'failed', lastError: string | null) =>
    db
      .updateTable('webhook_deliveries')
      .set({ state, last_error: lastError, updated_at: now().toISOString() })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .execute();

  const post = async (delivery: Attempt, signal: AbortSignal): Promise<Outcome> => {
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
        { timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate, signal },
      );
      if (status >= 200 && status < 300) return { delivered: true };
      const retryable = status >= 500 || status === 408 || status === 429;
      return {
        delivered: false,
        error: new DeliveryError(`the receiver answered HTTP ${status}`, retryable),
      };
    } catch (error) {
      if (signal.aborted) throw error;
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(error instanceof Error ? error.message : String(error), true);
      return { delivered: false, error: failure };
    }
  };

  return async function handle(job: Job<WebhookJobData>, signal: AbortSignal): Promise<void> {
    const { deliveryId } = job.data;
    const delivery = await startAttempt(deliveryId);
    if (delivery === undefined) {
      // Delivered, given up, deleted, or out of attempts because the workers running them died.
      const ranOut = await record(deliveryId, 'failed', 'the workers delivering it stopped answering');
      if ((ranOut[0]?.numUpdatedRows ?? 0n) > 0n) {
        options.log.warn({ deliveryId, attempts: options.maxAttempts }, 'webhook delivery given up');
      }
      return;
    }
    const outcome = await post(delivery, signal);
    if (outcome.delivered) {
      await record(delivery.id, 'delivered', null);
      options.metrics?.webhookDelivery('delivered');
      return;
    }
    const attempts = Number(delivery.attempts);
    const giveUp = !outcome.error.retryable || attempts >= options.maxAttempts;
    await record(delivery.id, giveUp ? 'failed' : 'pending', outcome.error.message);
    options.metrics?.webhookDelivery(giveUp ? 'failed' : 'retry');
    const fields = {
      deliveryId: delivery.id,
      interactionId: delivery.interaction_id,
      attempts,
      reason: outcome.error.message,
    };
    if (giveUp) {
      options.log.warn(fields, 'webhook delivery given up');
      return;
    }
    options.log.info(fields, 'webhook delivery failed; will retry');
    throw outcome.error;
  };
}
