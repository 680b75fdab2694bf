import { describe, expect, it } from 'vitest';
import { CHAT_BODY, declare, json, useTestServer } from './helpers.js';

const test = useTestServer();

interface ErrorBody {
  errorMessage: string;
  code: string;
  requestId: string;
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorBody;
  expect(body.code).toBe(code);
  expect(body.errorMessage.length).toBeGreaterThan(10);
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  return body;
}

describe('declare validation', () => {
  it('refuses malformed JSON with a message saying so', async () => {
    const response = await test.api('/v1/interactions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "chat", ',
    });
    const body = await expectError(response, 400, 'malformed_json');
    expect(body.errorMessage).toMatch(/not valid JSON/);
  });

  it('names each missing required field', async () => {
    const body = await expectError(
      await test.api('/v1/interactions', json({ type: 'chat' })),
      400,
      'validation_failed',
    );
    expect(body.errorMessage).toContain('"languageTag" is required');
    expect(body.errorMessage).toContain('"vertical" is required');
  });

  it('names the field and the allowed values for a bad type', async () => {
    const body = await expectError(
      await test.api('/v1/interactions', json({ ...CHAT_BODY, type: 'video' })),
      400,
      'validation_failed',
    );
    expect(body.errorMessage).toMatch(/"type" must be one of "audio", "chat", "transcript"/);
  });

  it('names a nested field with its position', async () => {
    const bad = structuredClone(CHAT_BODY) as { chat: { messages: Array<Record<string, unknown>> } };
    delete bad.chat.messages[2]?.['content'];
    const body = await expectError(await test.api('/v1/interactions', json(bad)), 400, 'validation_failed');
    expect(body.errorMessage).toContain('"chat.messages[2].content" is required');
  });

  it('requires chat for a chat interaction and transcript for a transcript one', async () => {
    const chat = await expectError(
      await test.api(
        '/v1/interactions',
        json({ type: 'chat', languageTag: 'en-us', vertical: 'default', chat: null }),
      ),
      400,
      'validation_failed',
    );
    expect(chat.errorMessage).toContain('"chat" is required when type is "chat"');
    const transcript = await expectError(
      await test.api(
        '/v1/interactions',
        json({ type: 'transcript', languageTag: 'en-us', vertical: 'default' }),
      ),
      400,
      'validation_failed',
    );
    expect(transcript.errorMessage).toContain('"transcript" is required');
  });

  it('refuses a chat timestamp that is not a date-time', async () => {
    const bad = structuredClone(CHAT_BODY) as { chat: { messages: Array<Record<string, unknown>> } };
    if (bad.chat.messages[1]) bad.chat.messages[1]['timestamp'] = 'yesterday';
    const body = await expectError(await test.api('/v1/interactions', json(bad)), 400, 'validation_failed');
    expect(body.errorMessage).toContain('"chat.messages[1].timestamp"');
  });

  it('refuses a downloadUri scheme it does not fetch, naming the supported ones', async () => {
    const body = await expectError(
      await test.api(
        '/v1/interactions',
        json({
          type: 'audio',
          languageTag: 'en-us',
          vertical: 'default',
          downloadUri: 'sftp://host/~/calls/;type=d',
        }),
      ),
      400,
      'unsupported_download_scheme',
    );
    expect(body.errorMessage).toMatch(/sftp.*http and https/);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await test.api('/v1/interactions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'type=chat',
    });
    await expectError(response, 415, 'unsupported_media_type');
  });

  it('refuses a declare without a body', async () => {
    const response = await test.api('/v1/interactions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    const body = await expectError(response, 400, 'validation_failed');
    expect(body.errorMessage).toMatch(/no body/);
  });
});

describe('unknown things', () => {
  it('answers 404 for an unknown interaction with a message a person can act on', async () => {
    const body = await expectError(
      await test.api('/v1/interactions/3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44/status'),
      404,
      'not_found',
    );
    expect(body.errorMessage).toMatch(
      /No interaction 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44 exists for this API token/,
    );
  });

  it('answers 404 for a junk identifier, explaining what identifiers look like', async () => {
    const body = await expectError(await test.api('/v1/interactions/not-an-id/transcript'), 404, 'not_found');
    expect(body.errorMessage).toMatch(/is not an interaction identifier/);
  });

  it('answers unknown routes with the same error body', async () => {
    const body = await expectError(await test.api('/v2/interactions'), 404, 'route_not_found');
    expect(body.errorMessage).toMatch(/\/docs/);
  });
});

describe('no 5xx for a hostile client', () => {
  it('survives odd bodies with 4xx', async () => {
    for (const body of ['[]', '"chat"', '42', 'null', '{"type": {"$ne": 1}}', '{"__proto__": {"x": 1}}']) {
      const response = await test.api('/v1/interactions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
    }
  });

  it('keeps a declared id after a failed declare attempt', async () => {
    const id = await declare(test, CHAT_BODY);
    expect((await test.api(`/v1/interactions/${id}/status`)).status).toBe(200);
  });
});
