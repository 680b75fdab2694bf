import { describe, expect, it } from 'vitest';
import {
  CHAT_BODY,
  declare,
  declareProcessed,
  json,
  useTestServer,
  waitUntilFinal,
  type TestServer,
} from './helpers.js';

/**
 * Text that once took minutes to forever to process, while the API stopped answering. Each is
 * at the declare cap, so it is accepted and must be processed in linear time, off the event loop.
 */
const HOSTILE_CONTENT: Record<string, string> = {
  backslashes: '\\'.repeat(32_000),
  periods: '.'.repeat(32_000),
  'card emoji': '💳'.repeat(16_000),
  'lone surrogates': '\uD800'.repeat(32_000),
  'spoken digits': 'four '.repeat(6_500),
  'written digits': '4 '.repeat(16_000),
  'punctuation runs between letters': 'a....................'.repeat(1_500),
};

function chatWith(content: string, messages = 1) {
  return {
    ...CHAT_BODY,
    chat: {
      participants: CHAT_BODY.chat.participants,
      messages: Array.from({ length: messages }, (_, index) => ({
        participant_id: index % 2 === 0 ? 'cust-42' : 'agent-7',
        timestamp: new Date(Date.UTC(2024, 2, 1, 10, 0, index)).toISOString(),
        content,
      })),
    },
  };
}

/** The slowest answer to /healthz while `during` runs. */
async function slowestHealthCheck(test: TestServer, during: Promise<unknown>): Promise<number> {
  let done = false;
  let slowest = 0;
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${test.url}/healthz`);
      expect(response.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  await during;
  done = true;
  await probing;
  return slowest;
}

describe('hostile chat text', () => {
  const test = useTestServer();

  it('processes every hostile message at the cap while /healthz keeps answering', async () => {
    const ids = await Promise.all(
      Object.values(HOSTILE_CONTENT).map((content) => declare(test, chatWith(content))),
    );
    const slowest = await slowestHealthCheck(
      test,
      Promise.all(ids.map((id) => waitUntilFinal(test, id, 60_000))).then((finals) => {
        for (const final of finals) expect(final.status, final.errorMessage ?? '').toBe('processed');
      }),
    );
    // Generous for a loaded 2-core machine; before the fix the API did not answer for minutes.
    expect(slowest).toBeLessThan(3_000);
    const punctuated = await test.api(`/v1/interactions/${ids[0]}/transcripts/punctuated`);
    expect(punctuated.status).toBe(200);
  });

  it('refuses a message over the cap at declare, naming the field and the limit', async () => {
    const response = await test.api('/v1/interactions', json(chatWith('x'.repeat(32_769))));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errorMessage: string };
    expect(body.errorMessage).toContain('chat.messages[0].content');
    expect(body.errorMessage).toContain('32768');
  });

  it('refuses a transcript phrase over the cap at declare', async () => {
    const response = await test.api(
      '/v1/interactions',
      json({
        type: 'transcript',
        languageTag: 'en-us',
        vertical: 'default',
        transcript: {
          participantOne: {
            phrases: ['.'.repeat(40_000)],
            phraseSegments: [{ startTimeOffset: 0, endTimeOffset: 10, phraseIndex: 0, score: 1 }],
          },
        },
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errorMessage: string };
    expect(body.errorMessage).toContain('transcript.participantOne.phrases[0]');
  });
});

describe('text processing time limit', () => {
  const test = useTestServer({ PARLEY_TEXT_TIMEOUT_MS: '1000', PARLEY_TEXT_THREADS: '1' });

  it('ends an interaction whose analysis overruns in processingFailed, and the next one still works', async () => {
    // Well within the caps, but far more than a second of analysis (about 260,000 words).
    const slow = await declare(test, chatWith('four '.repeat(6_500), 40));
    const final = await waitUntilFinal(test, slow, 60_000);
    expect(final.status).toBe('processingFailed');
    expect(final.errorCode).toBe('analysis_timeout');
    expect(final.errorMessage).toMatch(/took longer than 1000 ms/);

    await declareProcessed(test, CHAT_BODY, 30_000);
  });
});
