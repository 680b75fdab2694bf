/**
 * Chaos: the scale-out deployment as real processes — 2 API and 3 worker processes on one
 * PostgreSQL schema and one S3-compatible server — taking a few hundred chats and some audio while
 * processes are killed with SIGKILL at random and restarted. At the end every interaction a client
 * was told about is processed or failed with a reason, none is lost, and each processed one has
 * exactly one stored result.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBackend, TEST_DATABASE_URL, type TestBackend } from './backend.js';
import { AUDIO_DIR, CHAT_BODY, MODELS_DIR, REPO_ROOT, TOKEN_A } from './helpers.js';

const MAIN = join(REPO_ROOT, 'packages/server/dist/main/index.js');
const CHATS = Number(process.env['CHAOS_CHATS'] ?? 300);
const UPLOADS = 4;
const DOWNLOADS = 4;
const CHAOS_MS = Number(process.env['CHAOS_SECONDS'] ?? 45) * 1000;
const SETTLE_MS = 200_000;
/** The test's own limit; each phase keeps within it, so a slow run still ends with its report. */
const TEST_MS = 420_000;
const REPORT_BY_MS = TEST_MS - 20_000;
const AUDIO_FILES = ['austen-0880.wav', 'austen-0930.wav', 'austen-0890.wav', 'austen-0920.wav'];

interface Member {
  name: string;
  role: 'api' | 'worker';
  child?: ChildProcess;
  url?: string;
  starting?: Promise<void>;
}

let dataDir: string;
let backend: TestBackend;
let files: Server;
let filesUrl: string;
let db: pg.Client;
const members: Member[] = [
  { name: 'api-1', role: 'api' },
  { name: 'api-2', role: 'api' },
  { name: 'worker-1', role: 'worker' },
  { name: 'worker-2', role: 'worker' },
  { name: 'worker-3', role: 'worker' },
];

