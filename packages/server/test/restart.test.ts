import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_BODY, MODELS_DIR, REPO_ROOT, TOKEN_A } from './helpers.js';

const MAIN = join(REPO_ROOT, 'packages/server/dist/main/index.js');
let dataDir: string | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // The restart test runs the real entry point, so it needs the built output.
  await promisify(execFile)('npx', ['tsc', '-b', 'packages/server'], { cwd: REPO_ROOT });
  dataDir = await mkdtemp(join(tmpdir(), 'parley-restart-test-'));
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

/** Starts the server process and resolves with its URL once it says where it listens. */
function startProcess(
  env: Record<string, string>,
  dir = dataDir ?? '',
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dir,
      PARLEY_API_TOKENS: TOKEN_A,
      PARLEY_MODELS_DIR: MODELS_DIR,
      // Shared, read-only models; nothing is fetched from outside during tests.
      PARLEY_OFFLINE: 'true',
      PARLEY_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Parley listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

async function declareChat(url: string, n: number): Promise<string> {
  const body = structuredClone(CHAT_BODY);
  body.chat.messages[0]!.content = `Chat number ${n}: my card was declined this morning.`;
  const response = await fetch(`${url}/v1/interactions`, {
    method: 'POST',
    headers: { 'x-api-token': TOKEN_A, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { interactionIdentifier: string }).interactionIdentifier;
}

describe('a server killed with SIGKILL', () => {
  it('processes every accepted interaction exactly once after a restart', async () => {
    const first = await startProcess({ PARLEY_WORKER_CONCURRENCY: '1' });
    // Declared concurrently so that work piles up faster than one worker drains it.
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => declareChat(first.url, i)));
    first.child.kill('SIGKILL');
    await exited(first.child);

    const before = new BetterSqlite3(join(dataDir ?? '', 'parley.sqlite'), { readonly: true });
    const unfinished = before
      .prepare("select count(*) as n from interactions where status != 'processed'")
      .get() as { n: number };
    before.close();
    // The kill landed while work was still queued, or the test would prove nothing.
    expect(unfinished.n).toBeGreaterThan(0);

    const second = await startProcess({ PARLEY_WORKER_CONCURRENCY: '2' });
    const deadline = Date.now() + 90_000;
    const statuses = new Map<string, string>();
    while (Date.now() < deadline) {
      for (const id of ids) {
        if (statuses.get(id) === 'processed') continue;
        const response = await fetch(`${second.url}/v1/interactions/${id}/status`, {
          headers: { 'x-api-token': TOKEN_A },
        });
        expect(response.status).toBe(200);
        statuses.set(id, ((await response.json()) as { status: string }).status);
      }
      if ([...statuses.values()].every((s) => s === 'processed') && statuses.size === ids.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...statuses.values()].filter((s) => s !== 'processed')).toEqual([]);

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);

    const db = new BetterSqlite3(join(dataDir ?? '', 'parley.sqlite'), { readonly: true });
    const rows = db
      .prepare('select interaction_id, count(*) as n from results group by interaction_id')
      .all() as Array<{
      interaction_id: string;
      n: number;
    }>;
    db.close();
    expect(rows.map((r) => r.interaction_id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });
});

describe('a server stopped with SIGTERM', () => {
  it('finishes or releases running work and exits 0', async () => {
    const server = await startProcess({ PARLEY_WORKER_CONCURRENCY: '2', PARLEY_SHUTDOWN_GRACE_MS: '5000' });
    for (let i = 0; i < 10; i++) await declareChat(server.url, i);
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
    expect(server.output()).toMatch(/SIGTERM received/);
  });
});

describe('tokens', () => {
  it('creates, prints once and then accepts a first token when none exists, and never logs tokens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-token-test-'));
    try {
      const first = await startProcess({ PARLEY_API_TOKENS: '', PARLEY_LOG_LEVEL: 'debug' }, dir);
      const token = /one was created[^\n]*\n\n\s+(\S+)/.exec(first.output())?.[1];
      expect(token).toMatch(/^prl_/);
      const response = await fetch(`${first.url}/v1/interactions`, {
        method: 'POST',
        headers: { 'X-API-Token': token ?? '', 'content-type': 'application/json' },
        body: JSON.stringify(CHAT_BODY),
      });
      expect(response.status).toBe(201);
      await fetch(`${first.url}/v1/interactions`, {
        headers: { 'x-api-token': 'wrong-token-0000000000000' },
      });
      first.child.kill('SIGTERM');
      await exited(first.child);
      // The token shows exactly once: in the announcement, never in a log line.
      expect(first.output().split(token ?? '').length - 1).toBe(1);
      expect(first.output()).not.toContain('wrong-token-0000000000000');

      const second = await startProcess({ PARLEY_API_TOKENS: '' }, dir);
      expect(second.output()).not.toContain('one was created');
      second.child.kill('SIGTERM');
      await exited(second.child);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('creates a tenant token with the admin command, storing only its hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-token-test-'));
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(REPO_ROOT, 'packages/server/dist/main/token.js'), 'create', '--name', 'acme'],
        { env: { PATH: process.env['PATH'] ?? '', PARLEY_DATA_DIR: dir } },
      );
      const token = /\n\n\s+(prl_\S+)/.exec(stdout)?.[1] ?? '';
      expect(token).not.toBe('');
      const db = new BetterSqlite3(join(dir, 'parley.sqlite'), { readonly: true });
      const stored = JSON.stringify(db.prepare('select * from api_tokens').all());
      db.close();
      expect(stored).not.toContain(token);

      const server = await startProcess({}, dir);
      const declared = await fetch(`${server.url}/v1/interactions`, {
        method: 'POST',
        headers: { 'x-api-token': token, 'content-type': 'application/json' },
        body: JSON.stringify(CHAT_BODY),
      });
      expect(declared.status).toBe(201);
      const { interactionIdentifier } = (await declared.json()) as { interactionIdentifier: string };
      // The configured token is another tenant: it cannot see acme's interaction.
      const other = await fetch(`${server.url}/v1/interactions/${interactionIdentifier}/status`, {
        headers: { 'x-api-token': TOKEN_A },
      });
      expect(other.status).toBe(404);
      server.child.kill('SIGTERM');
      await exited(server.child);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
