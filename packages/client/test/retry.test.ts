import { createReadStream } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  InternalServerError,
  Parley,
  RateLimitError,
} from '@parley/client/node';
import type { ParleyOptions } from '@parley/client';
import { closedPort, JFK_WAV, SAMPLE_CHAT, startFlakyProxy, startServer } from './helpers.js';
import type { FlakyProxy, ProxyPlan, RunningParley } from './helpers.js';

let server: RunningParley;
let proxy: FlakyProxy | undefined;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** A client talking through a proxy that follows `plan`; backoff kept short so tests stay quick. */
async function throughProxy(plan: ProxyPlan, options: ParleyOptions = {}): Promise<Parley> {
  proxy = await startFlakyProxy(server.origin, plan);
  return new Parley({ baseUrl: proxy.baseUrl, token: server.token, ...options });
}

/** Fails the first `count` requests matching `method` and a path ending, then forwards. */
function failFirst(
  count: number,
  status: number,
  match: { method: string; pathEnd: string },
  headers = {},
): ProxyPlan {
  let failed = 0;
  return (request) => {
    if (request.method !== match.method || !request.path.endsWith(match.pathEnd)) return undefined;
    if (failed >= count) return undefined;
    failed++;
    return { status, headers };
  };
}

const declared = async (): Promise<string> => {
  const direct = new Parley({ baseUrl: server.baseUrl, token: server.token });
  return (await direct.interactions.declareAudio()).interactionIdentifier;
};

function requestsTo(pathEnd: string, method: string): number {
  return (proxy?.seen ?? []).filter((r) => r.method === method && r.path.endsWith(pathEnd)).length;
}

describe('retries', () => {
  it('waits out a 429 Retry-After, then succeeds', async () => {
    const id = await declared();
    const times: number[] = [];
    const plan = failFirst(1, 429, { method: 'GET', pathEnd: '/status' }, { 'retry-after': '1' });
    const client = await throughProxy((request, index) => {
      times.push(Date.now());
      return plan(request, index);
    });
    const status = await client.interactions.status(id);
    expect(status.status).toBe('filePendingUpload');
    expect(requestsTo('/status', 'GET')).toBe(2);
    // Retry-After: 1 means the second request may not come sooner than a second later.
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('retries 503 twice with backoff and then succeeds', async () => {
    const id = await declared();
    const client = await throughProxy(failFirst(2, 503, { method: 'GET', pathEnd: '/status' }));
    expect((await client.interactions.status(id)).identifier).toBe(id);
    expect(requestsTo('/status', 'GET')).toBe(3);
  });

  it('gives up after maxRetries with the last error', async () => {
    const id = await declared();
    const client = await throughProxy(failFirst(5, 503, { method: 'GET', pathEnd: '/status' }), {
      maxRetries: 1,
    });
    const error = await client.interactions.status(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, code: 'proxy_failure', retryable: true });
    expect(requestsTo('/status', 'GET')).toBe(2);
  });

  it('does not wait for a Retry-After beyond maxRetryDelayMs', async () => {
    const id = await declared();
    const client = await throughProxy(
      failFirst(1, 429, { method: 'GET', pathEnd: '/status' }, { 'retry-after': '120' }),
      { maxRetryDelayMs: 5_000 },
    );
    const error = await client.interactions.status(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(requestsTo('/status', 'GET')).toBe(1);
  });

  it('never retries a declare after a 503 by default', async () => {
    const client = await throughProxy(failFirst(1, 503, { method: 'POST', pathEnd: '/interactions' }));
    const error = await client.interactions.declareChat(SAMPLE_CHAT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requestsTo('/interactions', 'POST')).toBe(1);
  });

  it('retries a declare when the caller opts in', async () => {
    const client = await throughProxy(failFirst(1, 503, { method: 'POST', pathEnd: '/interactions' }), {
      retryDeclare: true,
    });
    const { interactionIdentifier } = await client.interactions.declareChat(SAMPLE_CHAT);
    expect(interactionIdentifier).toBeTruthy();
    expect(requestsTo('/interactions', 'POST')).toBe(2);
  });

  it('retries an upload whose body can be sent again', async () => {
    const id = await declared();
    const client = await throughProxy(failFirst(1, 503, { method: 'POST', pathEnd: '/upload' }));
    await client.interactions.uploadFile(id, JFK_WAV);
    expect(requestsTo('/upload', 'POST')).toBe(2);
    expect((await client.interactions.status(id)).uploaded).not.toBeNull();
  });

  it('does not retry an upload from a stream', async () => {
    const id = await declared();
    const client = await throughProxy(failFirst(1, 503, { method: 'POST', pathEnd: '/upload' }));
    const error = await client.interactions
      .upload(id, createReadStream(JFK_WAV), { filename: 'jfk.wav' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requestsTo('/upload', 'POST')).toBe(1);
  });

  it('times out a request that gets no answer, and retries it when it is idempotent', async () => {
    const id = await declared();
    let hung = 0;
    const client = await throughProxy(
      (request) => (request.path.endsWith('/status') && hung++ === 0 ? 'hang' : undefined),
      { timeoutMs: 300 },
    );
    expect((await client.interactions.status(id)).identifier).toBe(id);
    expect(requestsTo('/status', 'GET')).toBe(2);
  });

  it('reports a request with no answer as APIConnectionTimeoutError', async () => {
    const id = await declared();
    const client = await throughProxy(() => 'hang', { timeoutMs: 300, maxRetries: 0 });
    const error = await client.interactions.status(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toMatchObject({ code: 'request_timeout', timeoutMs: 300, retryable: true });
  });

  it('reports an unreachable server as APIConnectionError after retrying', async () => {
    const port = await closedPort();
    const client = new Parley({ baseUrl: `http://127.0.0.1:${port}/v1`, token: 't', maxRetries: 1 });
    const error = await client.interactions.status('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).message).toContain('ECONNREFUSED');
  });
});
