/**
 * The quick start, as a new user runs it: a fresh clone with no models directory and nothing
 * beside it, `npm ci`, `npm start` with no ffmpeg on PATH and no route to the model publishers,
 * then a stereo call, a chat and a transcript through the API to `processed`.
 *
 * Not part of `npm test`: it needs the npm registry and a few minutes (`npm run test:fresh-install`,
 * run by .ci/run). Figures it measures (install size, time to the first processed interaction)
 * are printed, never asserted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateDecoder } from '../packages/engine/src/audio/ffmpeg.js';
import { loadPocketsphinxLibrary } from '../packages/engine/src/audio/pocketsphinx.js';
import { CHAT_BODY, TRANSCRIPT_BODY } from '../packages/server/bench/sample-interactions.js';

const repoRoot = resolve(import.meta.dirname, '..');
const audioDir = join(process.env['PARLEY_SHARED_DIR'] ?? resolve(repoRoot, '../shared'), 'audio');
const work = mkdtempSync(join(tmpdir(), 'parley-fresh-'));
const clone = join(work, 'parley');

const pocketsphinx = await loadPocketsphinxLibrary().then(
  () => existsSync('/usr/share/pocketsphinx/model/en-us/en-us/mdef'),
  () => false,
);

/** PATH as it is, without ffmpeg or ffprobe: a folder of links to every other program on it. */
function pathWithoutFfmpeg(): string {
  const bin = join(work, 'bin');
  mkdirSync(bin);
  const seen = new Set(['ffmpeg', 'ffprobe']);
  for (const dir of [dirname(process.execPath), ...(process.env['PATH'] ?? '').split(delimiter)]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      symlinkSync(join(dir, name), join(bin, name));
    }
  }
  return bin;
}

