/**
 * The Parley extensions of the SDK against a real server of their own, so the set of interactions
 * listed is exactly the set this file declared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, Parley } from '@parley/client/node';
import type { InteractionSummary } from '@parley/client';
import { SAMPLE_CHAT, startServer } from './helpers.js';
import type { RunningParley } from './helpers.js';

let server: RunningParley;
let parley: Parley;
/** Declared by this file, newest first (the list's order). */
let chats: string[];
let audio: string;

beforeAll(async () => {
  server = await startServer();
  parley = new Parley({ baseUrl: server.baseUrl, token: server.token });
  const declared: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { interactionIdentifier } = await parley.interactions.declareChat(SAMPLE_CHAT, {
      externalIdentifier: `chat-${i}`,
    });
    declared.push(interactionIdentifier);
  }
  audio = (await parley.interactions.declareAudio({ originalFilename: 'later.wav' })).interactionIdentifier;
  chats = declared.reverse();
});

afterAll(async () => {
  await server?.close();
});

async function collect(iterable: AsyncIterable<InteractionSummary>): Promise<InteractionSummary[]> {
  const items: InteractionSummary[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('interactions.list', () => {
  it('pages through a type filter with no gaps, repeats or reordering', async () => {
    const first = await parley.interactions.list({ type: 'chat', limit: 2 });
    expect(first.interactions).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await parley.interactions.list({ type: 'chat', limit: 2, cursor: first.nextCursor ?? '' });
    const third = await parley.interactions.list({ type: 'chat', limit: 2, cursor: second.nextCursor ?? '' });
    expect(third.interactions).toHaveLength(1);
    expect(third.nextCursor).toBeNull();

    const ids = [first, second, third].flatMap((page) =>
      page.interactions.map((i) => i.interactionIdentifier),
    );
    // Newest first; ties on the declared millisecond are broken by id, so compare with the server's order.
    expect(new Set(ids)).toEqual(new Set(chats));
    const all = await parley.interactions.list({ type: 'chat' });
    expect(ids).toEqual(all.interactions.map((i) => i.interactionIdentifier));
    const declared = [first, second, third].flatMap((page) => page.interactions.map((i) => i.declared));
    expect([...declared].sort().reverse()).toEqual(declared);
  });

  it('listAll walks every page and returns the same rows as one big page', async () => {
    const walked = await collect(parley.interactions.listAll({ limit: 2 }));
    const whole = await parley.interactions.list({ limit: 500 });
    expect(whole.nextCursor).toBeNull();
    expect(walked.map((i) => i.interactionIdentifier)).toEqual(
      whole.interactions.map((i) => i.interactionIdentifier),
    );
    expect(new Set(walked.map((i) => i.interactionIdentifier))).toEqual(new Set([...chats, audio]));
  });

  it('returns the fields of each row and filters by type and status', async () => {
    const { interactions } = await parley.interactions.list({ type: ['audio'] });
    expect(interactions).toHaveLength(1);
    const row = interactions[0];
    expect(row).toMatchObject({
      interactionIdentifier: audio,
      type: 'audio',
      originalFilename: 'later.wav',
      externalIdentifier: null,
      processed: null,
    });
    const status = (await parley.interactions.status(audio)).status;
    expect(row?.status).toBe(status);

    const byStatus = await parley.interactions.list({ status: [status], type: ['audio', 'chat'] });
    expect(byStatus.interactions.map((i) => i.interactionIdentifier)).toContain(audio);
    expect(byStatus.interactions.every((i) => i.status === status)).toBe(true);
    const none = await parley.interactions.list({ type: 'audio', status: 'processingFailed' });
    expect(none).toEqual({ interactions: [], nextCursor: null });
  });

  it('filters by declared time, exclusive at both ends', async () => {
    const { interactions } = await parley.interactions.list({ type: 'chat' });
    const oldest = interactions.at(-1);
    const newest = interactions[0];
    if (oldest === undefined || newest === undefined) throw new Error('no chats listed');
    const after = await parley.interactions.list({ type: 'chat', declaredAfter: new Date(oldest.declared) });
    expect(after.interactions.map((i) => i.interactionIdentifier)).not.toContain(
      oldest.interactionIdentifier,
    );
    expect(after.interactions.every((i) => i.declared > oldest.declared)).toBe(true);
    const before = await parley.interactions.list({ type: 'chat', declaredBefore: newest.declared });
    expect(before.interactions.every((i) => i.declared < newest.declared)).toBe(true);
    expect(before.interactions.map((i) => i.interactionIdentifier)).toContain(oldest.interactionIdentifier);
  });

  it('answers bad filters and cursors with BadRequestError saying what to fix', async () => {
    await expect(parley.interactions.list({ status: 'finished' as 'processed' })).rejects.toMatchObject({
      constructor: BadRequestError,
      errorMessage: expect.stringMatching(/status=/),
    });
    await expect(parley.interactions.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      constructor: BadRequestError,
      errorMessage: expect.stringMatching(/nextCursor/),
    });
    await expect(parley.interactions.list({ limit: 501 })).rejects.toBeInstanceOf(BadRequestError);
    await expect(parley.interactions.list({ declaredAfter: 'yesterday' })).rejects.toMatchObject({
      errorMessage: expect.stringMatching(/ISO 8601/),
    });
    await expect(parley.interactions.list({ declaredAfter: new Date(Number.NaN) })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});

describe('webhook', () => {
  it('retrieves, sets, rotates and clears the settings', async () => {
    const initial = await parley.webhook.retrieve();
    expect(initial.callbackUri).toBeNull();
    expect(initial.signingSecret.length).toBeGreaterThanOrEqual(16);

    const set = await parley.webhook.update({ callbackUri: 'https://hooks.example.com/parley' });
    expect(set).toEqual({
      callbackUri: 'https://hooks.example.com/parley',
      signingSecret: initial.signingSecret,
    });
    expect(await parley.webhook.retrieve()).toEqual(set);

    const rotated = await parley.webhook.update({
      callbackUri: 'https://hooks.example.com/parley',
      rotateSecret: true,
    });
    expect(rotated.signingSecret).not.toBe(initial.signingSecret);
    expect((await parley.webhook.retrieve()).signingSecret).toBe(rotated.signingSecret);

    const cleared = await parley.webhook.update({ callbackUri: null });
    expect(cleared).toEqual({ callbackUri: null, signingSecret: rotated.signingSecret });
  });

  it('rejects a callback that is not a public http(s) URL', async () => {
    await expect(parley.webhook.update({ callbackUri: 'ftp://hooks.example.com/x' })).rejects.toMatchObject({
      constructor: BadRequestError,
      errorMessage: expect.stringMatching(/http or https/),
    });
    await expect(parley.webhook.update({ callbackUri: 'http://127.0.0.1:9/hook' })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect((await parley.webhook.retrieve()).callbackUri).toBeNull();
  });
});

describe('a server root as the base URL', () => {
  it('finds the API under /v1 when the root answers as Parley, as npm start prints it', async () => {
    const fromRoot = new Parley({ baseUrl: server.origin, token: server.token });
    expect(fromRoot.baseUrl).toBe(server.origin);
    const page = await fromRoot.interactions.list({ type: 'chat', limit: 1 });
    expect(page.interactions).toHaveLength(1);
    expect(fromRoot.baseUrl).toBe(`${server.origin}/v1`);
  });

  it('leaves a root that is not Parley as given, so its 404 is reported', async () => {
    const { createServer } = await import('node:http');
    const other = createServer((_req, res) => res.writeHead(404).end('{}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const client = new Parley({ baseUrl: `http://127.0.0.1:${port}`, token: server.token, maxRetries: 0 });
      await expect(client.interactions.list({ limit: 1 })).rejects.toMatchObject({ status: 404 });
      expect(client.baseUrl).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
