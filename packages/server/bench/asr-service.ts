/**
 * What the speech benchmarks (asr-pipeline, asr-batch) share: where the models and recordings
 * are, the recogniser they compare against, a transcriber whose calls are timed, and a real
 * server on a temporary data directory that they talk to as a client does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createAudioTranscriber,
  findPocketsphinxModel,
  type AudioTranscriber,
  type Engine,
  type PocketsphinxModel,
} from '@parley/engine';
import { startParley } from '@parley/server';

const TOKEN = 'bench-token-0123456789abcdef';
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
export const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');
export const vadModel = join(modelsDir, 'silero-vad', 'silero_vad.onnx');

/** The pocketsphinx model both sides of a comparison recognise with. */
export function pocketsphinxModel(): PocketsphinxModel {
  const model = findPocketsphinxModel(modelsDir);
  if (model === undefined)
    throw new Error('pocketsphinx en-us is not installed: apt-get install pocketsphinx-en-us');
  return model;
}

/** Time spent inside the wrapped call, per call, so a service run can be split into its parts. */
export function timed<A extends unknown[], R>(into: number[], call: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    const started = performance.now();
    try {
      return await call(...args);
    } finally {
      into.push(performance.now() - started);
    }
  };
}

/** The service's pocketsphinx transcriber, each transcription's time added to `into`. */
export function timedTranscriber(into: number[]): AudioTranscriber {
  const inner = createAudioTranscriber({ modelsDir, engine: 'pocketsphinx' });
  return { ...inner, transcribe: timed(into, inner.transcribe) };
}

/** The stored timestamps of an interaction, as /status reports them. */
export interface StoredStatus {
  status: string;
  declared: string;
  uploaded: string | null;
  processed: string | null;
  errorMessage: string | null;
}

export interface BenchService {
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Declares an interaction and returns its identifier. */
  declare(body: object): Promise<string>;
  upload(id: string, data: Uint8Array, filename: string): Promise<void>;
  /** Polls until the interaction is processed; a failed one, or one past the deadline, throws. */
  processed(id: string, pollMs: number, deadlineMs: number): Promise<StoredStatus>;
  /** Stops the server and removes its data; the engine stays with the caller. */
  close(): Promise<void>;
}

/** A server around `engine`, configured by the environment only, as an operator starts it. */
export async function startService(engine: Engine, env: Record<string, string> = {}): Promise<BenchService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const server = await startParley({
    engine,
    env: {
      PARLEY_PORT: '0',
      PARLEY_HOST: '127.0.0.1',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: TOKEN,
      PARLEY_MODELS_DIR: modelsDir,
      PARLEY_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const api = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('x-api-token', TOKEN);
    return fetch(`${server.url}${path}`, { ...init, headers });
  };
  return {
    api,
    async declare(body) {
      const response = await api('/v1/interactions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201)
        throw new Error(`declare answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { interactionIdentifier: string }).interactionIdentifier;
    },
    async upload(id, data, filename) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(data)], { type: 'audio/wav' }), filename);
      const response = await api(`/v1/interactions/${id}/upload`, { method: 'POST', body: form });
      if (response.status !== 201)
        throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    },
    async processed(id, pollMs, deadlineMs) {
      const until = Date.now() + deadlineMs;
      for (;;) {
        const status = (await (await api(`/v1/interactions/${id}/status`)).json()) as StoredStatus;
        if (status.status === 'processed') return status;
        if (status.status.endsWith('Failed')) throw new Error(`${id} failed: ${status.errorMessage}`);
        if (Date.now() > until) throw new Error(`${id} still ${status.status} after ${deadlineMs / 1000} s`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
