/**
 * Card numbers, security codes and social security numbers sent in a chat or a third-party
 * transcript come back masked and reported, and afterwards exist nowhere the service wrote:
 * not in its storage and not in its log.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { PhraseByPhraseTranscript, PunctuatedTranscript, RedactionKind } from '@parley/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHAT_BODY,
  declare,
  declareProcessed,
  expectNoServerErrors,
  json,
  startTestServer,
  useTestServer,
  waitUntilFinal,
  type TestServer,
} from './helpers.js';

const CARD_GROUPED = '4532 0151 1283 0366';
const CARD_SINGLE_DIGITS = '5425233430109903';
const CARD_WORDS = '4916372850146273';
const CVV = '739';
const SSN_CHAT = '536-22-8419';
const SSN_TRANSCRIPT = '671224973';
// Redacted only on request (redactionPolicies).
const EMAIL = 'lee.marsh@example.org';
const PHONE = '07700 900461';

const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const spelled = (digits: string): string => [...digits].map((d) => DIGIT_NAMES[Number(d)]).join(' ');
const spaced = (digits: string): string => [...digits].join(' ');

/**
 * Every form in which a secret was sent, each long enough that it cannot turn up by chance in a
 * database page or a log line (a bare three-digit CVV could, so it is looked for with its words).
 */
const SECRET_FORMS = [
  CARD_GROUPED,
  CARD_GROUPED.replaceAll(' ', ''),
  CARD_SINGLE_DIGITS,
  spaced(CARD_SINGLE_DIGITS),
  CARD_WORDS,
  spelled(CARD_WORDS),
  `"${spelled(CARD_WORDS).replaceAll(' ', '","')}"`,
  `"${spaced(CARD_SINGLE_DIGITS).replaceAll(' ', '","')}"`,
  `It is ${CVV}.`,
  SSN_CHAT,
  SSN_CHAT.replaceAll('-', ''),
  spelled(SSN_TRANSCRIPT),
  SSN_TRANSCRIPT,
  EMAIL,
  'lee.marsh',
  PHONE,
  PHONE.replaceAll(' ', ''),
];

const CHAT = {
  ...CHAT_BODY,
  chat: {
    participants: CHAT_BODY.chat.participants,
    messages: [
      ['cust-42', 'Hi, my card was declined this morning.'],
      ['agent-7', 'Sorry to hear that. Which card did you use?'],
      ['cust-42', `My card number is ${CARD_GROUPED}.`],
      ['agent-7', 'And the code on the back?'],
      ['cust-42', `It is ${CVV}.`],
      ['agent-7', 'Thanks. To verify you, what is your social security number?'],
      ['cust-42', `Sure, it is ${SSN_CHAT}.`],
      ['agent-7', 'Thank you, the block is removed now.'],
    ].map(([participant_id, content], i) => ({
      participant_id,
      timestamp: new Date(Date.UTC(2024, 2, 1, 10, 0, i * 20)).toISOString(),
      content,
    })),
  },
};

/** A chat that asks for more than ElevateAI's three kinds of redaction. */
const CHAT_WIDER = {
  ...CHAT,
  redactionPolicies: ['email', 'phone'],
  chat: {
    participants: CHAT.chat.participants,
    messages: [
      ['agent-7', 'Can I take an email address and a phone number for the new card?'],
      ['cust-42', `Sure, ${EMAIL}, or call ${PHONE}.`],
      ['agent-7', 'Thanks, I have updated both.'],
    ].map(([participant_id, content], i) => ({
      participant_id,
      timestamp: new Date(Date.UTC(2024, 2, 1, 11, 0, i * 20)).toISOString(),
      content,
    })),
  },
};

