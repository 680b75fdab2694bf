import { APIError, NotFoundError, Parley } from '@parley/client';
import type { DeclareAudioRequest, DeclareParams, InteractionSummary } from '@parley/client';
import type { InteractionRow } from './api.js';

const PAGE_SIZE = 500;
const MAX_LISTED = 2000;

/**
 * The SDK client for this origin, with listing adapted to the dashboard: `undefined` when the
 * server has no list endpoint (hosted ElevateAI, older servers), so the caller falls back to the
 * browser's own record.
 */
export function createSdk(origin: string, token: string) {
  const parley = new Parley({ baseUrl: `${origin}/v1`, token, maxRetries: 1 });

  /** Pages through the list, newest first; a tenant with more than `MAX_LISTED` sees the newest. */
  async function list(): Promise<InteractionRow[] | undefined> {
    const rows: InteractionRow[] = [];
    try {
      for await (const item of parley.interactions.listAll({ limit: PAGE_SIZE })) {
        rows.push(rowOf(item));
        if (rows.length >= MAX_LISTED) break;
      }
    } catch (error) {
      if (hasNoListEndpoint(error)) return undefined;
      throw error;
    }
    return rows;
  }

  return {
    interactions: parley.interactions,
    list,
    declareAudio: (params: DeclareParams & Partial<Pick<DeclareAudioRequest, 'downloadUri'>>) =>
      parley.interactions.declareAudio(params).then((r) => r.interactionIdentifier),
  };
}

export type Sdk = ReturnType<typeof createSdk>;

/** A server without the route answers 404 (or 405 behind proxies that know the path for POST only). */
function hasNoListEndpoint(error: unknown): boolean {
  return error instanceof NotFoundError || (error instanceof APIError && error.status === 405);
}

function rowOf(item: InteractionSummary): InteractionRow {
  const row: InteractionRow = {
    id: item.interactionIdentifier,
    type: item.type,
    status: item.status,
    declared: item.declared,
    processed: item.processed,
    errorMessage: item.errorMessage,
  };
  const name = item.originalFilename ?? item.externalIdentifier;
  if (name !== null) row.name = name;
  return row;
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof APIError) return error.status;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

export function isUnauthorized(error: unknown): boolean {
  const status = statusOf(error);
  return status === 401 || status === 403;
}

/** What to show a person: the server's own errorMessage when there is one. */
export function errorMessageOf(error: unknown): string {
  if (error instanceof APIError) return error.errorMessage;
  return error instanceof Error ? error.message : String(error);
}
