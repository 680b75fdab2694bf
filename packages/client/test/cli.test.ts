/**
 * The built `parley` binary against a real server: spawned as a user would run it, with the
 * server's address and token in the environment.
 */
import { execFile, spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, JFK_WAV, SAMPLE_CHAT, startServer } from './helpers.js';
import type { RunningParley } from './helpers.js';

const REPO = resolve(import.meta.dirname, '../../..');
const BIN = join(REPO, 'packages/client/dist/cli/main.js');

let server: RunningParley;
let work: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function parley(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: work,
      env: {
        PATH: process.env['PATH'] ?? '',
        PARLEY_BASE_URL: server.baseUrl,
        PARLEY_API_TOKEN: server.token,
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** One line, no stack trace. */
function expectOneLineError(run: Run): void {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(lines[0]).toMatch(/^parley/);
}

beforeAll(async () => {
  // Build first so the test never runs a stale binary.
  await promisify(execFile)('npx', ['tsc', '-b', 'packages/client'], { cwd: REPO });
  server = await startServer();
  work = await mkdtemp(join(tmpdir(), 'parley-cli-'));
  await writeFile(join(work, 'chat.json'), JSON.stringify(SAMPLE_CHAT));
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** Audio goes through real speech recognition, which can take minutes on a busy machine. */
const AUDIO_TEST_MS = 300_000;

describe('parley process', { timeout: AUDIO_TEST_MS }, () => {
  it('processes a chat file and saves the three result files next to it', async () => {
    const run = await parley(['process', 'chat.json']);
    expect(run.stderr).toContain('chat.json: processed');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/chat\.json\s+processed/);
    const punctuated = JSON.parse(await readFile(join(work, 'chat.punctuated.json'), 'utf8')) as {
      sentenceSegments: { phrase: string }[];
    };
    expect(punctuated.sentenceSegments.map((s) => s.phrase).join(' ')).toMatch(/declined/);
    await access(join(work, 'chat.transcript.json'));
    await access(join(work, 'chat.ai.json'));
  });

  it('processes a chat and an audio file concurrently with --json and --out', async () => {
    const run = await parley([
      'process',
      'chat.json',
      JFK_WAV,
      '--out',
      'results',
      '--json',
      '--concurrency',
      '2',
    ]);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      results: { input: string; outcome: string; status: string | null; errorMessage: string | null }[];
    };
    expect(report.results).toHaveLength(2);
    const [chat, audio] = report.results;
    expect(chat).toMatchObject({ input: 'chat.json', outcome: 'processed', status: 'processed' });
    await access(join(work, 'results', 'chat.punctuated.json'));
    if (audio?.outcome === 'processed') {
      expect(run.code).toBe(0);
      expect(report.ok).toBe(true);
      await access(join(work, 'results', 'jfk.transcript.json'));
    } else {
      // Audio recognition unavailable or failing: reported per file, exit code 3.
      expect(audio).toMatchObject({ outcome: 'failed', status: 'processingFailed' });
      expect(audio?.errorMessage).toBeTruthy();
      expect(run.code).toBe(3);
      expect(report.ok).toBe(false);
    }
  });

  it('exits 3 and lists the failure when an interaction fails', async () => {
    await writeFile(join(work, 'notes.wav'), 'These are meeting notes, not a recording.\n'.repeat(100));
    const run = await parley(['process', 'notes.wav']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/notes\.wav\s+processingFailed/);
    expect(run.stdout).toContain('1 of 1 did not finish');
  });

  it('treats a full declare body as such', async () => {
    const body = {
      type: 'chat',
      languageTag: 'en-us',
      vertical: 'default',
      includeAiResults: false,
      chat: SAMPLE_CHAT,
    };
    await writeFile(join(work, 'body.json'), JSON.stringify(body));
    const run = await parley(['process', 'body.json', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { outputs: { ai: string | null } }[] };
    expect(report.results[0]?.outputs.ai).toBeNull();
  });
});

describe('parley process --redact', { timeout: AUDIO_TEST_MS }, () => {
  const chatWithContacts = {
    ...SAMPLE_CHAT,
    messages: [
      ...SAMPLE_CHAT.messages,
      {
        participant_id: 'cust-42',
        timestamp: '2024-03-01T10:02:00Z',
        content: 'Please email me at lee.marsh@example.org or call 07700 900461.',
      },
    ],
  };

  beforeAll(async () => {
    await writeFile(join(work, 'contacts.json'), JSON.stringify(chatWithContacts));
  });

  it('asks for the named policies and gets those spans redacted and reported', async () => {
    const run = await parley(['process', 'contacts.json', '--redact', 'email,phone', '--out', 'redacted']);
    expect(run.code).toBe(0);
    const transcript = JSON.parse(
      await readFile(join(work, 'redacted', 'contacts.transcript.json'), 'utf8'),
    ) as {
      redactionSegments: { result: string }[];
      participantTwo: { phrases: string[] };
    };
    expect(transcript.redactionSegments.map((s) => s.result)).toEqual(['Email', 'Phone Number']);
    expect(transcript.participantTwo.phrases.join(' ')).not.toMatch(/lee\.marsh|example|07700/u);
  });

  it('without --redact leaves them, as ElevateAI does', async () => {
    const run = await parley(['process', 'contacts.json', '--out', 'plain']);
    expect(run.code).toBe(0);
    const transcript = JSON.parse(
      await readFile(join(work, 'plain', 'contacts.transcript.json'), 'utf8'),
    ) as {
      redactionSegments: unknown[];
    };
    expect(transcript.redactionSegments).toEqual([]);
  });

  it('reports an unknown policy with the server message and exit 1', async () => {
    const run = await parley(['process', 'contacts.json', '--redact', 'emails']);
    // The server's 400 is an API error: exit 1 with its errorMessage.
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toContain('unknown redaction policy "emails"');
  });
});

describe('endpoint commands', { timeout: AUDIO_TEST_MS }, () => {
  let chatId: string;

  beforeAll(async () => {
    const declared = await parley(['declare', 'chat.json', '--json']);
    expect(declared.code).toBe(0);
    chatId = (JSON.parse(declared.stdout) as { interactionIdentifier: string }).interactionIdentifier;
    const waited = await parley(['wait', chatId, '--timeout', '2m']);
    expect(waited.code).toBe(0);
  });

  it('status --json parses and says processed', async () => {
    const run = await parley(['status', chatId, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ identifier: chatId, status: 'processed' });
  });

  it('get shows the declared parameters', async () => {
    const run = await parley(['get', chatId]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/type\s+chat/);
  });

  it('transcript prints labelled lines with times', async () => {
    const run = await parley(['transcript', chatId]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\[00:00\.0\] Customer: Hi, my card was declined/m);
    expect(run.stdout).toMatch(/^\[\d\d:\d\d\.\d\] Agent: /m);
  });

  it('transcript exports SRT and WebVTT, also from a saved file', async () => {
    const srt = await parley(['transcript', chatId, '--format', 'srt']);
    expect(srt.stdout).toMatch(/^1\n00:00:00,000 --> 00:00:\d\d,\d{3}\nCustomer: Hi/);
    const json = await parley(['transcript', chatId, '--punctuated', '--json']);
    await writeFile(join(work, 'saved.punctuated.json'), json.stdout);
    const vtt = await parley(['transcript', 'saved.punctuated.json', '--format', 'vtt']);
    expect(vtt.code).toBe(0);
    expect(vtt.stdout).toMatch(/^WEBVTT\n\n00:00:00\.000 --> /);
    expect(vtt.stdout).toContain('<v Agent>Agent: ');
  });

  it('transcript --json without --punctuated gives the phrase-by-phrase transcript', async () => {
    const run = await parley(['transcript', chatId, '--json']);
    expect(Object.keys(JSON.parse(run.stdout) as object)).toContain('participantOne');
  });

  it('ai --json parses', async () => {
    const run = await parley(['ai', chatId, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('participantOne.enlightenBundles');
  });

  it('declare, upload and wait handle audio step by step', async () => {
    const declared = await parley(['declare', '--filename', 'jfk.wav']);
    expect(declared.code).toBe(0);
    const id = declared.stdout.trim();
    const uploaded = await parley(['upload', id, JFK_WAV]);
    expect(uploaded.code).toBe(0);
    const waited = await parley(['wait', id, '--json']);
    const status = JSON.parse(waited.code === 0 ? waited.stdout : '{}') as { status?: string };
    if (waited.code === 0) expect(status.status).toBe('processed');
    else {
      expect(waited.code).toBe(3);
      expect(waited.stderr).toMatch(/ended in processingFailed: \S/);
    }
  });

  it('delete removes it, and status then exits 1 with the 404 message', async () => {
    const declared = await parley(['declare', 'chat.json']);
    const id = declared.stdout.trim();
    expect((await parley(['delete', id])).code).toBe(0);
    const run = await parley(['status', id]);
    expect(run.code).toBe(1);
    expectOneLineError(run);
    expect(run.stderr).toContain('404');
    expect(run.stderr).toContain('[not_found]');
  });
});

describe('parley list', () => {
  it('--json parses, pages with --limit and --cursor, and --all gathers every page', async () => {
    const declared: string[] = [];
    for (let i = 0; i < 3; i++) declared.push((await parley(['declare', 'chat.json'])).stdout.trim());

    const first = await parley(['list', '--type', 'chat', '--limit', '2', '--json']);
    expect(first.code).toBe(0);
    const page = JSON.parse(first.stdout) as {
      interactions: { interactionIdentifier: string; type: string }[];
      nextCursor: string | null;
    };
    expect(page.interactions).toHaveLength(2);
    expect(page.interactions.every((i) => i.type === 'chat')).toBe(true);
    // Newest first: the last chat declared leads.
    expect(page.interactions[0]?.interactionIdentifier).toBe(declared[2]);
    expect(page.nextCursor).toEqual(expect.any(String));

    const next = await parley([
      'list',
      '--type',
      'chat',
      '--limit',
      '2',
      '--cursor',
      page.nextCursor ?? '',
      '--json',
    ]);
    const nextIds = (JSON.parse(next.stdout) as typeof page).interactions.map((i) => i.interactionIdentifier);
    expect(nextIds).not.toContain(page.interactions[0]?.interactionIdentifier);

    const all = JSON.parse(
      (await parley(['list', '--type', 'chat', '--limit', '2', '--all', '--json'])).stdout,
    ) as typeof page;
    expect(all.nextCursor).toBeNull();
    const allIds = all.interactions.map((i) => i.interactionIdentifier);
    expect(allIds.slice(0, 4)).toEqual(
      [...page.interactions.map((i) => i.interactionIdentifier), ...nextIds].slice(0, 4),
    );
    for (const id of declared) expect(allIds).toContain(id);
    expect(new Set(allIds).size).toBe(allIds.length);
  });

  it('prints a table with a header and says how to get more', async () => {
    const run = await parley(['list', '--limit', '1']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+STATUS\s+DECLARED$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^[0-9a-f-]{36}\s+(audio|chat|transcript)\s+\w+\s+\d{4}-\d\d-\d\dT/);
    expect(run.stderr).toMatch(/^More: add --cursor \S+ \(or --all\)\.\n$/);
  });

  it('rejects an unknown status or an out-of-range limit with exit 2', async () => {
    const status = await parley(['list', '--status', 'done']);
    expect(status.code).toBe(2);
    expectOneLineError(status);
    expect(status.stderr).toContain('--status takes a comma-separated list of declared,');
    const limit = await parley(['list', '--limit', '501']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit must be at most 500');
  });
});

describe('bad input', () => {
  it('an unknown flag exits 2 with one line naming it', async () => {
    const run = await parley(['process', 'chat.json', '--concurrensy', '2']);
    expect(run.code).toBe(2);
    expectOneLineError(run);
    expect(run.stderr).toContain("unknown option '--concurrensy'");
    expect(run.stderr).toContain("'parley process --help'");
  });

  it('a missing file exits 2 with one line naming it', async () => {
    const run = await parley(['process', 'nowhere.wav']);
    expect(run.code).toBe(2);
    expectOneLineError(run);
    expect(run.stderr).toContain('file not found: nowhere.wav');
  });

  it('an unreachable server exits 1 with one line saying where it looked', async () => {
    const port = await closedPort();
    const run = await parley(['status', 'abc'], { PARLEY_BASE_URL: `http://127.0.0.1:${port}/v1` });
    expect(run.code).toBe(1);
    expectOneLineError(run);
    expect(run.stderr).toContain(`127.0.0.1:${port}`);
    expect(run.stderr).toContain('--base-url');
  });

  it('a wrong token exits 1 and says how to pass one', async () => {
    const run = await parley(['status', 'abc', '--token', 'wrong']);
    expect(run.code).toBe(1);
    expectOneLineError(run);
    expect(run.stderr).toContain('--token');
  });

  it('--help works on every command and shows an example', async () => {
    for (const command of [
      'process',
      'declare',
      'upload',
      'status',
      'wait',
      'get',
      'transcript',
      'ai',
      'delete',
      'list',
    ]) {
      const run = await parley([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout).toContain('Examples:');
      expect(run.stdout).toContain(`parley ${command}`);
    }
  });
});
