/**
 * The admin commands run as an operator runs them (the built entry points, configured by the
 * environment alone) against each deployment, and what they write is what the server then reads.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startParley, type ParleyServer } from '@parley/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBackend, type TestBackend } from './backend.js';
import { MODELS_DIR, REPO_ROOT } from './helpers.js';

const run = promisify(execFile);
beforeAll(async () => {
  await run('npx', ['tsc', '-b', 'packages/server'], { cwd: REPO_ROOT });
}, 180_000);

describe.each(['embedded', 'shared'] as const)('admin commands (%s deployment)', (kind) => {
  let dataDir: string;
  let backend: TestBackend;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-admin-test-'));
    backend = await provisionBackend(dataDir, kind);
    env = {
      PATH: process.env['PATH'] ?? '',
      ...backend.env,
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_MODELS_DIR: MODELS_DIR,
      PARLEY_LOG_LEVEL: 'silent',
      PARLEY_WORKER_CONCURRENCY: '1',
    };
  }, 60_000);

  afterAll(async () => {
    await backend?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  const command = (name: string, args: string[]) =>
    run(process.execPath, [join(REPO_ROOT, `packages/server/dist/main/${name}.js`), ...args], {
      cwd: REPO_ROOT,
      env,
    });

  it('creates a token with `token create` that the server then accepts', async () => {
    const { stdout } = await command('token', ['create', '--name', 'Acme support']);
    const token = /^\s+(prl_\S+)$/m.exec(stdout)?.[1];
    const tenantId = /Created tenant (tenant-[0-9a-f]+)/.exec(stdout)?.[1];
    expect(token, stdout).toBeDefined();
    let server: ParleyServer | undefined;
    try {
      server = await startParley({ env: { ...env, PARLEY_ROLE: 'api' } });
      const accepted = await fetch(`${server.url}/v1/interactions`, {
        headers: { 'x-api-token': token ?? '' },
      });
      expect(accepted.status).toBe(200);
      const refused = await fetch(`${server.url}/v1/interactions`, {
        headers: { 'x-api-token': `${token ?? ''}x` },
      });
      expect(refused.status).toBe(401);

      // The webhook command finds the tenant the token command made, in the same store.
      const shown = await command('webhook', ['--tenant', tenantId ?? '']);
      expect(shown.stdout).toContain(`Tenant ${tenantId ?? ''}`);
    } finally {
      await server?.close();
    }
  });

  it('migrates the configured database with `migrate`', async () => {
    const { stdout } = await command('migrate', []);
    expect(stdout).toMatch(kind === 'embedded' ? /SQLite database .* is up to date/ : /PostgreSQL/);
  });
});
