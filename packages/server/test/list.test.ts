import { beforeAll, describe, expect, it } from 'vitest';
import { CHAT_BODY, TOKEN_B, TRANSCRIPT_BODY, declare, useTestServer, waitUntilFinal } from './helpers.js';

interface Page {
  interactions: Array<{
    interactionIdentifier: string;
    type: string;
    status: string;
    declared: string;
    processed: string | null;
    errorMessage: string | null;
    externalIdentifier: string | null;
  }>;
  nextCursor: string | null;
}

const test = useTestServer();
const chats: string[] = [];
const transcripts: string[] = [];
let audio: string;
let middle: string;

async function list(query: string, token?: string): Promise<Page> {
  const response = await test.api(`/v1/interactions${query}`, token === undefined ? {} : { token });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Page;
}

beforeAll(async () => {
  for (let i = 0; i < 4; i++) {
    chats.push(await declare(test, { ...CHAT_BODY, externalIdentifier: `chat-${i}` }));
    transcripts.push(await declare(test, TRANSCRIPT_BODY));
    if (i === 1) middle = new Date().toISOString();
    // Distinct declared times, so the before/after filters have something to cut between.
    await new Promise((r) => setTimeout(r, 5));
  }
  audio = await declare(test, { type: 'audio', languageTag: 'en-us', vertical: 'default' });
  for (const id of [...chats, ...transcripts]) await waitUntilFinal(test, id);
  await declare(test, CHAT_BODY, TOKEN_B);
});

describe('GET /v1/interactions', () => {
  it("lists the tenant's interactions newest first, with status, type and times", async () => {
    const page = await list('');
    expect(page.interactions.map((i) => i.interactionIdentifier)).toEqual(
      [...chats.flatMap((c, i) => [c, transcripts[i] ?? '']), audio].reverse(),
    );
    expect(page.nextCursor).toBeNull();
    expect(page.interactions[0]).toMatchObject({
      type: 'audio',
      status: 'filePendingUpload',
      processed: null,
    });
    const chat = page.interactions.find((i) => i.interactionIdentifier === chats[0]);
    expect(chat).toMatchObject({ type: 'chat', status: 'processed', externalIdentifier: 'chat-0' });
    expect(Date.parse(chat?.processed ?? '')).toBeGreaterThanOrEqual(Date.parse(chat?.declared ?? ''));
  });

  it('pages with a cursor without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(`?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.interactions.length).toBeLessThanOrEqual(3);
      seen.push(...page.interactions.map((i) => i.interactionIdentifier));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual((await list('')).interactions.map((i) => i.interactionIdentifier));
  });

  it('filters by status, type and declared time', async () => {
    const byType = await list('?type=transcript');
    expect(new Set(byType.interactions.map((i) => i.interactionIdentifier))).toEqual(new Set(transcripts));
    const pending = await list('?status=filePendingUpload,fileUploading');
    expect(pending.interactions.map((i) => i.interactionIdentifier)).toEqual([audio]);
    const before = await list(`?declaredBefore=${encodeURIComponent(middle)}&type=chat`);
    expect(before.interactions.map((i) => i.interactionIdentifier).sort()).toEqual(chats.slice(0, 2).sort());
    const after = await list(`?declaredAfter=${encodeURIComponent(middle)}&type=chat`);
    expect(after.interactions.map((i) => i.interactionIdentifier).sort()).toEqual(chats.slice(2).sort());
  });

  it('shows another tenant only its own', async () => {
    const page = await list('', TOKEN_B);
    expect(page.interactions).toHaveLength(1);
    expect(chats).not.toContain(page.interactions[0]?.interactionIdentifier);
  });

  it('answers 400 saying what to fix for bad filters and cursors', async () => {
    for (const [query, pattern] of [
      ['?status=done', /status=.*comma-separated list of declared/],
      ['?type=video', /type=.*audio, chat, transcript/],
      ['?declaredAfter=yesterday', /ISO 8601/],
      ['?cursor=not-a-cursor', /nextCursor/],
      ['?limit=0', /limit/],
    ] as const) {
      const response = await test.api(`/v1/interactions${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { errorMessage: string }).errorMessage, query).toMatch(pattern);
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await test.api('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>;
    };
    const names = doc.paths['/v1/interactions']?.['get']?.parameters?.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['status', 'type', 'declaredAfter', 'declaredBefore', 'limit', 'cursor']),
    );
  });
});
