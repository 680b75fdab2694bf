import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_DIR, CHAT_BODY, TOKEN_A, TOKEN_B, declare, useTestServer, waitUntilFinal } from './helpers.js';
import { rawRequest, type RawAnswer } from './raw-http.js';

/**
 * Hostile and careless HTTP input, sent the way a broken client or an attacker would. Whatever
 * arrives: no 5xx, every error body carries `errorMessage`, the server keeps answering, and real
 * work declared in between is processed. PARLEY_FUZZ_RUNS scales the property-based part
 * (the default keeps `npm test` short). The server's memory under 10,000 such requests is
 * measured from outside by `npm run bench:hostile`.
 */
const RUNS = Number(process.env['PARLEY_FUZZ_RUNS'] ?? 150);

const test = useTestServer(
  { PARLEY_MAX_UPLOAD_BYTES: String(4 * 1024 * 1024) },
  {},
  // The storm's own test asserts on every answer, 5xx included.
  { expectNoErrors: false },
);
let host: string;
/** Scaled runs (PARLEY_FUZZ_RUNS) need more than the default minute per test. */
const TIMEOUT_MS = 60_000 + RUNS * 100;
const answers: Array<{ name: string; status: number }> = [];
const validIds: string[] = [];

beforeAll(() => {
  host = new URL(test.url).host;
});

/** The assertions every answer to hostile input must pass. */
function expectCalmRefusal(name: string, answer: RawAnswer | Response, body: string): void {
  answers.push({ name, status: answer.status });
  expect(answer.status, `${name}: ${body.slice(0, 200)}`).toBeLessThan(500);
  if (answer.status >= 400) {
    const parsed = JSON.parse(body) as { errorMessage?: unknown };
    expect(typeof parsed.errorMessage, `${name}: ${body.slice(0, 200)}`).toBe('string');
    expect((parsed.errorMessage as string).length, name).toBeGreaterThan(10);
  }
}

async function raw(name: string, data: string | Buffer): Promise<RawAnswer> {
  const answer = await rawRequest(test.url, data);
  expectCalmRefusal(name, answer, answer.body);
  return answer;
}

async function declareValidChat(): Promise<void> {
  validIds.push(await declare(test, CHAT_BODY));
}

async function newAudioId(): Promise<string> {
  return declare(test, { type: 'audio', languageTag: 'en-us', vertical: 'default' });
}

