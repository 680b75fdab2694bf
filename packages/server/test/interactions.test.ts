import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHAT_BODY,
  TOKEN_B,
  TRANSCRIPT_BODY,
  declare,
  declareProcessed,
  json,
  useTestServer,
  waitUntilFinal,
} from './helpers.js';

const test = useTestServer();

interface PhraseList {
  phrases: string[];
  phraseSegments: Array<{
    startTimeOffset: number;
    endTimeOffset: number;
    phraseIndex: number;
    score: number;
  }>;
}

describe('chat interactions', () => {
  let id: string;

  beforeAll(async () => {
    id = await declare(test, {
      ...CHAT_BODY,
      originalFilename: 'chat-0001.json',
      externalIdentifier: 'crm-case-123',
    });
  });

  it('returns a GUID as interactionIdentifier', () => {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('reaches processed with declared and processed timestamps in ISO 8601 UTC', async () => {
    const status = await waitUntilFinal(test, id);
    expect(status).toMatchObject({
      identifier: id,
      status: 'processed',
      errorMessage: null,
      uploaded: null,
      downloaded: null,
    });
    expect(status.declared).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(status.processed ?? '')).toBeGreaterThanOrEqual(Date.parse(status.declared));
  });

  it('echoes the declared parameters, with chat null once processed', async () => {
    const response = await test.api(`/v1/interactions/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      identifier: id,
      type: 'chat',
      languageTag: 'en-us',
      vertical: 'default',
      includeAiResults: true,
      downloadUri: null,
      audioTranscriptionMode: null,
      transcript: null,
      chat: null,
      originalFilename: 'chat-0001.json',
      externalIdentifier: 'crm-case-123',
    });
  });

  it('serves the phrase-by-phrase transcript on /transcript and /transcripts alike, agent as participantOne', async () => {
    const singular = await test.api(`/v1/interactions/${id}/transcript`);
    const plural = await test.api(`/v1/interactions/${id}/transcripts`);
    expect(singular.status).toBe(200);
    const body = (await singular.json()) as Record<string, PhraseList> & { redactionSegments: unknown[] };
    expect(await plural.json()).toEqual(body);
    for (const scope of ['allParticipants', 'participantOne', 'participantTwo']) {
      const list = body[scope];
      expect(list?.phraseSegments.length).toBeGreaterThan(0);
      for (const segment of list?.phraseSegments ?? []) {
        expect(Number.isInteger(segment.startTimeOffset)).toBe(true);
        expect(segment.endTimeOffset).toBeGreaterThanOrEqual(segment.startTimeOffset);
        expect(list?.phrases[segment.phraseIndex]).toBeTypeOf('string');
      }
    }
    const words = (scope: string) =>
      body[scope]?.phraseSegments.map((s) => body[scope]?.phrases[s.phraseIndex]).join(' ') ?? '';
    expect(words('participantOne')).toMatch(/sorry/i);
    expect(words('participantTwo')).toMatch(/declined/i);
    // The card number is redacted, never stored in clear.
    expect(JSON.stringify(body)).not.toContain('4111');
    expect(body.redactionSegments.length).toBeGreaterThan(0);
  });

  it('serves punctuated sentences per participant', async () => {
    const response = await test.api(`/v1/interactions/${id}/transcripts/punctuated`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      sentenceSegments: Array<{ participant: string; phrase: string }>;
    };
    expect(body.sentenceSegments.length).toBeGreaterThanOrEqual(5);
    expect(body.sentenceSegments[0]).toMatchObject({ participant: 'participantTwo' });
    expect(body.sentenceSegments.map((s) => s.phrase).join(' ')).toMatch(/Let me check your account\./);
  });

  it('serves CX AI results with bundles and score statistics', async () => {
    const response = await test.api(`/v1/interactions/${id}/ai`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<
      string,
      { enlightenBundles: Array<{ name: string; models: Array<Record<string, number>> }> }
    >;
    expect(Object.keys(body).sort()).toEqual(['allParticipants', 'participantOne', 'participantTwo']);
    const models = Object.values(body).flatMap((p) => p.enlightenBundles.flatMap((b) => b.models));
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) {
      for (const key of ['score', 'minScore', 'maxScore', 'quartile1', 'quartile4'])
        expect(model[key]).toBeTypeOf('number');
    }
  });
});

describe('transcript interactions', () => {
  it('turns a third-party transcript into all three documents', async () => {
    const id = await declareProcessed(test, TRANSCRIPT_BODY);
    const transcript = (await (await test.api(`/v1/interactions/${id}/transcript`)).json()) as Record<
      string,
      PhraseList
    >;
    expect(transcript['participantTwo']?.phrases).toContain('internet');
    const punctuated = (await (await test.api(`/v1/interactions/${id}/transcripts/punctuated`)).json()) as {
      sentenceSegments: Array<{ participant: string; phrase: string; startTimeOffset: number }>;
    };
    expect(punctuated.sentenceSegments.find((s) => s.participant === 'participantOne')?.startTimeOffset).toBe(
      870,
    );
    expect((await test.api(`/v1/interactions/${id}/ai`)).status).toBe(200);
    expect(await (await test.api(`/v1/interactions/${id}`)).json()).toMatchObject({
      type: 'transcript',
      transcript: null,
    });
  });
});

describe('results before processing', () => {
  it('answers 409 naming the current status and the status endpoint to poll', async () => {
    const id = await declare(test, { type: 'audio', languageTag: 'en-us', vertical: 'default' });
    for (const path of ['transcript', 'transcripts', 'transcripts/punctuated', 'ai']) {
      const response = await test.api(`/v1/interactions/${id}/${path}`);
      expect(response.status).toBe(409);
      const body = (await response.json()) as { errorMessage: string; code: string; requestId: string };
      expect(body.code).toBe('results_not_ready');
      expect(body.errorMessage).toContain('filePendingUpload');
      expect(body.errorMessage).toContain(`/v1/interactions/${id}/status`);
      expect(body.requestId).toBe(response.headers.get('x-request-id'));
    }
  });

  it('shows an audio interaction without downloadUri waiting for its upload', async () => {
    const id = await declare(test, {
      type: 'audio',
      languageTag: 'en-us',
      vertical: 'default',
      audioTranscriptionMode: 'highAccuracy',
    });
    const status = (await (await test.api(`/v1/interactions/${id}/status`)).json()) as { status: string };
    expect(status.status).toBe('filePendingUpload');
    expect(await (await test.api(`/v1/interactions/${id}`)).json()).toMatchObject({
      audioTranscriptionMode: 'highAccuracy',
    });
  });
});

describe('delete', () => {
  it('answers 200 with an empty body, after which the interaction is gone', async () => {
    const id = await declare(test, CHAT_BODY);
    await waitUntilFinal(test, id);
    const response = await test.api(`/v1/interactions/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    for (const path of ['', '/status', '/transcript', '/ai']) {
      expect((await test.api(`/v1/interactions/${id}${path}`)).status).toBe(404);
    }
    expect((await test.api(`/v1/interactions/${id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('authentication and tenants', () => {
  it('refuses a request without a token with 401 and says which header to send', async () => {
    const response = await test.api('/v1/interactions', { ...json(CHAT_BODY), token: null });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errorMessage: string; code: string };
    expect(body).toMatchObject({ code: 'unauthorized' });
    expect(body.errorMessage).toContain('X-API-Token');
  });

  it('refuses an unknown token with 401', async () => {
    const response = await test.api('/v1/interactions', {
      ...json(CHAT_BODY),
      token: 'not-a-real-token-at-all',
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errorMessage: string }).errorMessage).toMatch(/not valid/);
  });

  it("answers 404, not 403, for another tenant's interaction on every endpoint", async () => {
    const id = await declare(test, CHAT_BODY);
    await waitUntilFinal(test, id);
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/status'],
      ['GET', '/transcript'],
      ['GET', '/transcripts/punctuated'],
      ['GET', '/ai'],
      ['POST', '/upload'],
      ['DELETE', ''],
    ] as const) {
      const response = await test.api(`/v1/interactions/${id}${path}`, { method, token: TOKEN_B });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    // Still there for its owner.
    expect((await test.api(`/v1/interactions/${id}/transcript`)).status).toBe(200);
  });
});

describe('operability', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await test.api('/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/interactions',
        '/v1/interactions/{interactionId}/upload',
        '/v1/interactions/{interactionId}/status',
        '/v1/interactions/{interactionId}/transcripts/punctuated',
        '/v1/interactions/{interactionId}/ai',
      ]),
    );
  });

  it('serves interactive docs at /docs', async () => {
    const response = await test.api('/docs/', { token: null });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/swagger/i);
  });

  it('reports health, and readiness with engine components and remedies', async () => {
    expect((await test.api('/healthz', { token: null })).status).toBe(200);
    const response = await test.api('/readyz', { token: null });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      ready: boolean;
      components: Array<{ name: string; ready: boolean }>;
    };
    expect(body.ready).toBe(true);
    expect(body.components.length).toBeGreaterThan(0);
    expect(body.components.every((c) => typeof c.ready === 'boolean')).toBe(true);
  });

  it('returns a request id header on every response', async () => {
    const response = await test.api('/healthz', { token: null });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
