import { request } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CHAT_BODY,
  TOKEN_A,
  declare,
  declareProcessed,
  json,
  useTestServer,
  waitUntilFinal,
} from './helpers.js';

const test = useTestServer();

/** A raw request, so header names and bodies go on the wire exactly as an SDK would send them. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(path, test.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        test.statuses.push({ method, path, status: res.statusCode ?? 0 });
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('request keys', () => {
  it('binds keys case-insensitively at every level, like the Python SDK and .NET', async () => {
    const id = await declareProcessed(test, {
      Type: 'chat',
      LANGUAGETAG: 'en-us',
      vertical: 'default',
      originalfilename: 'lower.json',
      externalidentifier: 'ext-1',
      Chat: {
        Participants: [
          { Participant_Id: 'a', Role: 'agent' },
          { PARTICIPANTID: 'c', role: 'customer' },
        ],
        Messages: [
          {
            Participant_Id: 'c',
            TimeStamp: '2024-03-01T10:00:00Z',
            Content: 'Hello, I need help with my bill.',
          },
          { participantid: 'a', timestamp: '2024-03-01T10:00:10Z', content: 'Of course, let me look.' },
        ],
      },
    });
    expect(await (await test.api(`/v1/interactions/${id}`)).json()).toMatchObject({
      originalFilename: 'lower.json',
      externalIdentifier: 'ext-1',
    });
    const punctuated = (await (await test.api(`/v1/interactions/${id}/transcripts/punctuated`)).json()) as {
      sentenceSegments: Array<{ participant: string }>;
    };
    expect(punctuated.sentenceSegments.map((s) => s.participant)).toEqual(
      expect.arrayContaining(['participantOne', 'participantTwo']),
    );
  });

  it('accepts participantId and participant_id alike', async () => {
    const body = structuredClone(CHAT_BODY);
    const messages = body.chat.messages.map(({ participant_id, ...rest }, i) =>
      i % 2 === 0 ? { ...rest, participantId: participant_id } : { ...rest, participant_id },
    );
    const id = await declareProcessed(test, { ...body, chat: { ...body.chat, messages } });
    const punctuated = (await (await test.api(`/v1/interactions/${id}/transcripts/punctuated`)).json()) as {
      sentenceSegments: Array<{ participant: string }>;
    };
    expect(new Set(punctuated.sentenceSegments.map((s) => s.participant))).toEqual(
      new Set(['participantOne', 'participantTwo']),
    );
  });

  it('ignores unknown keys and explicit nulls on optional fields, as .NET sends them', async () => {
    await declareProcessed(test, {
      ...CHAT_BODY,
      downloadUri: null,
      transcript: null,
      audioTranscriptionMode: null,
      originalFilename: null,
      metadata: null,
      somethingNew: { nested: true },
      chat: { ...CHAT_BODY.chat, futureField: 1 },
    });
  });

  it('accepts downloadUrl as an alias of downloadUri', async () => {
    const id = await declare(test, {
      type: 'audio',
      languageTag: 'en-us',
      vertical: 'default',
      downloadUrl: 'https://files.example.com/calls/0001.wav',
    });
    const params = (await (await test.api(`/v1/interactions/${id}`)).json()) as { downloadUri: string };
    expect(params.downloadUri).toBe('https://files.example.com/calls/0001.wav');
  });

  it('accepts application/json;charset=UTF-8 as Java sends it', async () => {
    const response = await raw(
      'POST',
      '/v1/interactions',
      { 'X-API-TOKEN': TOKEN_A, 'Content-Type': 'application/json;charset=UTF-8' },
      JSON.stringify(CHAT_BODY),
    );
    expect(response.status).toBe(201);
  });
});

describe('headers and paths', () => {
  it('takes the token header in any case', async () => {
    for (const name of ['X-API-Token', 'X-API-TOKEN', 'x-api-token']) {
      const response = await raw(
        'POST',
        '/v1/interactions',
        { [name]: TOKEN_A, 'content-type': 'application/json' },
        JSON.stringify(CHAT_BODY),
      );
      expect(response.status, name).toBe(201);
    }
  });

  it('serves GET and DELETE sent with Content-Type: application/json and no body', async () => {
    const id = await declare(test, CHAT_BODY);
    await waitUntilFinal(test, id);
    const headers = { 'x-api-token': TOKEN_A, 'content-type': 'application/json' };
    expect((await raw('GET', `/v1/interactions/${id}/status`, headers)).status).toBe(200);
    expect((await raw('GET', `/v1/interactions/${id}/transcript`, headers, '')).status).toBe(200);
    expect((await raw('DELETE', `/v1/interactions/${id}`, headers, '')).status).toBe(200);
  });

  it('ignores trailing slashes', async () => {
    const id = await declare(test, CHAT_BODY);
    await waitUntilFinal(test, id);
    expect((await test.api(`/v1/interactions/${id}/status/`)).status).toBe(200);
    expect((await test.api(`/v1/interactions/${id}/transcripts/punctuated/`)).status).toBe(200);
    expect((await test.api('/v1/interactions/', json(CHAT_BODY))).status).toBe(201);
  });

  it('compresses responses with gzip or deflate when asked', async () => {
    const id = await declare(test, CHAT_BODY);
    await waitUntilFinal(test, id);
    const plain = await raw('GET', `/v1/interactions/${id}/transcript`, { 'x-api-token': TOKEN_A });
    const gzip = await raw('GET', `/v1/interactions/${id}/transcript`, {
      'x-api-token': TOKEN_A,
      'accept-encoding': 'gzip',
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    const deflate = await raw('GET', '/openapi.json', { 'accept-encoding': 'deflate' });
    expect(deflate.headers['content-encoding']).toBe('deflate');
    expect(JSON.parse(inflateSync(deflate.body).toString('utf8'))).toHaveProperty('openapi');
  });
});