beforeAll(async () => {
  // Real processes run the built entry point.
  await promisify(execFile)('npx', ['tsc', '-b', 'packages/server'], { cwd: REPO_ROOT });
  dataDir = await mkdtemp(join(tmpdir(), 'parley-chaos-'));
  backend = await provisionBackend(dataDir, 'shared');
  const audio = new Map<string, Buffer>();
  for (const name of AUDIO_FILES) audio.set(`/${name}`, await readFile(join(AUDIO_DIR, name)));
  files = createServer((req, res) => {
    const body = audio.get(req.url ?? '');
    if (body) res.writeHead(200, { 'content-type': 'audio/wav' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  const schema = new URL(backend.env['PARLEY_DATABASE_URL'] ?? '').searchParams.get('schema') ?? '';
  db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  await db.connect();
}, 300_000);

afterAll(async () => {
  for (const member of members) member.child?.kill('SIGKILL');
  await db?.end();
  files?.closeAllConnections();
  await new Promise((r) => files?.close(r));
  await backend?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

/** Starts (or restarts) a member and resolves once it serves (API) or works (worker). */
function start(member: Member): Promise<void> {
  const child = spawn(process.execPath, [MAIN, '--role', member.role], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      ...backend.env,
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: TOKEN_A,
      PARLEY_MODELS_DIR: MODELS_DIR,
      // Shared, read-only models; nothing is fetched from outside during tests.
      PARLEY_OFFLINE: 'true',
      PARLEY_LOG_LEVEL: 'error',
      PARLEY_WORKER_ID: member.name,
      PARLEY_WORKER_CONCURRENCY: '2',
      PARLEY_JOB_LEASE_MS: '3000',
      PARLEY_MAX_JOB_ATTEMPTS: '6',
      PARLEY_RETRY_BASE_MS: '500',
      PARLEY_RECONCILE_INTERVAL_MS: '2000',
      PARLEY_UPLOAD_STALE_MS: '15000',
      PARLEY_ALLOW_PRIVATE_DOWNLOADS: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  member.child = child;
  delete member.url;
  let output = '';
  member.starting = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${member.name} did not start in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Parley listening on (http:\/\/\S+)/.exec(output);
      if (listening?.[1] !== undefined || /Parley worker started/.test(output)) {
        clearTimeout(timer);
        if (listening?.[1] !== undefined) member.url = listening[1];
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      if (member.child === child) delete member.url;
      resolve();
    });
  });
  return member.starting;
}

/** A killed process has a signalCode and no exitCode. */
const running = (m: Member) =>
  m.child !== undefined && m.child.exitCode === null && m.child.signalCode === null;

const liveApis = () => members.filter((m) => m.role === 'api' && m.url !== undefined);

/** One API call through any live API, trying another one when the chosen one is dead. */
async function call(path: string, init: () => RequestInit): Promise<Response | undefined> {
  for (let tries = 0; tries < 200; tries++) {
    const apis = liveApis();
    const api = apis[Math.floor(Math.random() * apis.length)];
    if (api?.url !== undefined) {
      try {
        const response = await fetch(`${api.url}${path}`, {
          ...init(),
          headers: { 'x-api-token': TOKEN_A, ...(init().headers as Record<string, string>) },
          signal: AbortSignal.timeout(20_000),
        });
        if (response.status < 500) return response;
      } catch {
        // The API died under the request: try another.
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

const accepted: string[] = [];
const brokenUploads: string[] = [];
const uploaded: string[] = [];

async function declare(body: unknown): Promise<string | undefined> {
  const response = await call('/v1/interactions', () => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }));
  if (response?.status !== 201) return undefined;
  const { interactionIdentifier } = (await response.json()) as { interactionIdentifier: string };
  accepted.push(interactionIdentifier);
  return interactionIdentifier;
}

async function uploadAudio(file: string): Promise<void> {
  const wav = await readFile(join(AUDIO_DIR, file));
  for (let tries = 0; tries < 20; tries++) {
    const id = await declare({ type: 'audio', languageTag: 'en-us', vertical: 'default' });
    if (id === undefined) continue;
    const apis = liveApis();
    const api = apis[Math.floor(Math.random() * apis.length)];
    try {
      const form = new FormData();
      form.append('file', new Blob([wav]), file);
      const response = await fetch(`${api?.url ?? 'http://127.0.0.1:9'}/v1/interactions/${id}/upload`, {
        method: 'POST',
        headers: { 'x-api-token': TOKEN_A },
        body: form,
        signal: AbortSignal.timeout(20_000),
      });
      if (response.status === 201) {
        uploaded.push(id);
        return;
      }
    } catch {
      // The API died mid-upload; as the API documents, declare again and upload again.
    }
    brokenUploads.push(id);
  }
}

describe('chaos: 2 API and 3 worker processes killed at random', { timeout: TEST_MS }, () => {
  it('ends with every interaction processed or failed with a reason, none lost or duplicated', async () => {
    const began = Date.now();
    // Each phase is logged as it ends, so a run that overruns its timeout shows where it stood.
    const phase = (what: string) =>
      // eslint-disable-next-line no-console -- the run's progress is part of its report
      console.log(`chaos ${((Date.now() - began) / 1000).toFixed(1)}s: ${what}`);
    await Promise.all(members.map(start));
    const startedMs = Date.now() - began;
    phase('all members started');

    const tasks: Array<() => Promise<unknown>> = [
      ...Array.from(
        { length: CHATS },
        (_, i) => () => declare({ ...CHAT_BODY, externalIdentifier: `chat-${i}` }),
      ),
      ...Array.from(
        { length: UPLOADS },
        (_, i) => () => uploadAudio(AUDIO_FILES[i % AUDIO_FILES.length] ?? ''),
      ),
      ...Array.from(
        { length: DOWNLOADS },
        (_, i) => () =>
          declare({
            type: 'audio',
            languageTag: 'en-us',
            vertical: 'default',
            downloadUri: `${filesUrl}/${AUDIO_FILES[i % AUDIO_FILES.length] ?? ''}`,
          }),
      ),
    ].sort(() => Math.random() - 0.5);

    let kills = 0;
    const chaosUntil = Date.now() + CHAOS_MS;
    const chaos = (async () => {
      while (Date.now() < chaosUntil) {
        await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
        const victim = members[Math.floor(Math.random() * members.length)];
        if (victim?.child === undefined || !running(victim)) continue;
        // Keep one API up so the clients can make progress at all.
        if (victim.role === 'api' && liveApis().length < 2) continue;
        const dying = victim.child;
        await new Promise<void>((resolve) => {
          dying.once('exit', () => resolve());
          dying.kill('SIGKILL');
        });
        kills++;
        // Restarted in the background: the next kill may hit it while it starts.
        // A start that fails shows at the end, when every member is started again and awaited.
        setTimeout(() => void start(victim).catch(() => undefined), 200 + Math.random() * 800);
      }
    })();

    // Clients: declare at a steady pace over the chaos window, a few at a time.
    const pace = CHAOS_MS / 2 / tasks.length;
    const clients = Array.from({ length: 6 }, async () => {
      for (let task = tasks.shift(); task !== undefined; task = tasks.shift()) {
        // Tasks left undone show as too few accepted interactions in the report.
        if (Date.now() - began > REPORT_BY_MS / 2) break;
        await task();
        await new Promise((r) => setTimeout(r, pace * 6));
      }
    });
    await Promise.all(clients);
    phase(`clients done: ${accepted.length} accepted`);
    await chaos;
    const chaosEndedMs = Date.now() - began;
    phase(`chaos done: ${kills} kills`);
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all(members.map((m) => (running(m) ? m.starting : start(m))));
    phase('all members running again');

    const counts = async () => {
      const { rows } = await db.query<{ status: string; n: string }>(
        'select status, count(*) as n from interactions group by status order by status',
      );
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    };
    const terminal = new Set(['processed', 'processingFailed', 'fileUploadFailed', 'fileDownloadFailed']);
    // An audio declare whose upload never reached a live API (or whose answer never reached the
    // client) waits for its file, as the API documents; the client declared another one. Nothing
    // else may be left unfinished.
    const abandoned = (r: { id: string; status: string }) =>
      r.status === 'filePendingUpload' && !uploaded.includes(r.id);
    const unfinished = async () =>
      (await db.query<{ id: string; status: string }>('select id, status from interactions')).rows.filter(
        (r) => !terminal.has(r.status) && !abandoned(r),
      );
    const settleUntil = Math.min(Date.now() + SETTLE_MS, began + REPORT_BY_MS);
    let byStatus = await counts();
    const progress: string[] = [];
    while ((await unfinished()).length > 0 && Date.now() < settleUntil) {
      await new Promise((r) => setTimeout(r, 1000));
      byStatus = await counts();
      progress.push(`${Math.round((Date.now() - began) / 1000)}s ${JSON.stringify(byStatus)}`);
      if (progress.length % 10 === 0) phase(`settling: ${JSON.stringify(byStatus)}`);
    }

    const { rows: all } = await db.query<{
      id: string;
      status: string;
      error_message: string | null;
      type: string;
    }>('select id, status, error_message, type from interactions');
    const { rows: results } = await db.query<{ interaction_id: string; n: string }>(
      'select interaction_id, count(*) as n from results group by interaction_id',
    );
    const status = new Map(all.map((r) => [r.id, r]));
    const processed = all.filter((r) => r.status === 'processed');
    const failed = all.filter((r) => r.status !== 'processed' && !abandoned(r));
    const summary = {
      seconds: {
        allStarted: startedMs / 1000,
        chaosEnded: chaosEndedMs / 1000,
        settled: (Date.now() - began) / 1000,
      },
      kills,
      accepted: accepted.length,
      inDatabase: all.length,
      byStatus,
      processedChats: processed.filter((r) => r.type === 'chat').length,
      processedAudio: processed.filter((r) => r.type === 'audio').length,
      failedWithReason: failed.filter((r) => r.error_message !== null && r.error_message !== '').length,
      brokenUploadsRedeclared: brokenUploads.length,
      abandonedDeclares: all.filter(abandoned).length,
      resultRows: results.reduce((sum, r) => sum + Number(r.n), 0),
      settleProgress: progress.filter((_, i) => i % 5 === 0),
      failureReasons: [
        ...new Set(failed.map((r) => `${r.status}: ${(r.error_message ?? '').slice(0, 100)}`)),
      ],
    };
    // eslint-disable-next-line no-console -- the counts are this run's report
    console.log(`chaos summary: ${JSON.stringify(summary, null, 2)}`);

    expect(kills).toBeGreaterThanOrEqual(5);
    expect(accepted.length).toBeGreaterThanOrEqual(CHATS + DOWNLOADS);
    // None lost: everything a client was given an identifier for is there, and finished.
    expect(accepted.filter((id) => !status.has(id))).toEqual([]);
    expect((await unfinished()).map((r) => `${r.id} ${r.status}`)).toEqual([]);
    // Failed ones say why.
    expect(failed.filter((r) => (r.error_message ?? '') === '').map((r) => r.id)).toEqual([]);
    // Results written once: one row per processed interaction, none for the rest.
    expect(results.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(new Set(results.map((r) => r.interaction_id))).toEqual(new Set(processed.map((r) => r.id)));
    // Chats have everything they need: with retries, kills alone do not fail them.
    expect(processed.filter((r) => r.type === 'chat').length).toBeGreaterThanOrEqual(CHATS * 0.95);
  });
});