/** Lines of a call as a third-party recogniser would send them: a phrase per word, 300 ms each. */
function transcriptOf(lines: ReadonlyArray<['agent' | 'customer', string]>) {
  const sides = {
    agent: { phrases: [] as string[], phraseSegments: [] as object[] },
    customer: { phrases: [] as string[], phraseSegments: [] as object[] },
  };
  let at = 500;
  for (const [who, line] of lines) {
    const side = sides[who];
    for (const word of line.split(' ')) {
      side.phraseSegments.push({
        startTimeOffset: at,
        endTimeOffset: at + 300,
        phraseIndex: side.phrases.length,
        score: 0.9,
      });
      side.phrases.push(word);
      at += 300;
    }
    at += 800;
  }
  return { participantOne: sides.agent, participantTwo: sides.customer };
}

const TRANSCRIPT = {
  type: 'transcript',
  languageTag: 'en-us',
  vertical: 'default',
  includeAiResults: true,
  transcript: transcriptOf([
    ['agent', 'thanks for calling can i have the card number please'],
    ['customer', `sure it is ${spaced(CARD_SINGLE_DIGITS)}`],
    ['agent', 'that did not go through do you have another card'],
    ['customer', `yes the visa ${spelled(CARD_WORDS)}`],
    ['agent', 'and for verification your social security number'],
    ['customer', spelled(SSN_TRANSCRIPT)],
    ['agent', 'thank you that is all'],
  ]),
};

interface Documents {
  transcript: PhraseByPhraseTranscript;
  punctuated: PunctuatedTranscript;
  ai: unknown;
  bodies: string;
}

let logger: FastifyBaseLogger;
const logLines: string[] = [];

beforeAll(() => {
  // A real pino logger, as fastify builds it, at the most verbose level, writing into memory.
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  logger = Fastify({ logger: { level: 'trace', stream: capture } }).log as FastifyBaseLogger;
});

const test = useTestServer({}, () => ({ logger }));

async function documents(id: string): Promise<Documents> {
  const read = async (path: string) => {
    const response = await test.api(`/v1/interactions/${id}/${path}`);
    expect(response.status, path).toBe(200);
    return response.text();
  };
  const [transcript, punctuated, ai] = await Promise.all([
    read('transcript'),
    read('transcripts/punctuated'),
    read('ai'),
  ]);
  return {
    transcript: JSON.parse(transcript) as PhraseByPhraseTranscript,
    punctuated: JSON.parse(punctuated) as PunctuatedTranscript,
    ai: JSON.parse(ai),
    bodies: [transcript, punctuated, ai].join('\n'),
  };
}

/** The words a reader sees: every phrase and sentence of both documents. */
function visibleText(docs: Documents): string {
  return [
    ...docs.transcript.allParticipants.phrases,
    ...docs.transcript.participantOne.phrases,
    ...docs.transcript.participantTwo.phrases,
    ...docs.punctuated.sentenceSegments.map((s) => s.phrase),
  ].join(' ');
}

function expectNoSecrets(where: string, text: string): void {
  for (const form of SECRET_FORMS) expect(text.includes(form), `${where} holds "${form}"`).toBe(false);
}

function resultsOf(docs: Documents): RedactionKind[] {
  expect(docs.punctuated.redactionSegments).toEqual(docs.transcript.redactionSegments);
  return docs.transcript.redactionSegments.map((s) => s.result);
}

const ids: string[] = [];
let chat: Documents;
let transcript: Documents;
let wider: Documents;

