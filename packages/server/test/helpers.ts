import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startParley, type ParleyServer, type StartOptions } from '@parley/server';
import { afterAll, beforeAll, expect } from 'vitest';
import { provisionBackend, TEST_BACKEND } from './backend.js';

export { AUDIO_BODY, CHAT_BODY, TRANSCRIPT_BODY } from '../bench/sample-interactions.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MODELS_DIR = process.env['PARLEY_MODELS_DIR'] ?? resolve(REPO_ROOT, '../shared/models');
export const AUDIO_DIR = resolve(REPO_ROOT, '../shared/audio');

export const TOKEN_A = 'tenant-a-token-0123456789abcdef';
export const TOKEN_B = 'tenant-b-token-0123456789abcdef';

export interface TestServer {
  url: string;
  dataDir: string;
  /** The deployment under test (see backend.ts). */
  backend: 'embedded' | 'shared';
  /** Keys of the audio blobs stored right now, in files or S3 alike. */
  blobKeys(): Promise<string[]>;
  server: ParleyServer;
  /** Every HTTP status this server answered the suite with, so a test file can assert no 5xx. */
  statuses: Array<{ method: string; path: string; status: number }>;
  /** fetch against the server with tenant A's token unless headers say otherwise; records the status. */
  api(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: Omit<StartOptions, 'env'> = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-server-test-'));
  const backend = await provisionBackend(dataDir);
  const server = await startParley({
    ...options,
    env: {
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: `${TOKEN_A},${TOKEN_B}`,
      PARLEY_MODELS_DIR: MODELS_DIR,
      PARLEY_LOG_LEVEL: 'silent',
      PARLEY_WORKER_CONCURRENCY: '2',
      ...backend.env,
      ...env,
    },
  }).catch(async (error: unknown) => {
    await backend.close();
    throw error;
  });
  const statuses: TestServer['statuses'] = [];
  return {
    url: server.url,
    dataDir,
    backend: TEST_BACKEND,
    blobKeys: () => backend.blobKeys(),
    server,
    statuses,
    async api(path, init = {}) {
      const { token = TOKEN_A, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== null && !headers.has('x-api-token')) headers.set('x-api-token', token);
      const response = await fetch(`${server.url}${path}`, { ...rest, headers });
      statuses.push({ method: rest.method ?? 'GET', path, status: response.status });
      return response;
    },
    async close() {
      await server.close();
      await backend.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A value, or a function giving it once the hooks registered before have run. */
type Deferred<T> = T | (() => T);
const settle = <T extends object>(value: Deferred<T>): T => (typeof value === 'function' ? value() : value);

/**
 * A test server for the tests of the enclosing file or describe block: started before them,
 * and after them checked for 5xx answers (unless `expectNoErrors` is false) and closed. The
 * object it returns stands for that server once it has started.
 */
export function useTestServer(
  env: Deferred<Record<string, string>> = {},
  options: Deferred<Omit<StartOptions, 'env'>> = {},
  { expectNoErrors = true }: { expectNoErrors?: boolean } = {},
): TestServer {
  let started: TestServer | undefined;
  const current = (): TestServer => {
    if (started === undefined) throw new Error('the test server is used before it has started');
    return started;
  };
  beforeAll(async () => {
    started = await startTestServer(settle(env), settle(options));
  });
  afterAll(async () => {
    if (started === undefined) return;
    try {
      if (expectNoErrors) expectNoServerErrors(started);
    } finally {
      await started.close();
    }
  });
  return {
    get url() {
      return current().url;
    },
    get dataDir() {
      return current().dataDir;
    },
    get backend() {
      return current().backend;
    },
    get server() {
      return current().server;
    },
    get statuses() {
      return current().statuses;
    },
    blobKeys: () => current().blobKeys(),
    api: (path, init) => current().api(path, init),
    close: () => current().close(),
  };
}

export function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export interface StatusBody {
  identifier: string;
  status: string;
  declared: string;
  uploaded: string | null;
  downloaded: string | null;
  processed: string | null;
  errorMessage: string | null;
  errorCode: string | null;
}

const FINAL = new Set(['processed', 'processingFailed', 'fileUploadFailed', 'fileDownloadFailed']);

/** Polls /status until the interaction reaches a final status, or fails the test after `deadlineMs`. */
export async function waitUntilFinal(
  test: TestServer,
  id: string,
  deadlineMs = 60_000,
  token = TOKEN_A,
): Promise<StatusBody> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const response = await test.api(`/v1/interactions/${id}/status`, { token });
    const body = (await response.json()) as StatusBody;
    if (FINAL.has(body.status)) return body;
    if (Date.now() > until) throw new Error(`interaction ${id} still ${body.status} after ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function declare(test: TestServer, body: unknown, token = TOKEN_A): Promise<string> {
  const response = await test.api('/v1/interactions', { ...json(body), token });
  if (response.status !== 201)
    throw new Error(`declare answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { interactionIdentifier: string }).interactionIdentifier;
}

/** Declares an interaction and waits for it, failing the test unless it ends processed. */
export async function declareProcessed(
  test: TestServer,
  body: unknown,
  deadlineMs?: number,
  token = TOKEN_A,
): Promise<string> {
  const id = await declare(test, body, token);
  const final = await waitUntilFinal(test, id, deadlineMs, token);
  expect(final.status, final.errorMessage ?? undefined).toBe('processed');
  return id;
}

export function expectNoServerErrors(test: TestServer): void {
  const failures = test.statuses.filter((s) => s.status >= 500);
  if (failures.length > 0) throw new Error(`server answered 5xx: ${JSON.stringify(failures)}`);
}
