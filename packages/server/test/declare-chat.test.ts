import { describe, expect, it } from 'vitest';
import { CHAT_BODY, json, useTestServer } from './helpers.js';

const test = useTestServer();

type Chat = {
  chat: { participants: Array<Record<string, unknown>>; messages: Array<Record<string, unknown>> };
};

async function refused(body: unknown): Promise<string> {
  const response = await test.api('/v1/interactions', json(body));
  const answer = (await response.json()) as { errorMessage?: string; code?: string };
  expect(response.status).toBe(400);
  expect(answer.code).toBe('validation_failed');
  return answer.errorMessage ?? '';
}

describe('declaring a chat whose participants do not add up', () => {
  it('refuses a message from a participant id that is not listed, naming it', async () => {
    const bad = structuredClone(CHAT_BODY) as Chat;
    bad.chat.messages[2] = { ...bad.chat.messages[2], participant_id: 'cust-99' };
    const message = await refused(bad);
    expect(message).toContain('"chat.messages[2]"');
    expect(message).toContain('"cust-99"');
  });

  it('refuses a participant id listed twice', async () => {
    const bad = structuredClone(CHAT_BODY) as Chat;
    bad.chat.participants.push({ participant_id: 'agent-7', name: 'Ann', role: 'agent' });
    expect(await refused(bad)).toContain('"agent-7" twice');
  });

  it('still accepts the same chat when every participant is listed once', async () => {
    const response = await test.api('/v1/interactions', json(CHAT_BODY));
    expect(response.status).toBe(201);
  });
});
