import type { Kysely } from 'kysely';
import type { InteractionStatus } from '@parley/contract';
import type { Database } from './schema.js';
import type { InteractionType } from './types.js';

export interface InteractionListFilter {
  statuses?: readonly InteractionStatus[];
  types?: readonly InteractionType[];
  /** ISO 8601 UTC, exclusive bounds on the declared time. */
  declaredAfter?: string;
  declaredBefore?: string;
  /** Continue after this position (the last row of the previous page). */
  after?: { declared: string; id: string };
  limit: number;
}

export interface InteractionSummary {
  id: string;
  type: InteractionType;
  status: InteractionStatus;
  declared: string;
  processed: string | null;
  errorMessage: string | null;
  externalIdentifier: string | null;
  originalFilename: string | null;
}

export type InteractionLister = (
  tenantId: string,
  filter: InteractionListFilter,
) => Promise<InteractionSummary[]>;

/**
 * A tenant's interactions, newest first, as a keyset page: ordering by (declared, id) and resuming
 * strictly after the last row seen keeps pages stable while new interactions arrive.
 */
export function createInteractionLister(db: Kysely<Database>): InteractionLister {
  return async (tenantId, filter) => {
    let query = db
      .selectFrom('interactions')
      .select([
        'id',
        'type',
        'status',
        'declared',
        'processed',
        'error_message',
        'external_identifier',
        'original_filename',
      ])
      .where('tenant_id', '=', tenantId);
    if (filter.statuses !== undefined) query = query.where('status', 'in', [...filter.statuses]);
    if (filter.types !== undefined) query = query.where('type', 'in', [...filter.types]);
    if (filter.declaredAfter !== undefined) query = query.where('declared', '>', filter.declaredAfter);
    if (filter.declaredBefore !== undefined) query = query.where('declared', '<', filter.declaredBefore);
    const after = filter.after;
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('declared', '<', after.declared),
          eb.and([eb('declared', '=', after.declared), eb('id', '<', after.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('declared', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      type: r.type as InteractionType,
      status: r.status as InteractionStatus,
      declared: r.declared,
      processed: r.processed,
      errorMessage: r.error_message,
      externalIdentifier: r.external_identifier,
      originalFilename: r.original_filename,
    }));
  };
}
