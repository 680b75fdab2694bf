/**
 * Memory under hostile input: starts the built server as its own process, sends 10,000 malformed
 * and hostile requests (bad and truncated JSON, deep nesting, wrong types, broken multipart,
 * protocol garbage, over-long ids), and prints the server's resident memory as it goes, next to
 * its resident memory after warm-up. The server is measured from outside, so the client's own
 * allocations do not count.
 *
 * Run: npm run bench:hostile  (BENCH_REQUESTS adjusts the count)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 10_000);
const TOKEN = 'bench-token-0123456789abcdef';
const PORT = 18_911;
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const modelsDir = process.env['PARLEY_MODELS_DIR'] ?? resolve(repoRoot, '../shared/models');
const base = `http://127.0.0.1:${PORT}`;

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1] ?? Number.NaN) / 1024;
}

function raw(data: string): Promise<void> {
  return new Promise((resolvePromise) => {
    const socket = net.connect(PORT, '127.0.0.1');
    socket.on('data', () => undefined);
    socket.on('error', () => resolvePromise());
    socket.on('close', () => resolvePromise());
    socket.write(data);
    setTimeout(() => socket.end(), 20);
  });
}

async function declare(body: string): Promise<{ interactionIdentifier?: string }> {
  const response = await fetch(`${base}/v1/interactions`, {
    method: 'POST',
    headers: { 'x-api-token': TOKEN, 'content-type': 'application/json' },
    body,
  });
  return (await response.json()) as { interactionIdentifier?: string };
}

const upload = (id: string, contentType: string, body: string) =>
  `POST /v1/interactions/${id}/upload HTTP/1.1\r\nHost: x\r\nX-API-Token: ${TOKEN}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

const KINDS: Array<[string, (i: number) => Promise<unknown>]> = [
  ['truncated JSON', (i) => declare(`{"type":"chat","x":"${'a'.repeat(i % 5000)}`)],
  ['deep nesting', () => declare(`{"metadata":${'['.repeat(500)}${']'.repeat(500)}}`)],
  [
    'wrong types, long strings',
    (i) =>
      declare(
        JSON.stringify({
          type: 'chat',
          languageTag: 'en-us',
          vertical: 'default',
          chat: { participants: '\\'.repeat(i % 20_000) },
        }),
      ),
  ],
  [
    'broken multipart',
    async () => {
      const { interactionIdentifier: id = 'x' } = await declare(
        JSON.stringify({ type: 'audio', languageTag: 'en-us', vertical: 'default' }),
      );
      await raw(
        upload(
          id,
          'multipart/form-data; boundary=zzz',
          '--abc\r\nContent-Disposition: form-data; name="f"; filename="a.wav"\r\n\r\nRIFF\r\n--abc--\r\n',
        ),
      );
    },
  ],
  [
    'protocol garbage',
    () => raw('FOO / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n'),
  ],
  [
    'over-long ids',
    (i) =>
      fetch(`${base}/v1/interactions/${'a'.repeat(40 + (i % 400))}/status`, {
        headers: { 'x-api-token': TOKEN },
      }).then((r) => r.text()),
  ],
];

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-hostile-'));
  const server = spawn(process.execPath, [join(repoRoot, 'packages/server/dist/main/index.js')], {
    env: {
      ...process.env,
      PARLEY_PORT: String(PORT),
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: TOKEN,
      PARLEY_MODELS_DIR: modelsDir,
      PARLEY_LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    const until = Date.now() + 120_000;
    for (;;) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > until) throw new Error('the server did not start within 120 s');
      await new Promise((r) => setTimeout(r, 500));
    }
    // Warm-up: one of each kind, so lazily loaded code and caches are not counted as growth.
    for (const [, send] of KINDS) await send(0);
    const pid = server.pid ?? 0;
    const start = await rssMiB(pid);
    console.log(`server RSS after warm-up: ${start.toFixed(1)} MiB`);
    const perKind = Math.ceil(REQUESTS / KINDS.length);
    let sent = 0;
    for (const [name, send] of KINDS) {
      for (let i = 0; i < perKind; i++) await send(i);
      sent += perKind;
      const now = await rssMiB(pid);
      console.log(
        `${String(sent).padStart(6)} requests (${name.padEnd(26)}) RSS ${now.toFixed(1)} MiB (+${(now - start).toFixed(1)})`,
      );
    }
    const healthy = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    console.log(
      `after ${sent} hostile requests: growth ${((await rssMiB(pid)) - start).toFixed(1)} MiB; /healthz ${healthy ? 'answers' : 'DOES NOT ANSWER'}`,
    );
  } finally {
    server.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
