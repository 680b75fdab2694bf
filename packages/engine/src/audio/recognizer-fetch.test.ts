import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecognizerRegistry } from './asr-engines.js';
import { PARAKEET_V2 } from './models.js';
import { loadPocketsphinxLibrary } from './pocketsphinx.js';
import { createRecognizerFetcher } from './recognizer-fetch.js';

// A mirror on 127.0.0.1 stands in for the model's publisher; what it serves is generated here.
const tmp = mkdtempSync(join(tmpdir(), 'parley-fetch-'));
const seen: string[] = [];
let releaseResponse: () => void = () => {};
let server: Server;
let mirror: string;
let deadMirror: string;

const pocketsphinx = await loadPocketsphinxLibrary().then(
  () => true,
  () => false,
);

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    // Answers only when the test says so: a download still running while a job arrives.
    const gate = new Promise<void>((resolve) => (releaseResponse = resolve));
    void gate.then(() => {
      const body = Buffer.alloc(1000, 1);
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  deadMirror = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  releaseResponse();
  await new Promise((resolve) => server.close(resolve));
  rmSync(tmp, { recursive: true, force: true });
});

describe('fetching the recommended recogniser', () => {
  it('makes a job wait for the download in progress, then name the command that fixes a bad file', async () => {
    const modelsDir = mkdtempSync(join(tmp, 'models-'));
    const fetcher = createRecognizerFetcher(modelsDir, { enabled: true, baseUrl: mirror });
    const registry = createRecognizerRegistry(modelsDir, 'sherpa', {}, fetcher);
    const started = fetcher.ensure(PARAKEET_V2);
    expect(started).toBeDefined();
    started?.catch(() => undefined);
    let settled = false;
    const job = registry.recognizerFor('en-US').finally(() => (settled = true));
    job.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The job is still waiting: the download has not answered.
    expect(settled).toBe(false);
    expect(fetcher.describe(PARAKEET_V2)).toMatch(/^downloading: /u);
    expect(seen).toEqual([`/${PARAKEET_V2.url.split('/').at(-1) ?? ''}`]);
    releaseResponse();
    // 1,000 bytes is not the model: the attempt fails, and the job says what to run.
    const error = await job.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'asr_unavailable' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `could not be fetched: .*less than .*Install it with: npm run models:download -- ${PARAKEET_V2.id}`,
        'u',
      ),
    );
    // The failed attempt is not repeated for every job.
    expect(fetcher.ensure(PARAKEET_V2)).toBeUndefined();
    await registry.close();
  });

  it('with no network, names the one command that installs the recogniser', async () => {
    const modelsDir = mkdtempSync(join(tmp, 'models-'));
    const fetcher = createRecognizerFetcher(modelsDir, { enabled: true, baseUrl: deadMirror });
    const registry = createRecognizerRegistry(modelsDir, 'sherpa', {}, fetcher);
    const error = await registry.recognizerFor('en').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'asr_unavailable' });
    expect((error as Error).message).toBe(
      `no speech recogniser is installed, and the recommended one (${PARAKEET_V2.id}) could not be fetched: cannot reach ${deadMirror.slice(7)} (ECONNREFUSED): this machine has no working route to the model's host. Install it with: npm run models:download -- ${PARAKEET_V2.id} --models-dir ${modelsDir}`,
    );
    expect(fetcher.describe(PARAKEET_V2)).toMatch(/^no network: /u);
  });

  it.skipIf(!pocketsphinx)('with no network, falls back to pocketsphinx where it is installed', async () => {
    const modelsDir = mkdtempSync(join(tmp, 'models-'));
    const fetcher = createRecognizerFetcher(modelsDir, { enabled: true, baseUrl: deadMirror });
    const registry = createRecognizerRegistry(modelsDir, 'auto', {}, fetcher);
    const recognizer = await registry.recognizerFor('en-US');
    expect(recognizer.description).toMatch(/pocketsphinx/u);
    await registry.close();
  });

  it('fetches nothing when turned off (PARLEY_OFFLINE=true)', () => {
    const fetcher = createRecognizerFetcher(join(tmp, 'off'), { enabled: false, baseUrl: mirror });
    const before = seen.length;
    expect(fetcher.ensure(PARAKEET_V2)).toBeUndefined();
    expect(seen.length).toBe(before);
    expect(fetcher.describe(PARAKEET_V2)).toMatch(/PARLEY_OFFLINE=true/u);
  });
});