describe('personal numbers in chats and transcripts', () => {
  beforeAll(async () => {
    ids.push(await declare(test, CHAT), await declare(test, TRANSCRIPT), await declare(test, CHAT_WIDER));
    for (const id of ids) expect((await waitUntilFinal(test, id)).status).toBe('processed');
    chat = await documents(ids[0] ?? '');
    transcript = await documents(ids[1] ?? '');
    wider = await documents(ids[2] ?? '');
  });

  it('masks the email address and phone number a declare asked for, each reported by name', async () => {
    const text = visibleText(wider);
    expect(text).not.toMatch(/\d/u);
    expect(text).not.toContain('@');
    expectNoSecrets('the wider chat results', wider.bodies);
    expect(resultsOf(wider)).toEqual(['Email', 'Phone Number']);
    expect(text).toMatch(/Can I take an email address/u);
    const declared = (await (await test.api(`/v1/interactions/${ids[2] ?? ''}`)).json()) as {
      redactionPolicies: string[] | null;
    };
    expect(declared.redactionPolicies).toEqual(['email', 'phone']);
  });

  it('masks every card number, security code and social security number in the chat', () => {
    const text = visibleText(chat);
    // The chat says no other number, so no digit may be left at all.
    expect(text).not.toMatch(/\d/u);
    expectNoSecrets('the chat results', chat.bodies);
    expect(resultsOf(chat)).toEqual(['Credit Card', 'CVV', 'Social Security']);
    // The words around the numbers stay readable.
    expect(text).toMatch(/My card number is/u);
  });

  it('masks card numbers said digit by digit and in words, and a spelled-out SSN, in the transcript', () => {
    const text = visibleText(transcript);
    expect(text).not.toMatch(/\d/u);
    // Nothing the customer said as a run of digit words survives, in any order or document.
    expect(text).not.toMatch(
      /\b(?:zero|one|two|three|four|five|six|seven|eight|nine)\W+(?:zero|one|two|three|four|five|six|seven|eight|nine)\b/iu,
    );
    expectNoSecrets('the transcript results', transcript.bodies);
    expect(resultsOf(transcript)).toEqual(['Credit Card', 'Credit Card', 'Social Security']);
    expect(text).toMatch(/social security number/u);
  });

  it('keeps a chat waiting for processing out of the database: its row points to a blob', async () => {
    // A server that only takes requests, so the chat is still waiting while its storage is read.
    const api = await startTestServer({ PARLEY_ROLE: 'api' }, { logger });
    try {
      const id = await declare(api, CHAT);
      const key = `sources/${id.slice(0, 2)}/${id}.json`;
      expect(await interactionRow(api, id)).toEqual({
        status: 'pendingProcessing',
        source_blob_key: key,
      });
      expect(await api.blobKeys()).toContainEqual(expect.stringContaining(key));
      const database = api.backend === 'embedded' ? await databaseFiles(api) : await sharedRows(api);
      expect(database.length).toBeGreaterThan(0);
      expect(secretsIn(database)).toEqual([]);
      // While it is kept, the chat is reported as declared (in the canonical field spelling).
      const echoed = (await (await api.api(`/v1/interactions/${id}`)).json()) as {
        chat: { messages: Array<{ content: string }> } | null;
      };
      expect(echoed.chat?.messages.map((m) => m.content)).toEqual(CHAT.chat.messages.map((m) => m.content));
    } finally {
      expectNoServerErrors(api);
      await api.close();
    }
  });

  it('leaves no unmasked number in what the service stored', async () => {
    let stored: Array<{ name: string; bytes: Buffer }>;
    if (test.backend === 'embedded') stored = await dataDirFiles(test);
    else {
      // Sources are deleted once processed, so the bucket is empty.
      expect(await test.blobKeys()).toEqual([]);
      stored = await sharedRows(test);
    }
    expect(stored.length).toBeGreaterThan(0);
    expect(secretsIn(stored)).toEqual([]);
  });

  it('logs none of them, even at trace level', () => {
    const log = logLines.join('');
    // The capture works: the requests that carried the numbers were logged.
    expect(log).toContain(ids[0]);
    expectNoSecrets('the log', log);
  });
});

