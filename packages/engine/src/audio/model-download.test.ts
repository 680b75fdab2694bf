import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelDownloadError, downloadModel, downloadUrl, type DownloadProgress } from './model-download.js';
import type { ModelSpec } from './models.js';

// The official hosts are unreachable here, so the downloader is exercised against a real HTTP
// server on 127.0.0.1 serving archives built the way the publishers build them.
const tmp = mkdtempSync(join(tmpdir(), 'parley-download-'));
const files = new Map<string, Buffer>();
let server: Server;
let base: string;
const requests: { path: string; range: string | undefined }[] = [];

const archiveSpec = (overrides: Partial<ModelSpec> = {}): ModelSpec => ({
  id: 'test-model',
  dirName: 'sherpa-onnx-test-model',
  kind: 'whisper',
  url: 'unused',
  packaging: 'tar.bz2',
  files: ['encoder.onnx', 'tokens.txt'],
  minBytes: 10,
  languages: ['en'],
  preference: 0,
  ...overrides,
});

beforeAll(async () => {
  const source = join(tmp, 'source');
  mkdirSync(join(source, 'sherpa-onnx-test-model'), { recursive: true });
  writeFileSync(join(source, 'sherpa-onnx-test-model', 'encoder.onnx'), 'x'.repeat(5_000));
  writeFileSync(join(source, 'sherpa-onnx-test-model', 'tokens.txt'), 'a 0\nb 1\n');
  execFileSync('tar', ['-cjf', join(tmp, 'model.tar.bz2'), '-C', source, 'sherpa-onnx-test-model']);
  files.set('/model.tar.bz2', readFileSync(join(tmp, 'model.tar.bz2')));
  files.set('/vad.onnx', Buffer.from('v'.repeat(2_000)));
  files.set('/flaky.tar.bz2', readFileSync(join(tmp, 'model.tar.bz2')));
  // Same length as the real archive, but not bzip2: what a corrupted mirror or proxy serves.
  files.set('/corrupt.tar.bz2', Buffer.alloc(readFileSync(join(tmp, 'model.tar.bz2')).length, 0x5a));
  server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push({ path, range: req.headers.range });
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    // The first request for the flaky file breaks off half way, as a dropped connection does.
    if (path === '/flaky.tar.bz2' && requests.filter((r) => r.path === path).length === 1) {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, body.length >> 1), () => res.destroy());
      return;
    }
    const range = /^bytes=(\d+)-$/u.exec(req.headers.range ?? '');
    if (range !== null) {
      const from = Number(range[1]);
      res.writeHead(206, {
        'content-length': body.length - from,
        'content-range': `bytes ${from}-${body.length - 1}/${body.length}`,
      });
      res.end(body.subarray(from));
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(tmp, { recursive: true, force: true });
});

