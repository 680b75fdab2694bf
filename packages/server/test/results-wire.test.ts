import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  CHAT_BODY,
  TRANSCRIPT_BODY,
  declare,
  declareProcessed,
  useTestServer,
  waitUntilFinal,
} from './helpers.js';

const test = useTestServer();

const PATHS = ['transcripts', 'transcript', 'transcripts/punctuated', 'ai'];

interface Served {
  status: number;
  contentType: string | null;
  contentLength: string | null;
  body: string;
}

/** Uncompressed unless asked otherwise (fetch itself asks for gzip). */
async function read(
  id: string,
  path: string,
  headers: Record<string, string> = { 'accept-encoding': 'identity' },
): Promise<Served> {
  const response = await test.api(`/v1/interactions/${id}/${path}`, { headers });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    contentLength: response.headers.get('content-length'),
    body: await response.text(),
  };
}

/**
 * Makes the stored results look like rows written before they were marked as wire form; returns
 * the mark they had.
 */
async function forgetWireForm(id: string): Promise<string | null> {
  const { databaseUrl, dataDir } = test.server.config;
  if (databaseUrl === undefined) {
    const db = new BetterSqlite3(join(dataDir, 'parley.sqlite'));
    try {
      const row = db.prepare('select wire_schema from results where interaction_id = ?').get(id) as
        { wire_schema: string | null } | undefined;
      const update = db.prepare('update results set wire_schema = null where interaction_id = ?');
      expect(update.run(id).changes).toBe(1);
      return row?.wire_schema ?? null;
    } finally {
      db.close();
    }
  }
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'parley';
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ wire_schema: string | null }>(
      `update "${schema}".results r set wire_schema = null from "${schema}".results old
       where r.interaction_id = $1 and old.interaction_id = r.interaction_id returning old.wire_schema`,
      [id],
    );
    expect(rows).toHaveLength(1);
    return rows[0]?.wire_schema ?? null;
  } finally {
    await client.end();
  }
}

describe('result documents', () => {
  it('are sent as stored with the same bytes and headers as results serialised from their parsed form', async () => {
    for (const body of [CHAT_BODY, TRANSCRIPT_BODY]) {
      const id = await declareProcessed(test, body);
      const asStored = await Promise.all(PATHS.map((path) => read(id, path)));
      // Chat and transcript results are stored in their wire form, so the first reads were sent as stored.
      expect(await forgetWireForm(id)).toMatch(/^[0-9a-f]{16}$/);
      const reserialised = await Promise.all(PATHS.map((path) => read(id, path)));
      expect(asStored).toEqual(reserialised);
      for (const served of asStored) {
        expect(served.status).toBe(200);
        expect(served.contentType).toBe('application/json; charset=utf-8');
        expect(Number(served.contentLength)).toBe(Buffer.byteLength(served.body));
        expect(JSON.parse(served.body)).toBeTypeOf('object');
      }
    }
  });

  it('are compressed alike for a client that asks for gzip', async () => {
    const id = await declare(test, CHAT_BODY);
    await waitUntilFinal(test, id);
    const gzip = { 'accept-encoding': 'gzip' };
    // fetch decompresses; what matters is that both paths negotiate the same encoding and body.
    const asStored = await test.api(`/v1/interactions/${id}/ai`, { headers: gzip });
    const asStoredBody = await asStored.text();
    await forgetWireForm(id);
    const reserialised = await test.api(`/v1/interactions/${id}/ai`, { headers: gzip });
    expect(asStored.headers.get('content-encoding')).toBe(reserialised.headers.get('content-encoding'));
    expect(asStoredBody).toBe(await reserialised.text());
  });

  it('answer 409 before processing and 404 for unknown ids, as before', async () => {
    const unknown = '3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44';
    const missing = await read(unknown, 'ai');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'not_found' });
    const notGuid = await read('not-a-guid', 'transcripts/punctuated');
    expect(notGuid.status).toBe(404);
    const status = await test.api(`/v1/interactions/${unknown}/status`);
    expect(status.status).toBe(404);
  });
});
