import { beforeAll, describe, expect, it } from 'vitest';
import { CHAT_BODY, TOKEN_B, declareProcessed, useTestServer } from './helpers.js';

const test = useTestServer();

interface Evidence {
  participantOne: Array<{
    name: string;
    lines: Array<{ text: string; effect: string; participant: string }>;
  }>;
  participantTwo: Array<{ name: string; lines: Array<{ text: string }> }>;
}

describe('GET /v1/interactions/{id}/evidence', () => {
  let id: string;
  beforeAll(async () => {
    id = await declareProcessed(test, CHAT_BODY);
  });

  it('lists the agent sentences behind the agent scores, read from the redacted transcript', async () => {
    const response = await test.api(`/v1/interactions/${id}/evidence`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Evidence;
    const empathy = body.participantOne.find((m) => m.name === 'BeEmpathetic');
    expect(empathy?.lines.map((l) => l.text)).toContain('I am sorry to hear that.');
    for (const model of body.participantOne) {
      for (const line of model.lines) expect(line.participant).toBe('participantOne');
    }
    expect(JSON.stringify(body)).not.toContain('4111');
  });

  it('leaves the ElevateAI /ai body as it was: no evidence field there', async () => {
    const ai = (await (await test.api(`/v1/interactions/${id}/ai`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(ai)).not.toContain('"lines"');
    expect(Object.keys(ai).sort()).toEqual(['allParticipants', 'participantOne', 'participantTwo']);
  });

  it('answers 404 with an errorMessage for another tenant and for a malformed id', async () => {
    const other = await test.api(`/v1/interactions/${id}/evidence`, { token: TOKEN_B });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { errorMessage?: string }).errorMessage).toBeTruthy();
    const malformed = await test.api('/v1/interactions/not-a-guid/evidence');
    expect(malformed.status).toBe(404);
  });
});
