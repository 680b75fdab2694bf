import { ParleyError } from './errors.js';
import type { ListInteractionsParams } from './types.js';

/**
 * The query string of GET /v1/interactions: lists joined with commas, dates as ISO 8601 UTC.
 * Empty when no parameter is set, so the server's defaults apply.
 */
export function listQuery(params: ListInteractionsParams): string {
  const query = new URLSearchParams();
  const status = listOf(params.status);
  const type = listOf(params.type);
  if (status !== undefined) query.set('status', status);
  if (type !== undefined) query.set('type', type);
  if (params.declaredAfter !== undefined)
    query.set('declaredAfter', isoOf(params.declaredAfter, 'declaredAfter'));
  if (params.declaredBefore !== undefined) {
    query.set('declaredBefore', isoOf(params.declaredBefore, 'declaredBefore'));
  }
  if (params.limit !== undefined) query.set('limit', String(params.limit));
  if (params.cursor !== undefined) query.set('cursor', params.cursor);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

function listOf(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(',');
}

function isoOf(value: Date | string, name: string): string {
  if (typeof value === 'string') return value;
  if (Number.isNaN(value.getTime())) {
    throw new ParleyError(
      'invalid_argument',
      `${name} is an invalid Date; pass a valid Date or ISO 8601 text.`,
    );
  }
  return value.toISOString();
}
