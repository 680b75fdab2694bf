import {
  DEFAULT_LIST_LIMIT,
  ErrorBodySchema,
  INTERACTION_TYPES,
  InteractionPageSchema,
  ListQuerySchema,
  STATUSES,
} from '@parley/contract';
import { ApiError } from '../../errors/api-error.js';
import type { InteractionLister } from '../../store/interaction-list.js';
import { tenantOf } from '../auth.js';
import type { TypedApp } from '../typed-app.js';

/**
 * GET /v1/interactions (a Parley extension): the tenant's interactions, newest first, filtered and
 * paginated with an opaque cursor (keyset pagination, so pages neither skip nor repeat rows while
 * new interactions are declared).
 */
export async function listRoutes(app: TypedApp, deps: { list: InteractionLister }): Promise<void> {
  app.get(
    '/interactions',
    {
      schema: {
        tags: ['interactions'],
        security: [{ apiToken: [] }],
        summary: 'List interactions, newest first (Parley extension)',
        querystring: ListQuerySchema,
        response: {
          200: InteractionPageSchema,
          ...Object.fromEntries([400, 401].map((s) => [s, { ...ErrorBodySchema, description: 'Error' }])),
        },
      },
    },
    async (request) => {
      const query = request.query;
      const limit = query.limit ?? DEFAULT_LIST_LIMIT;
      const rows = await deps.list(tenantOf(request).id, {
        ...(query.status !== undefined ? { statuses: listOf(query.status, STATUSES, 'status') } : {}),
        ...(query.type !== undefined ? { types: listOf(query.type, INTERACTION_TYPES, 'type') } : {}),
        ...(query.declaredAfter !== undefined
          ? { declaredAfter: isoOf(query.declaredAfter, 'declaredAfter') }
          : {}),
        ...(query.declaredBefore !== undefined
          ? { declaredBefore: isoOf(query.declaredBefore, 'declaredBefore') }
          : {}),
        ...(query.cursor !== undefined ? { after: decodeCursor(query.cursor) } : {}),
        // One more than asked tells whether another page exists.
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        interactions: page.map((r) => ({
          interactionIdentifier: r.id,
          type: r.type,
          status: r.status,
          declared: r.declared,
          processed: r.processed,
          errorMessage: r.errorMessage,
          externalIdentifier: r.externalIdentifier,
          originalFilename: r.originalFilename,
        })),
        nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.declared, last.id) : null,
      };
    },
  );
}

function listOf<T extends string>(raw: string, allowed: readonly T[], name: string): T[] {
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (values.length === 0 || unknown.length > 0) {
    throw new ApiError(
      'validation_failed',
      `Invalid query: ${name}=${JSON.stringify(raw.slice(0, 200))} must be a comma-separated list of ${allowed.join(', ')}.`,
    );
  }
  return values as T[];
}

function isoOf(raw: string, name: string): string {
  const time = Date.parse(raw);
  if (!/^\d{4}-\d\d-\d\d/.test(raw) || Number.isNaN(time)) {
    throw new ApiError(
      'validation_failed',
      `Invalid query: ${name}=${JSON.stringify(raw.slice(0, 100))} is not an ISO 8601 date-time such as 2024-03-01T10:00:00Z.`,
    );
  }
  // Stored times are ISO 8601 UTC with milliseconds, which compare correctly as strings.
  return new Date(time).toISOString();
}

function encodeCursor(declared: string, id: string): string {
  return Buffer.from(JSON.stringify([declared, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { declared: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { declared: value[0] as string, id: value[1] as string };
    }
  } catch {
    // reported below
  }
  throw new ApiError(
    'validation_failed',
    'Invalid query: cursor is not one this server returned. Pass nextCursor from the previous page unchanged, or omit cursor for the first page.',
  );
}