function request(method: string, path: string, headers: Record<string, string>, body = ''): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== '' && !Object.keys(headers).some((h) => /content-length|transfer-encoding/iu.test(h))) {
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function multipart(
  boundary: string,
  eol = '\r\n',
  disposition = 'Content-Disposition: form-data; name="file"; filename="a.wav"',
): string {
  return [
    `--${boundary}`,
    disposition,
    'Content-Type: audio/wav',
    '',
    'RIFF....WAVEfmt ',
    `--${boundary}--`,
    '',
  ].join(eol);
}

describe('hand-written hostile requests', () => {
  it('refuses malformed multipart uploads with 400, never 500 or silence', async () => {
    const cases: Array<[string, string, string]> = [
      ['no boundary parameter', 'multipart/form-data', multipart('abc')],
      ['boundary differs from the body', 'multipart/form-data; boundary=zzz', multipart('abc')],
      ['LF-only line ends', 'multipart/form-data; boundary=abc', multipart('abc', '\n')],
      [
        'no closing delimiter',
        'multipart/form-data; boundary=abc',
        '--abc\r\nContent-Disposition: form-data; name="f"; filename="a.wav"\r\n\r\nRIFF',
      ],
      [
        'boundary over 256 characters',
        `multipart/form-data; boundary=${'b'.repeat(300)}`,
        multipart('b'.repeat(300)),
      ],
      [
        'file part without Content-Disposition',
        'multipart/form-data; boundary=abc',
        multipart('abc', '\r\n', 'X-Note: none'),
      ],
      ['empty body', 'multipart/form-data; boundary=abc', ''],
    ];
    for (const [name, contentType, body] of cases) {
      const id = await newAudioId();
      const answer = await raw(
        name,
        request(
          'POST',
          `/v1/interactions/${id}/upload`,
          { 'X-API-Token': TOKEN_A, 'Content-Type': contentType },
          body,
        ),
      );
      expect(answer.status, name).toBe(400);
    }
  });

  it('answers 413 at once to an upload whose Content-Length is too large, without waiting for the body', async () => {
    const id = await newAudioId();
    const started = performance.now();
    const answer = await raw(
      'gigantic Content-Length',
      `POST /v1/interactions/${id}/upload HTTP/1.1\r\nHost: ${host}\r\nX-API-Token: ${TOKEN_A}\r\nContent-Type: multipart/form-data; boundary=abc\r\nContent-Length: 99999999999\r\n\r\n--abc\r\n`,
    );
    expect(answer.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('answers protocol-level garbage with the ElevateAI error body', async () => {
    const cases: Array<[string, string, number]> = [
      ['unknown method', `FOO /v1/interactions HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400],
      ['malformed request line', 'GET/ HTTP/1.1 garbage\r\n\r\n', 400],
      [
        'Content-Length and Transfer-Encoding',
        `POST /v1/interactions HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        400,
      ],
      [
        'two different Content-Lengths',
        `POST /v1/interactions HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}`,
        400,
      ],
      [
        'over-long header',
        `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
      ],
      [
        'over-long URL',
        `GET /v1/interactions/${'a'.repeat(20_000)}/status HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        431,
      ],
      [
        'over-long id',
        request('GET', `/v1/interactions/${'a'.repeat(500)}/status`, { 'X-API-Token': TOKEN_A }),
        414,
      ],
      [
        'odd Expect',
        request('POST', '/v1/interactions', { Expect: '200-ok', 'Content-Type': 'application/json' }, '{}'),
        417,
      ],
      ['CONNECT', `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`, 405],
      ['NUL in the path', `GET /v1/inter\u0000actions HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400],
    ];
    for (const [name, data, status] of cases) {
      expect((await raw(name, data)).status, name).toBe(status);
    }
    // Without Host the request is served: the API does not route on it.
    expect((await raw('no Host', 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n')).status).toBe(200);
  });

  it('refuses JSON nested thousands of levels deep, and lying or truncated JSON', async () => {
    const prefix = '{"type":"audio","languageTag":"en-us","vertical":"default","metadata":';
    const cases: Array<[string, string, Record<string, string>]> = [
      ['deep arrays', `${prefix}${'['.repeat(10_000)}${']'.repeat(10_000)}}`, {}],
      ['deep objects', `${prefix}${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, {}],
      ['truncated JSON', '{"type":"chat","languageTag":"en', {}],
      ['Content-Length shorter than the body', '{"type":"chat"}', { 'Content-Length': '5' }],
      ['invalid UTF-8', '{"type":"\xff\xfe"}', {}],
      [
        'duplicate keys',
        '{"type":"chat","type":"audio","TYPE":"x","languageTag":"en-us","vertical":"default"}',
        {},
      ],
      [
        'wrong types',
        '{"type":7,"languageTag":[],"vertical":{},"includeAiResults":"yes","agentChannel":"left"}',
        {},
      ],
    ];
    for (const [name, body, headers] of cases) {
      await raw(
        name,
        request(
          'POST',
          '/v1/interactions',
          { 'X-API-Token': TOKEN_A, 'Content-Type': 'application/json', ...headers },
          body,
        ),
      );
    }
  });

  it('serves nothing outside the dashboard and docs folders', async () => {
    const passwd = await readFile('/etc/passwd', 'utf8').catch(() => 'root:x:0:0');
    for (const path of [
      '/app/../../../../etc/passwd',
      '/app/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/app/assets/..%2f..%2f..%2fpackage.json',
      '/docs/static/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/app/%00',
      '//etc/passwd',
    ]) {
      const answer = await raw(`traversal ${path}`, request('GET', path, {}));
      expect(answer.body.includes(passwd.slice(0, 10)), path).toBe(false);
      expect(answer.body.includes('"devDependencies"'), path).toBe(false);
    }
  });

  it('never lets one tenant read another tenant’s interaction', async () => {
    const id = await declare(test, CHAT_BODY, TOKEN_A);
    for (const path of ['status', 'transcript', 'transcripts/punctuated', 'ai', '']) {
      const response = await test.api(`/v1/interactions/${id}/${path}`, { token: TOKEN_B });
      const body = await response.text();
      expectCalmRefusal(`tenant B ${path}`, response, body);
      expect(response.status).toBe(404);
    }
  });

  it('fails non-audio and truncated audio files with a clear message', async () => {
    const wav = await readFile(join(AUDIO_DIR, 'jfk.wav'));
    const files: Array<[string, Buffer]> = [
      ['text.wav', Buffer.from('this is not audio at all\n'.repeat(100))],
      ['zeros.mp3', Buffer.alloc(4096)],
      ['truncated.wav', wav.subarray(0, 60)],
      ['header-only.wav', wav.subarray(0, 44)],
    ];
    for (const [filename, bytes] of files) {
      const id = await newAudioId();
      const form = new FormData();
      form.append('file', new Blob([bytes]), filename);
      const response = await test.api(`/v1/interactions/${id}/upload`, { method: 'POST', body: form });
      expectCalmRefusal(`upload ${filename}`, response, await response.text());
      const final = await waitUntilFinal(test, id, 60_000);
      expect(final.status, filename).toBe('processingFailed');
      expect(final.errorMessage?.length ?? 0, filename).toBeGreaterThan(20);
    }
  });
});

describe('property-based hostile input', () => {
  const jsonValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.string({
        maxLength: 20_000,
        unit: fc.constantFrom('\\', '.', '💳', '\uD800', '4', ' ', '\u0000', 'a'),
      }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(
        fc.constantFrom(
          'type',
          'TYPE',
          'languageTag',
          'vertical',
          'chat',
          'transcript',
          'messages',
          'participants',
          'content',
          'metadata',
          'downloadUri',
          'agentChannel',
          '__proto__',
          'constructor',
        ),
        tie('value'),
        { maxKeys: 6 },
      ),
    ),
  })).value;

  it(
    'declare bodies: any JSON, any text',
    async () => {
      let count = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            jsonValue.map((value) => JSON.stringify(value) ?? 'null'),
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc
              .record(
                {
                  type: fc.constantFrom('chat', 'transcript', 'audio'),
                  languageTag: fc.constantFrom('en-us', 'ja', '', 'xx-invalid'),
                  vertical: fc.constant('default'),
                  chat: jsonValue,
                  transcript: jsonValue,
                  metadata: jsonValue,
                  downloadUri: fc.oneof(
                    fc.webUrl(),
                    fc.constantFrom(
                      'file:///etc/passwd',
                      'http://127.0.0.1:1/',
                      'http://[::1]/',
                      'http://169.254.169.254/latest',
                    ),
                  ),
                },
                { requiredKeys: ['type'] },
              )
              .map((v) => JSON.stringify(v)),
          ),
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/json; charset=latin1',
            'multipart/form-data',
            'application/x-www-form-urlencoded',
          ),
          async (body, contentType) => {
            const response = await test.api('/v1/interactions', {
              method: 'POST',
              headers: { 'content-type': contentType },
              body,
            });
            expectCalmRefusal('property declare', response, await response.text());
            count += 1;
            if (count % 50 === 0) await declareValidChat();
          },
        ),
        { numRuns: RUNS, seed: 20261129 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'paths, ids and methods',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
          fc.oneof(
            fc.string({
              maxLength: 300,
              unit: fc.constantFrom('a', '/', '.', '%', '2', 'e', 'f', '?', '#', '~', ' ', '\u00e9'),
            }),
            fc.uuid().map((id) => `v1/interactions/${id}/status`),
          ),
          async (method, path) => {
            const url = `/${encodeURI(path)}`;
            const answer = await rawRequest(test.url, request(method, url, { 'X-API-Token': TOKEN_A }));
            expectCalmRefusal(
              `${method} ${url}`,
              answer,
              method === 'HEAD' ? '{"errorMessage":"(no body for HEAD)"}' : answer.body,
            );
          },
        ),
        { numRuns: RUNS, seed: 7 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'multipart framing',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({
            minLength: 0,
            maxLength: 300,
            unit: fc.constantFrom('a', '-', '=', '"', ' ', '\r', '\n', 'z'),
          }),
          fc.constantFrom('\r\n', '\n', '\r', ''),
          fc.boolean(),
          async (boundary, eol, matching) => {
            const id = await newAudioId();
            const answer = await rawRequest(
              test.url,
              request(
                'POST',
                `/v1/interactions/${id}/upload`,
                {
                  'X-API-Token': TOKEN_A,
                  'Content-Type': `multipart/form-data; boundary=${boundary.replace(/[\r\n]/gu, '')}`,
                },
                multipart(matching ? boundary : `${boundary}x`, eol),
              ),
            );
            expectCalmRefusal('property multipart', answer, answer.body);
          },
        ),
        { numRuns: Math.ceil(RUNS / 3), seed: 11 },
      );
    },
    TIMEOUT_MS,
  );
});

describe('after the storm', () => {
  it('still answers, processed every valid interaction, and never sent a 5xx', async () => {
    await declareValidChat();
    expect((await fetch(`${test.url}/healthz`)).status).toBe(200);
    for (const id of validIds) {
      expect((await waitUntilFinal(test, id, 60_000)).status).toBe('processed');
      const ai = await test.api(`/v1/interactions/${id}/ai`);
      expect(ai.status).toBe(200);
    }
    const errors = answers.filter((answer) => answer.status >= 500);
    expect(errors).toEqual([]);
    expect(test.statuses.filter((s) => s.status >= 500)).toEqual([]);
    expect(answers.length).toBeGreaterThan(RUNS);
  });
});
