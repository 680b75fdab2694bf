import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InteractionFailedError,
  NotFoundError,
  Parley,
  PayloadTooLargeError,
  WaitTimeoutError,
} from '@parley/client/node';
import { JFK_WAV, SAMPLE_CHAT, startServer } from './helpers.js';
import type { RunningParley } from './helpers.js';

let server: RunningParley;
let parley: Parley;

beforeAll(async () => {
  server = await startServer();
  parley = new Parley({ baseUrl: server.baseUrl, token: server.token });
});

afterAll(async () => {
  await server?.close();
});

/** Long enough for real speech recognition of a short clip on a busy 2-core machine. */
const AUDIO_WAIT_MS = 240_000;

describe('chat', () => {
  it('declares, waits, and reads back parameters, transcripts and AI results', async () => {
    const { interactionIdentifier: id } = await parley.interactions.declareChat(SAMPLE_CHAT, {
      includeAiResults: true,
      externalIdentifier: 'crm-1',
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const seen: string[] = [];
    const status = await parley.interactions.waitUntilProcessed(id, { onStatus: (s) => seen.push(s.status) });
    expect(status).toMatchObject({ identifier: id, status: 'processed', errorMessage: null });
    expect(status.processed).not.toBeNull();
    expect(seen.at(-1)).toBe('processed');

    const declared = await parley.interactions.retrieve(id);
    expect(declared).toMatchObject({
      identifier: id,
      type: 'chat',
      languageTag: 'en-us',
      includeAiResults: true,
    });

    const punctuated = await parley.interactions.punctuatedTranscript(id);
    const text = punctuated.sentenceSegments.map((s) => s.phrase).join(' ');
    expect(text).toMatch(/card was declined/i);
    // The agent is participantOne, the customer participantTwo.
    const agentSentence = punctuated.sentenceSegments.find((s) => /block is removed/i.test(s.phrase));
    expect(agentSentence?.participant).toBe('participantOne');
    const customerSentence = punctuated.sentenceSegments.find((s) => /declined/i.test(s.phrase));
    expect(customerSentence?.participant).toBe('participantTwo');

    const transcript = await parley.interactions.transcript(id);
    const words = transcript.participantTwo.phraseSegments.map(
      (s) => transcript.participantTwo.phrases[s.phraseIndex],
    );
    expect(words.join(' ').toLowerCase()).toContain('declined');

    const ai = await parley.interactions.ai(id);
    expect(
      ai.participantOne.enlightenBundles.length + ai.participantTwo.enlightenBundles.length,
    ).toBeGreaterThan(0);
  });

  it('processChat does the whole round trip in one call', async () => {
    const stages: string[] = [];
    const result = await parley.interactions.processChat(SAMPLE_CHAT, {
      onProgress: (event) => stages.push(event.stage),
    });
    expect(result.status.status).toBe('processed');
    expect(result.punctuated.sentenceSegments.length).toBeGreaterThan(0);
    expect(result.ai).not.toBeNull();
    expect(stages[0]).toBe('declared');
    expect(stages.at(-1)).toBe('results');
  });

  it('processChat without AI results leaves ai null', async () => {
    const result = await parley.interactions.processChat(SAMPLE_CHAT, { includeAiResults: false });
    expect(result.ai).toBeNull();
    expect((await parley.interactions.retrieve(result.interactionIdentifier)).includeAiResults).toBe(false);
  });
});

describe('transcript', () => {
  it('processes a third-party transcript', async () => {
    const result = await parley.interactions.processTranscript({
      participantOne: {
        phrases: ['thanks', 'for', 'calling'],
        phraseSegments: [
          { startTimeOffset: 0, endTimeOffset: 300, phraseIndex: 0, score: 0.9 },
          { startTimeOffset: 300, endTimeOffset: 500, phraseIndex: 1, score: 0.9 },
          { startTimeOffset: 500, endTimeOffset: 900, phraseIndex: 2, score: 0.9 },
        ],
      },
    });
    expect(result.status.status).toBe('processed');
    expect(result.punctuated.sentenceSegments.map((s) => s.phrase).join(' ')).toMatch(/thanks for calling/i);
  });
});

// Real speech recognition of a short clip can take minutes on a busy 2-core machine.
describe('audio', { timeout: AUDIO_WAIT_MS + 60_000 }, () => {
  it('uploads a file from a path and ends processed, with the words of the recording', async () => {
    const { interactionIdentifier: id } = await parley.interactions.declareAudio({
      originalFilename: 'jfk.wav',
    });
    expect((await parley.interactions.status(id)).status).toBe('filePendingUpload');
    await parley.interactions.uploadFile(id, JFK_WAV);
    const afterUpload = await parley.interactions.status(id);
    expect(afterUpload.status).not.toBe('filePendingUpload');
    expect(afterUpload.uploaded).not.toBeNull();

    const final = await parley.interactions.waitUntilProcessed(id, { timeoutMs: AUDIO_WAIT_MS });
    expect(final.status).toBe('processed');
    const punctuated = await parley.interactions.punctuatedTranscript(id);
    expect(punctuated.sentenceSegments.map((s) => s.phrase).join(' ')).toMatch(/country/i);
  });

  it('processFile does the same in one call', async () => {
    const result = await parley.interactions.processFile(JFK_WAV, { timeoutMs: AUDIO_WAIT_MS });
    expect(result.status.status).toBe('processed');
    expect(
      result.transcript.allParticipants.phrases.length + result.transcript.participantOne.phrases.length,
    ).toBeGreaterThan(0);
  });

  it.each([
    ['bytes', async () => new Uint8Array(await readFile(JFK_WAV))],
    ['a Node stream', async () => createReadStream(JFK_WAV)],
    [
      'a web ReadableStream',
      async () => Readable.toWeb(createReadStream(JFK_WAV)) as ReadableStream<Uint8Array>,
    ],
  ])('uploads from %s', async (_name, source) => {
    const { interactionIdentifier: id } = await parley.interactions.declareAudio();
    await parley.interactions.upload(id, await source(), { filename: 'jfk.wav' });
    const status = await parley.interactions.status(id);
    expect(status.uploaded).not.toBeNull();
    expect(['fileUploaded', 'pendingProcessing', 'processing', 'processed', 'processingFailed']).toContain(
      status.status,
    );
    await parley.interactions.delete(id);
  });

  it('stops on processingFailed with the status and the server message', async () => {
    const { interactionIdentifier: id } = await parley.interactions.declareAudio();
    const notAudio = new TextEncoder().encode('These are meeting notes, not a recording.\n'.repeat(200));
    await parley.interactions.upload(id, new Blob([notAudio]), { filename: 'notes.wav' });
    const error = await parley.interactions
      .waitUntilProcessed(id, { timeoutMs: AUDIO_WAIT_MS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionFailedError);
    expect(error).toMatchObject({
      interactionIdentifier: id,
      status: 'processingFailed',
      code: 'interaction_failed',
    });
    expect((error as InteractionFailedError).errorMessage).toBeTruthy();
    expect((error as InteractionFailedError).message).toContain(id);
  });

  it('stops on fileDownloadFailed for a download from a private address', async () => {
    const error = await parley.interactions
      .processUrl('http://127.0.0.1:9/call.wav', { timeoutMs: AUDIO_WAIT_MS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionFailedError);
    expect(error).toMatchObject({ status: 'fileDownloadFailed', errorCode: 'download_blocked' });
    expect((error as InteractionFailedError).errorMessage).toBeTruthy();
  });
});

describe(
  'a server that may download from private addresses and takes small uploads',
  { timeout: AUDIO_WAIT_MS + 60_000 },
  () => {
    let open: RunningParley;
    let files: Server;
    let client: Parley;

    beforeAll(async () => {
      open = await startServer({ PARLEY_ALLOW_PRIVATE_DOWNLOADS: 'true', PARLEY_MAX_UPLOAD_BYTES: '4096' });
      client = new Parley({ baseUrl: open.baseUrl, token: open.token });
      files = createServer((req, res) => {
        if (req.url !== '/jfk.wav') {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'audio/wav' });
        createReadStream(JFK_WAV).pipe(res);
      });
      await new Promise<void>((done) => files.listen(0, '127.0.0.1', done));
    });

    afterAll(async () => {
      await new Promise<void>((done) => files?.close(() => done()));
      await open?.close();
    });

    it('processUrl has the server download the audio and process it', async () => {
      const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/jfk.wav`;
      const outcome = await client.interactions.processUrl(url, { timeoutMs: AUDIO_WAIT_MS });
      expect(outcome).toMatchObject({ status: { status: 'processed' } });
      const id = outcome.interactionIdentifier;
      expect((await client.interactions.status(id)).downloaded).not.toBeNull();
      expect((await client.interactions.retrieve(id)).downloadUri).toBe(url);
    });

    it('answers an upload over the limit with PayloadTooLargeError', async () => {
      const { interactionIdentifier: id } = await client.interactions.declareAudio();
      const error = await client.interactions.uploadFile(id, JFK_WAV).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(error).toMatchObject({ status: 413, code: 'payload_too_large' });
      expect((error as PayloadTooLargeError).errorMessage).toContain('4096');
    });
  },
);

describe('waiting', () => {
  it('gives up at the deadline with a WaitTimeoutError naming the id and the limit', async () => {
    // Never uploaded, so it stays filePendingUpload.
    const { interactionIdentifier: id } = await parley.interactions.declareAudio();
    const error = await parley.interactions
      .waitUntilProcessed(id, { timeoutMs: 400, pollIntervalMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({
      interactionIdentifier: id,
      timeoutMs: 400,
      lastStatus: 'filePendingUpload',
    });
    expect((error as Error).message).toContain(id);
    expect((error as Error).message).toContain('400 ms');
  });

  it('stops when the caller aborts', async () => {
    const { interactionIdentifier: id } = await parley.interactions.declareAudio();
    const controller = new AbortController();
    const error = await parley.interactions
      .waitUntilProcessed(id, {
        signal: controller.signal,
        pollIntervalMs: 60_000,
        onStatus: () => controller.abort(),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it('an already aborted signal stops a request before it is sent', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      parley.interactions.status('anything', { signal: controller.signal }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('errors', () => {
  it('deletes an interaction, after which it is not found', async () => {
    const { interactionIdentifier: id } = await parley.interactions.declareChat(SAMPLE_CHAT);
    await parley.interactions.delete(id);
    const error = await parley.interactions.status(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const notFound = error as NotFoundError;
    expect(notFound.status).toBe(404);
    expect(notFound.code).toBe('not_found');
    expect(notFound.errorMessage).toContain(id);
    expect(notFound.requestId).toBeTruthy();
    expect(notFound.retryable).toBe(false);
  });

  it('rejects a bad token with AuthenticationError', async () => {
    const stranger = new Parley({ baseUrl: server.baseUrl, token: 'not-a-token' });
    const error = await stranger.interactions.status('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
  });

  it('turns an invalid declare into BadRequestError with the server message', async () => {
    const error = await parley.interactions
      .declareChat({ participants: [], messages: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).errorMessage.length).toBeGreaterThan(10);
  });

  it('answers a second upload with ConflictError', async () => {
    const { interactionIdentifier: id } = await parley.interactions.declareAudio();
    await parley.interactions.uploadFile(id, JFK_WAV);
    const error = await parley.interactions.uploadFile(id, JFK_WAV).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).status).toBe(409);
    await parley.interactions.delete(id);
  });
});
