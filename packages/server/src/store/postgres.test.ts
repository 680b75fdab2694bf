import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, TEST_DATABASE_URL } from '../../test/backend.js';
import { createPostgresStore, openPostgresDatabase, parseDatabaseUrl } from './postgres.js';

const schema = `m_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  await dropSchemas(schema);
});

describe('parseDatabaseUrl', () => {
  it('takes the schema from the URL and passes the rest to the driver', () => {
    expect(parseDatabaseUrl('postgres://u@db:5432/app?schema=tenant_x&sslmode=require')).toEqual({
      connectionString: 'postgres://u@db:5432/app?sslmode=require',
      schema: 'tenant_x',
    });
    expect(parseDatabaseUrl('postgres://u@db/app').schema).toBe('parley');
  });

  it('refuses a schema name that would need quoting', () => {
    expect(() => parseDatabaseUrl('postgres://u@db/app?schema=Robert";drop')).toThrow(/schema=/);
  });
});

describe('PostgreSQL store', () => {
  it('migrates once when several processes start at the same moment', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('schema', schema);
    const target = parseDatabaseUrl(url.toString());
    const opened = await Promise.all(Array.from({ length: 4 }, () => openPostgresDatabase(target)));
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
        opened[0]?.db ?? (undefined as never),
      );
      expect(rows.map((r) => r.name)).toEqual([
        '0001-initial',
        '0002-webhooks',
        '0003-source-blobs',
        '0004-redaction-policies',
        '0005-queue-tables',
        '0006-webhook-jobs',
        '0007-drop-inline-sources',
        '0008-results-wire-schema',
      ]);
      const store = createPostgresStore(opened[1] ?? (undefined as never));
      await store.tenants.ensureTenant({ id: 't1', name: 'one' });
      await store.tenants.addToken({ hash: 'h1', tenantId: 't1', name: 'n' });
      expect(await store.tenants.findTenantByTokenHash('h1')).toEqual({ id: 't1', name: 'one' });
      expect(await store.tenants.countTokens()).toBe(1);
    } finally {
      for (const database of opened) await database.db.destroy();
    }
  });
});
