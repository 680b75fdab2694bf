/**
 * Chats never wait behind calls: audio runs in slots of its own (queue `interaction.transcribe`,
 * PARLEY_AUDIO_CONCURRENCY), so a chat declared while every audio slot is busy is processed
 * while the call still is. With one slot each, a shared queue would put the chat behind the call.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  AUDIO_BODY,
  AUDIO_DIR,
  CHAT_BODY,
  declare,
  useTestServer,
  waitUntilFinal,
  type StatusBody,
} from './helpers.js';

const test = useTestServer({ PARLEY_WORKER_CONCURRENCY: '1', PARLEY_AUDIO_CONCURRENCY: '1' });

async function status(id: string): Promise<StatusBody> {
  return (await (await test.api(`/v1/interactions/${id}/status`)).json()) as StatusBody;
}

async function uploadCall(data: Buffer): Promise<string> {
  const id = await declare(test, AUDIO_BODY);
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(data)], { type: 'audio/wav' }), 'combo-38s.wav');
  const response = await test.api(`/v1/interactions/${id}/upload`, { method: 'POST', body });
  expect(response.status).toBe(201);
  return id;
}

it('processes a chat declared while every audio slot is busy before the call', async () => {
  const data = await readFile(join(AUDIO_DIR, 'combo-38s.wav'));
  // One call for the one audio slot: many seconds of recognition.
  const calls = [await uploadCall(data)];
  const until = Date.now() + 60_000;
  while (!(await Promise.all(calls.map(status))).some((s) => s.status === 'processing')) {
    if (Date.now() > until) throw new Error('no call started processing within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }

  const chat = await declare(test, CHAT_BODY);
  // A liveness bound, not a speed figure (bench:asr measures that): the chat needs well under a
  // second, the call many seconds of recognition.
  expect((await waitUntilFinal(test, chat, 30_000)).status).toBe('processed');
  const callsThen = await Promise.all(calls.map(status));
  expect(callsThen.some((s) => s.status !== 'processed')).toBe(true);
  // The call is let finish rather than cut off by the close; the bound only guards against a
  // hang, since a heavily shared machine can take minutes over it.
  for (const id of calls) expect((await waitUntilFinal(test, id, 600_000)).status).toBe('processed');
}, 900_000);
