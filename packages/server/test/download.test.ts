import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_DIR, declare, useTestServer, waitUntilFinal } from './helpers.js';

const AUDIO = { type: 'audio', languageTag: 'en-us', vertical: 'default' };
let wav: Buffer;
let files: Server;
let filesUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  wav = await readFile(join(AUDIO_DIR, 'austen-0880.wav'));
  files = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/call.wav') res.writeHead(200, { 'content-type': 'audio/wav' }).end(wav);
    else if (req.url === '/moved') res.writeHead(302, { location: '/call.wav' }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/slow') setTimeout(() => res.end(wav), 5_000);
    else res.writeHead(404).end('no such file');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

afterAll(async () => {
  files.closeAllConnections();
  await new Promise((r) => files.close(r));
});

const strict = useTestServer();
const permissive = useTestServer(() => ({
  PARLEY_ALLOW_PRIVATE_DOWNLOADS: 'true',
  PARLEY_MAX_DOWNLOAD_BYTES: String(wav.length + 1000),
  PARLEY_DOWNLOAD_TIMEOUT_MS: '1000',
  PARLEY_MAX_JOB_ATTEMPTS: '2',
  PARLEY_RETRY_BASE_MS: '10',
  PARLEY_MODELS_DIR: join(AUDIO_DIR, 'no-models-here'),
}));

describe('downloadUri on a server that refuses private addresses (the default)', () => {
  it('refuses a loopback address without connecting, naming the cause and the setting', async () => {
    const before = requests.length;
    const id = await declare(strict, { ...AUDIO, downloadUri: `${filesUrl}/call.wav` });
    const final = await waitUntilFinal(strict, id);
    expect(final).toMatchObject({
      status: 'fileDownloadFailed',
      errorCode: 'download_blocked',
      downloaded: null,
    });
    expect(final.errorMessage).toMatch(/127\.0\.0\.1.*PARLEY_ALLOW_PRIVATE_DOWNLOADS/);
    expect(requests.length).toBe(before);
  });

  it('refuses a host name that resolves to a private address (checked after DNS)', async () => {
    const port = new URL(filesUrl).port;
    const id = await declare(strict, { ...AUDIO, downloadUri: `http://localhost:${port}/call.wav` });
    const final = await waitUntilFinal(strict, id);
    expect(final).toMatchObject({ status: 'fileDownloadFailed', errorCode: 'download_blocked' });
    expect(final.errorMessage).toMatch(/localhost resolves to/);
  });

  it('refuses IPv6 loopback and cloud metadata addresses', async () => {
    for (const uri of [
      'http://[::1]:9/x.wav',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:10.0.0.1]/a.wav',
    ]) {
      const id = await declare(strict, { ...AUDIO, downloadUri: uri });
      const final = await waitUntilFinal(strict, id);
      expect(final.status, uri).toBe('fileDownloadFailed');
      expect(final.errorCode, uri).toBe('download_blocked');
    }
  });
});

describe('downloadUri with PARLEY_ALLOW_PRIVATE_DOWNLOADS=true', () => {
  it('fetches the file, sets downloaded, and goes on to processing', async () => {
    const id = await declare(permissive, { ...AUDIO, downloadUri: `${filesUrl}/moved` });
    const final = await waitUntilFinal(permissive, id);
    expect(final.downloaded).not.toBeNull();
    // The shipped voice-activity model and the system's pocketsphinx process it to the end.
    expect(final.status, final.errorMessage ?? '').toBe('processed');
  });

  it('fails with the HTTP status when the file is not there', async () => {
    const id = await declare(permissive, { ...AUDIO, downloadUri: `${filesUrl}/missing.wav` });
    const final = await waitUntilFinal(permissive, id);
    expect(final).toMatchObject({ status: 'fileDownloadFailed', errorCode: 'download_http_error' });
    expect(final.errorMessage).toContain('HTTP 404');
  });

  it('fails when the server is unreachable, after bounded retries', async () => {
    const id = await declare(permissive, { ...AUDIO, downloadUri: 'http://127.0.0.1:1/call.wav' });
    const final = await waitUntilFinal(permissive, id);
    expect(final).toMatchObject({ status: 'fileDownloadFailed', errorCode: 'download_unreachable' });
    expect(final.errorMessage).toMatch(/ECONNREFUSED.*gave up after 2 attempts/);
  });

  it('fails on endless redirects and on a response slower than the timeout', async () => {
    const loop = await declare(permissive, { ...AUDIO, downloadUri: `${filesUrl}/loop` });
    expect(await waitUntilFinal(permissive, loop)).toMatchObject({
      status: 'fileDownloadFailed',
      errorCode: 'download_http_error',
    });
    const slow = await declare(permissive, { ...AUDIO, downloadUri: `${filesUrl}/slow` });
    const final = await waitUntilFinal(permissive, slow);
    expect(final).toMatchObject({ status: 'fileDownloadFailed', errorCode: 'download_timeout' });
    expect(final.errorMessage).toContain('PARLEY_DOWNLOAD_TIMEOUT_MS');
  });
});