describe('redaction policies at declare', () => {
  it('answers 400 naming an unknown policy and the known ones', async () => {
    const response = await test.api(
      '/v1/interactions',
      json({ ...CHAT, redactionPolicies: ['email', 'emial'] }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errorMessage: string };
    expect(body.errorMessage).toMatch(/redactionPolicies.*unknown redaction policy "emial".*"email"/u);
  });

  it('applies PARLEY_REDACTION_POLICIES to declares that name none', async () => {
    const server = await startTestServer({ PARLEY_REDACTION_POLICIES: 'email' });
    try {
      const id = await declareProcessed(server, { ...CHAT_WIDER, redactionPolicies: undefined });
      const transcriptOfIt = (await (
        await server.api(`/v1/interactions/${id}/transcript`)
      ).json()) as PhraseByPhraseTranscript;
      // The server default asks for emails only: the phone number stays.
      expect(transcriptOfIt.redactionSegments.map((s) => s.result)).toEqual(['Email']);
    } finally {
      expectNoServerErrors(server);
      await server.close();
    }
  });
});

function secretsIn(stored: Array<{ name: string; bytes: Buffer }>): string[] {
  return stored.flatMap(({ name, bytes }) =>
    SECRET_FORMS.flatMap((form) => {
      const at = bytes.indexOf(Buffer.from(form, 'utf8'));
      return at === -1 ? [] : [`"${form}" in ${name} at byte ${at}`];
    }),
  );
}

interface InteractionRow {
  status: string;
  source_blob_key: string | null;
}

/** The interaction's row as the database holds it, read past the service. */
async function interactionRow(server: TestServer, id: string): Promise<InteractionRow> {
  const columns = 'status, source_blob_key';
  if (server.backend === 'embedded') {
    const db = new BetterSqlite3(join(server.dataDir, 'parley.sqlite'), { readonly: true });
    try {
      const row = db.prepare(`SELECT ${columns} FROM interactions WHERE id = ?`).get(id);
      if (row === undefined) throw new Error(`no row for ${id}`);
      return row as InteractionRow;
    } finally {
      db.close();
    }
  }
  return withSharedDb(server, async (db, schema) => {
    const { rows } = await db.query<InteractionRow>(
      `SELECT ${columns} FROM "${schema}".interactions WHERE id = $1`,
      [id],
    );
    if (rows[0] === undefined) throw new Error(`no row for ${id}`);
    return rows[0];
  });
}

/** The SQLite database and its WAL, without the blobs. */
async function databaseFiles(server: TestServer): Promise<Array<{ name: string; bytes: Buffer }>> {
  return (await dataDirFiles(server)).filter(({ name }) => name.startsWith('parley.sqlite'));
}

/** Every file the embedded deployment keeps: the SQLite database with its WAL, and the blobs. */
async function dataDirFiles(server: TestServer): Promise<Array<{ name: string; bytes: Buffer }>> {
  const names = await readdir(server.dataDir, { recursive: true, withFileTypes: true });
  return Promise.all(
    names
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { name: path.slice(server.dataDir.length + 1), bytes: await readFile(path) };
      }),
  );
}

async function withSharedDb<T>(
  server: TestServer,
  fn: (db: pg.Client, schema: string) => Promise<T>,
): Promise<T> {
  const url = server.server.config.databaseUrl ?? '';
  const schema = new URL(url).searchParams.get('schema') ?? 'public';
  const db = new pg.Client({ connectionString: url.replace(/[?&]schema=[^&]*/u, '') });
  await db.connect();
  try {
    return await fn(db, schema);
  } finally {
    await db.end();
  }
}

/**
 * What the shared deployment's database keeps: every row of its tables (in its schema and the job
 * queue's). Chats and transcripts wait in blobs, so no row ever holds one; PostgreSQL's own files,
 * where dead row versions wait for VACUUM, belong to the database server, out of this test's reach.
 */
async function sharedRows(server: TestServer): Promise<Array<{ name: string; bytes: Buffer }>> {
  return withSharedDb(server, async (db, schema) => {
    const tables = await db.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_schema IN ($1, $2) AND table_type = 'BASE TABLE'`,
      [schema, `${schema}_jobs`],
    );
    const out: Array<{ name: string; bytes: Buffer }> = [];
    for (const { table_schema, table_name } of tables.rows) {
      const rows = await db.query<{ row: string }>(
        `SELECT t::text AS row FROM "${table_schema}"."${table_name}" t`,
      );
      out.push({
        name: `${table_schema}.${table_name}`,
        bytes: Buffer.from(rows.rows.map((r) => r.row).join('\n'), 'utf8'),
      });
    }
    return out;
  });
}
