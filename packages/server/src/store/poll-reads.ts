import type { FailureCode, InteractionStatus } from '@parley/contract';
import type { InteractionStatusView, ResultDocumentView, ResultPart } from './types.js';

/**
 * Status polls and result fetches are most of what clients send, and building a query per request
 * cost more than running it. Their SQL is fixed here, for statements each database prepares once
 * (sqlite.ts, postgres.ts), and the result document comes with the status in one round trip.
 */

const RESULT_COLUMNS: Record<ResultPart, string> = {
  transcript: 'transcript_json',
  punctuated: 'punctuated_json',
  ai: 'ai_json',
};

export const RESULT_PARTS = Object.keys(RESULT_COLUMNS) as ResultPart[];

const STATUS_COLUMNS =
  'i.id, i.status, i.error_code, i.error_message, i.declared, i.uploaded, i.downloaded, i.processed';

/** `id` and `tenant` are the dialect's placeholders for the first and second parameter. */
export function statusSql(id: string, tenant: string): string {
  return `select ${STATUS_COLUMNS} from interactions i where i.id = ${id} and i.tenant_id = ${tenant}`;
}

export function resultSql(part: ResultPart, id: string, tenant: string): string {
  return (
    `select ${STATUS_COLUMNS}, r.${RESULT_COLUMNS[part]} as document, r.wire_schema as wire_schema ` +
    `from interactions i left join results r on r.interaction_id = i.id ` +
    `where i.id = ${id} and i.tenant_id = ${tenant}`
  );
}

export interface StatusRow {
  id: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  declared: string;
  uploaded: string | null;
  downloaded: string | null;
  processed: string | null;
}

export interface ResultRow extends StatusRow {
  document: string | null;
  wire_schema: string | null;
}

export function toStatusView(row: StatusRow): InteractionStatusView {
  return {
    id: row.id,
    status: row.status as InteractionStatus,
    errorCode: row.error_code as FailureCode | null,
    errorMessage: row.error_message,
    declared: row.declared,
    uploaded: row.uploaded,
    downloaded: row.downloaded,
    processed: row.processed,
  };
}

export function toResultView(row: ResultRow): ResultDocumentView {
  return { ...toStatusView(row), document: row.document, wireSchema: row.wire_schema };
}