describe('downloadModel', () => {
  it('downloads, unpacks and checks an archive, reporting progress', async () => {
    const modelsDir = join(tmp, 'models-a');
    const progress: DownloadProgress[] = [];
    const dir = await downloadModel({
      modelsDir,
      spec: archiveSpec(),
      url: `${base}/model.tar.bz2`,
      onProgress: (p) => progress.push(p),
    });
    expect(dir).toBe(join(modelsDir, 'sherpa-onnx-test-model'));
    expect(readFileSync(join(dir, 'tokens.txt'), 'utf8')).toBe('a 0\nb 1\n');
    expect(progress.at(-1)).toEqual({
      receivedBytes: files.get('/model.tar.bz2')?.length,
      totalBytes: files.get('/model.tar.bz2')?.length,
    });
  });

  it('refuses an archive that lacks a file the engine opens, leaving nothing behind', async () => {
    const modelsDir = join(tmp, 'models-b');
    const spec = archiveSpec({ files: ['encoder.onnx', 'decoder.onnx'] });
    await expect(downloadModel({ modelsDir, spec, url: `${base}/model.tar.bz2` })).rejects.toThrow(
      /lacks decoder\.onnx/u,
    );
    expect(existsSync(join(modelsDir, spec.dirName))).toBe(false);
  });

  it('checks a pinned sha256', async () => {
    const body = files.get('/vad.onnx') ?? Buffer.alloc(0);
    const good = createHash('sha256').update(body).digest('hex');
    const spec = archiveSpec({ dirName: 'vad', packaging: 'file', files: ['vad.onnx'], sha256: good });
    const modelsDir = join(tmp, 'models-c');
    const dir = await downloadModel({ modelsDir, spec, url: `${base}/vad.onnx` });
    expect(readFileSync(join(dir, 'vad.onnx'))).toEqual(body);

    const wrong = { ...spec, sha256: '0'.repeat(64) };
    await expect(
      downloadModel({ modelsDir, spec: wrong, url: `${base}/vad.onnx`, force: true }),
    ).rejects.toThrow(/does not match its pinned sha256/u);
  });

  it('rejects error pages and says when the host cannot be reached', async () => {
    const modelsDir = join(tmp, 'models-d');
    await expect(downloadModel({ modelsDir, spec: archiveSpec(), url: `${base}/missing` })).rejects.toThrow(
      /HTTP 404/u,
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      downloadModel({ modelsDir, spec: archiveSpec(), url: `http://127.0.0.1:${port}/model.tar.bz2` }),
    ).rejects.toThrow(/cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/u);
  });

  it('resumes an interrupted transfer with a Range request and checks the whole file', async () => {
    const modelsDir = join(tmp, 'models-e');
    const first = await downloadModel({ modelsDir, spec: archiveSpec(), url: `${base}/flaky.tar.bz2` }).catch(
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(ModelDownloadError);
    expect((first as Error).message).toMatch(/interrupted|cut short/u);
    expect((first as ModelDownloadError).unreachable).toBe(false);
    const body = files.get('/flaky.tar.bz2') ?? Buffer.alloc(0);
    const kept = readFileSync(join(modelsDir, '.download-test-model.part')).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(body.length);

    const progress: DownloadProgress[] = [];
    const dir = await downloadModel({
      modelsDir,
      spec: archiveSpec(),
      url: `${base}/flaky.tar.bz2`,
      onProgress: (p) => progress.push(p),
    });
    expect(requests.filter((r) => r.path === '/flaky.tar.bz2').map((r) => r.range)).toEqual([
      undefined,
      `bytes=${kept}-`,
    ]);
    expect(progress[0]).toEqual({ receivedBytes: kept, totalBytes: body.length });
    expect(readFileSync(join(dir, 'tokens.txt'), 'utf8')).toBe('a 0\nb 1\n');
    expect(existsSync(join(modelsDir, '.download-test-model.part'))).toBe(false);
  });

  it('refuses a corrupt archive and discards it, so the next attempt starts afresh', async () => {
    const modelsDir = join(tmp, 'models-f');
    await expect(
      downloadModel({ modelsDir, spec: archiveSpec(), url: `${base}/corrupt.tar.bz2` }),
    ).rejects.toThrow(/could not be unpacked/u);
    expect(existsSync(join(modelsDir, 'sherpa-onnx-test-model'))).toBe(false);
    expect(existsSync(join(modelsDir, '.download-test-model.part'))).toBe(false);
  });

  it('refuses a file of the wrong size', async () => {
    const modelsDir = join(tmp, 'models-g');
    const body = files.get('/model.tar.bz2') ?? Buffer.alloc(0);
    await expect(
      downloadModel({
        modelsDir,
        spec: archiveSpec({ minBytes: body.length + 1 }),
        url: `${base}/model.tar.bz2`,
      }),
    ).rejects.toThrow(/less than the \d+ the model needs/u);
    expect(existsSync(join(modelsDir, '.download-test-model.part'))).toBe(false);
  });

  it('marks an unreachable host as no network, and fetches from a configured mirror', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const spec = archiveSpec({ url: 'https://example.invalid/releases/model.tar.bz2' });
    expect(downloadUrl(spec, { baseUrl: `${base}/` })).toBe(`${base}/model.tar.bz2`);
    const error = await downloadModel({
      modelsDir: join(tmp, 'models-h'),
      spec,
      baseUrl: `http://127.0.0.1:${port}`,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ unreachable: true });
    // Nothing is left in the models directory by an attempt that got no answer.
    expect(readdirSync(join(tmp, 'models-h'))).toEqual([]);
    const dir = await downloadModel({ modelsDir: join(tmp, 'models-h'), spec, baseUrl: base });
    expect(readFileSync(join(dir, 'tokens.txt'), 'utf8')).toBe('a 0\nb 1\n');
  });
});
