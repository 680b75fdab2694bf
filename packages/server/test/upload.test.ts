import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIO_BODY,
  AUDIO_DIR,
  TOKEN_A,
  declare,
  useTestServer,
  waitUntilFinal,
  type StatusBody,
  type TestServer,
} from './helpers.js';

const MAX_UPLOAD_BYTES = 200_000;
const test = useTestServer({ PARLEY_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
// A models directory with nothing in it: no speech recogniser can be available.
// The voice-activity model ships with Parley and pocketsphinx is English-only, so "no
// recogniser" is a language none is installed for, on a server told not to fetch one.
const emptyModels = useTestServer(() => ({
  PARLEY_MODELS_DIR: join(test.dataDir, 'no-models'),
  PARLEY_OFFLINE: 'true',
}));
let wav: Buffer;

beforeAll(async () => {
  wav = await readFile(join(AUDIO_DIR, 'austen-0880.wav'));
});

function form(field: string, filename: string | undefined, data: Buffer): FormData {
  const body = new FormData();
  body.append('note', 'a plain field before the file is skipped');
  if (filename === undefined) body.append(field, new Blob([data]));
  else body.append(field, new Blob([data], { type: 'application/octet-stream' }), filename);
  return body;
}

async function status(server: TestServer, id: string): Promise<StatusBody> {
  return (await (await server.api(`/v1/interactions/${id}/status`)).json()) as StatusBody;
}

/** The stored audio blobs, in files or in S3 (whichever deployment the suite runs against). */
async function blobFiles(server: TestServer): Promise<string[]> {
  return server.blobKeys();
}

describe('upload', () => {
  it('accepts a file under any field name, answers 201 with an empty body and sets uploaded', async () => {
    for (const field of ['files', 'file', 'austen-0880.wav']) {
      const id = await declare(test, AUDIO_BODY);
      const response = await test.api(`/v1/interactions/${id}/upload`, {
        method: 'POST',
        body: form(field, 'austen-0880.wav', wav),
      });
      expect(response.status, field).toBe(201);
      expect(await response.text()).toBe('');
      const after = await status(test, id);
      expect(after.uploaded).not.toBeNull();
      expect(['pendingProcessing', 'processing', 'processed', 'processingFailed']).toContain(after.status);
    }
  });

  it('refuses a second upload with 409', async () => {
    const id = await declare(test, AUDIO_BODY);
    expect(
      (await test.api(`/v1/interactions/${id}/upload`, { method: 'POST', body: form('file', 'a.wav', wav) }))
        .status,
    ).toBe(201);
    const again = await test.api(`/v1/interactions/${id}/upload`, {
      method: 'POST',
      body: form('file', 'a.wav', wav),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('upload_conflict');
  });

  it('refuses an upload to an interaction declared with downloadUri, and to a chat', async () => {
    const id = await declare(test, { ...AUDIO_BODY, downloadUri: 'https://files.example.com/x.wav' });
    const response = await test.api(`/v1/interactions/${id}/upload`, {
      method: 'POST',
      body: form('file', 'a.wav', wav),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { errorMessage: string }).errorMessage).toMatch(/downloadUri/);
  });

  it('answers 413 over PARLEY_MAX_UPLOAD_BYTES, keeps nothing, and lets the client upload again', async () => {
    const id = await declare(test, AUDIO_BODY);
    const big = Buffer.alloc(MAX_UPLOAD_BYTES * 3, 1);
    const response = await test.api(`/v1/interactions/${id}/upload`, {
      method: 'POST',
      body: form('file', 'big.wav', big),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errorMessage: string; code: string };
    expect(body.code).toBe('payload_too_large');
    expect(body.errorMessage).toContain(String(MAX_UPLOAD_BYTES));
    expect((await status(test, id)).status).toBe('filePendingUpload');
    expect((await blobFiles(test)).some((f) => f.includes(id))).toBe(false);
    const retry = await test.api(`/v1/interactions/${id}/upload`, {
      method: 'POST',
      body: form('file', 'small.wav', wav),
    });
    expect(retry.status).toBe(201);
  });

  it('answers 400 for a multipart body without a file part', async () => {
    const id = await declare(test, AUDIO_BODY);
    const body = new FormData();
    body.append('only', 'text');
    const response = await test.api(`/v1/interactions/${id}/upload`, { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('missing_file');
    expect((await status(test, id)).status).toBe('filePendingUpload');
  });

  it('answers 415 for an upload that is not multipart', async () => {
    const id = await declare(test, AUDIO_BODY);
    const response = await test.api(`/v1/interactions/${id}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: wav,
    });
    expect(response.status).toBe(415);
  });

  it('marks an upload that breaks off mid-stream as fileUploadFailed with a reason', async () => {
    const id = await declare(test, AUDIO_BODY);
    const url = new URL(test.url);
    const boundary = 'parleyboundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.wav"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /v1/interactions/${id}/upload HTTP/1.1\r\nHost: ${url.host}\r\nX-API-Token: ${TOKEN_A}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + 100_000}\r\n\r\n`,
        );
        socket.write(head);
        socket.write(wav.subarray(0, 20_000), () => setTimeout(() => socket.destroy(), 100));
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    const deadline = Date.now() + 10_000;
    let current = await status(test, id);
    while (current.status !== 'fileUploadFailed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      current = await status(test, id);
    }
    expect(current.status).toBe('fileUploadFailed');
    expect(current.errorMessage).toMatch(/broke off/);
  });
});

describe('audio without a speech recogniser', () => {
  it('ends in processingFailed saying what is missing, never with a transcript', async () => {
    const id = await declare(emptyModels, { ...AUDIO_BODY, languageTag: 'es-419' });
    const upload = await emptyModels.api(`/v1/interactions/${id}/upload`, {
      method: 'POST',
      body: form('file', 'austen-0880.wav', wav),
    });
    expect(upload.status).toBe(201);
    const final = await waitUntilFinal(emptyModels, id);
    expect(final.status).toBe('processingFailed');
    // The engine names the first missing part: the recogniser itself or a model it needs.
    expect(['asr_unavailable', 'model_missing', 'language_unsupported']).toContain(final.errorCode);
    expect(final.errorMessage).toMatch(/install|models:download/i);
    expect(final.processed).not.toBeNull();
    const transcript = await emptyModels.api(`/v1/interactions/${id}/transcript`);
    expect(transcript.status).toBe(409);
    expect(((await transcript.json()) as { code: string }).code).toBe('results_unavailable');
    // The source audio is deleted once the interaction failed.
    expect((await blobFiles(emptyModels)).some((f) => f.includes(id))).toBe(false);
  });
});