/** A port nothing listens on: the model publishers, as seen from a machine with no network. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function duBytes(path: string): number {
  const out = spawnSync('du', ['-sb', path], { encoding: 'utf8' });
  return Number(out.stdout.split('\t')[0]);
}

let server: ChildProcess | undefined;
let output = '';
let base = '';
let token = '';
let installStarted = 0;

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { ...init, headers: { 'X-API-Token': token, ...init.headers } });
}

async function declare(body: object): Promise<string> {
  const response = await api('/v1/interactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { interactionIdentifier: string }).interactionIdentifier;
}

async function finalStatus(id: string): Promise<{ status: string; errorMessage?: string }> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const body = (await (await api(`/v1/interactions/${id}/status`)).json()) as {
      status: string;
      errorMessage?: string;
    };
    if (body.status === 'processed' || body.status.endsWith('Failed')) return body;
    if (Date.now() > deadline) throw new Error(`${id} still ${body.status} after 4 minutes`);
    await new Promise((done) => setTimeout(done, 500));
  }
}

beforeAll(async () => {
  const cloned = spawnSync('git', ['clone', '--quiet', repoRoot, clone], { encoding: 'utf8' });
  expect(cloned.status, cloned.stderr).toBe(0);
  expect(existsSync(join(work, 'shared'))).toBe(false);

  const env: Record<string, string> = {
    PATH: pathWithoutFfmpeg(),
    HOME: process.env['HOME'] ?? work,
    PARLEY_PORT: '0',
    PARLEY_LOG_LEVEL: 'warn',
    PARLEY_MODELS_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
  };
  installStarted = Date.now();
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: clone, env, encoding: 'utf8' });
  expect(install.status, install.stderr.slice(-4000)).toBe(0);
  console.log(
    `npm ci: ${((Date.now() - installStarted) / 1000).toFixed(0)} s; node_modules ${(duBytes(join(clone, 'node_modules')) / 1e6).toFixed(0)} MB, shipped models ${(duBytes(join(clone, 'models')) / 1e6).toFixed(0)} MB`,
  );

  server = spawn('npm', ['start'], { cwd: clone, env, detached: true });
  const listening = new Promise<void>((done, fail) => {
    const onData = (data: Buffer): void => {
      output += data.toString();
      const url = /Parley listening on (http:\/\/\S+)/u.exec(output)?.[1];
      const created = /^\s+(prl_\S+)\s*$/mu.exec(output)?.[1];
      if (url !== undefined && created !== undefined) {
        base = url;
        token = created;
        done();
      }
    };
    server?.stdout?.on('data', onData);
    server?.stderr?.on('data', onData);
    server?.on('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${output.slice(-4000)}`)));
  });
  await listening;
  console.log(`npm ci to listening: ${((Date.now() - installStarted) / 1000).toFixed(0)} s`);
}, 900_000);

afterAll(async () => {
  if (server?.pid !== undefined) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
  rmSync(work, { recursive: true, force: true });
});

describe('a fresh clone after npm ci and npm start', () => {
  it('prints the API base URL with /v1', () => {
    expect(output).toMatch(/API base URL: http:\/\/127\.0\.0\.1:\d+\/v1/u);
  });

  it('scores a chat and a transcript with the shipped fastText models', async () => {
    // npm start listens while the text models load; /readyz answers 503 until they are in.
    const until = Date.now() + 120_000;
    let readyz = await fetch(`${base}/readyz`);
    while (readyz.status === 503 && Date.now() < until) {
      await new Promise((done) => setTimeout(done, 200));
      readyz = await fetch(`${base}/readyz`);
    }
    expect(readyz.status).toBe(200);
    const ready = (await readyz.json()) as {
      components: { name: string; ready: boolean; detail: string }[];
    };
    const component = (name: string) => ready.components.find((c) => c.name === name);
    expect(component('cx-ai analytics')?.detail).toMatch(/^fastText sentiment/u);
    expect(component('punctuation')?.detail).toContain(join(clone, 'models', 'punct-case-fasttext-en'));
    expect(component('voice activity')?.detail).toContain(join(clone, 'models', 'silero-vad'));
    expect(component('audio decoder')?.detail).toContain(join(clone, 'node_modules', '@ffmpeg-installer'));

    const chat = await declare(CHAT_BODY);
    const transcript = await declare(TRANSCRIPT_BODY);
    for (const id of [chat, transcript]) {
      expect(await finalStatus(id)).toMatchObject({ status: 'processed' });
      const ai = (await (await api(`/v1/interactions/${id}/ai`)).json()) as {
        participantTwo: { enlightenBundles: { models: { name: string; score: number }[] }[] };
      };
      const scores = ai.participantTwo.enlightenBundles.flatMap((b) => b.models);
      expect(scores.length).toBeGreaterThan(0);
      expect(scores.every((m) => Number.isFinite(m.score))).toBe(true);
    }
    console.log(`npm ci to first processed: ${((Date.now() - installStarted) / 1000).toFixed(0)} s`);
  });

  it(
    pocketsphinx
      ? 'processes a stereo call with pocketsphinx, the recogniser installed here'
      : 'fails a stereo call with one errorMessage naming the command that installs a recogniser',
    async () => {
      const decoder = await locateDecoder();
      if (decoder === undefined) throw new Error('no ffmpeg to make the stereo test file with');
      const stereo = join(work, 'call-stereo.wav');
      const made = spawnSync(decoder.ffmpeg, [
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-i',
        join(audioDir, 'austen-0870.wav'),
        '-i',
        join(audioDir, 'jfk.wav'),
        '-filter_complex',
        '[0:a][1:a]amerge=inputs=2[a]',
        '-map',
        '[a]',
        '-ac',
        '2',
        stereo,
      ]);
      expect(made.status).toBe(0);
      const id = await declare({
        type: 'audio',
        languageTag: 'en-us',
        vertical: 'default',
        includeAiResults: true,
      });
      const form = new FormData();
      form.append('file', new Blob([readFileSync(stereo)], { type: 'audio/wav' }), 'call-stereo.wav');
      expect((await api(`/v1/interactions/${id}/upload`, { method: 'POST', body: form })).status).toBe(201);
      const final = await finalStatus(id);
      if (pocketsphinx) {
        expect(final).toMatchObject({ status: 'processed' });
        const words = (await (await api(`/v1/interactions/${id}/transcript`)).json()) as {
          participantOne: { phrases: string[] };
          participantTwo: { phrases: string[] };
        };
        expect(words.participantOne.phrases.length).toBeGreaterThan(3);
        expect(words.participantTwo.phrases.length).toBeGreaterThan(3);
      } else {
        expect(final.status).toBe('processingFailed');
        expect(final.errorMessage).toMatch(
          /Install it with: npm run models:download -- nemo-parakeet-tdt-0\.6b-v2-int8/u,
        );
      }
      expect(statSync(stereo).size).toBeGreaterThan(0);
    },
  );
});
