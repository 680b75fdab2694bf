import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startParley } from '@parley/server';

export const MODELS_DIR =
  process.env['PARLEY_MODELS_DIR'] ?? resolve(import.meta.dirname, '../../../../shared/models');
export const AUDIO_DIR = resolve(import.meta.dirname, '../../../../shared/audio');
export const JFK_WAV = join(AUDIO_DIR, 'jfk.wav');

export interface RunningParley {
  /** The v1 base URL, e.g. http://127.0.0.1:41234/v1. */
  baseUrl: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** A real Parley server on 127.0.0.1, a random port and a fresh data directory. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningParley> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-client-'));
  const token = `test-${randomUUID()}`;
  const server = await startParley({
    env: {
      PARLEY_PORT: '0',
      PARLEY_HOST: '127.0.0.1',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: token,
      PARLEY_MODELS_DIR: MODELS_DIR,
      PARLEY_LOG_LEVEL: 'warn',
      ...extraEnv,
    },
  });
  const url = new URL(server.url);
  const origin = url.origin;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    token,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SeenRequest {
  method: string;
  path: string;
}

/** What the proxy does with one request: answer it itself, or pass it on. */
export type ProxyPlan = (
  request: SeenRequest,
  index: number,
) => { status: number; headers?: Record<string, string> } | 'hang' | undefined;

export interface FlakyProxy {
  baseUrl: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP proxy on 127.0.0.1 in front of a Parley server. `plan` may fail a request (after
 * reading its body, as a real server would) instead of forwarding it; everything it sees is recorded.
 */
export async function startFlakyProxy(targetOrigin: string, plan: ProxyPlan): Promise<FlakyProxy> {
  const seen: SeenRequest[] = [];
  const target = new URL(targetOrigin);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const request = { method: req.method ?? 'GET', path: req.url ?? '/' };
    const index = seen.push(request) - 1;
    const failure = plan(request, index);
    if (failure === 'hang') {
      // Read the request, never answer: what a stuck server or a black-holed network looks like.
      req.resume();
      return;
    }
    if (failure !== undefined) {
      req.resume();
      req.on('end', () => {
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ errorMessage: `proxy says ${failure.status}`, code: 'proxy_failure' }));
      });
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A chat whose words we can look for in the results. */
export const SAMPLE_CHAT = {
  participants: [
    { participant_id: 'agent-7', name: 'Dana', role: 'agent' },
    { participant_id: 'cust-42', name: 'Lee', role: 'customer' },
  ],
  messages: [
    {
      participant_id: 'cust-42',
      timestamp: '2024-03-01T10:00:00Z',
      content: 'Hi, my card was declined at the store.',
    },
    {
      participant_id: 'agent-7',
      timestamp: '2024-03-01T10:00:20Z',
      content: 'Sorry to hear that. Let me check your account.',
    },
    {
      participant_id: 'cust-42',
      timestamp: '2024-03-01T10:01:05Z',
      content: 'Thank you, that would be great.',
    },
    {
      participant_id: 'agent-7',
      timestamp: '2024-03-01T10:01:40Z',
      content: 'The block is removed. You can use the card again.',
    },
  ],
};
