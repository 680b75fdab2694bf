import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startParley, verifyWebhook } from '@parley/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBackend } from './backend.js';
import {
  CHAT_BODY,
  MODELS_DIR,
  TOKEN_A,
  TOKEN_B,
  declare,
  declareProcessed,
  json,
  useTestServer,
  waitUntilFinal,
  type TestServer,
} from './helpers.js';
import { startWebhookReceiver, type ReceivedCall, type WebhookReceiver } from './webhook-receiver.js';

let receiver: WebhookReceiver;
let secretA: string;

const WEBHOOK_ENV = {
  PARLEY_ALLOW_PRIVATE_DOWNLOADS: 'true',
  PARLEY_WEBHOOK_RETRY_BASE_MS: '50',
  PARLEY_WEBHOOK_MAX_ATTEMPTS: '3',
  PARLEY_WEBHOOK_TIMEOUT_MS: '2000',
};

async function settings(server: TestServer, token = TOKEN_A) {
  const response = await server.api('/v1/webhook', { token });
  expect(response.status).toBe(200);
  return (await response.json()) as { callbackUri: string | null; signingSecret: string };
}

const callsFor = (path: string) => (calls: ReceivedCall[]) => calls.filter((c) => c.path === path);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
});

const test = useTestServer(WEBHOOK_ENV);
const strict = useTestServer();

beforeAll(async () => {
  secretA = (await settings(test)).signingSecret;
});

describe('webhooks', () => {
  it('gives each tenant its own signing secret', async () => {
    expect(secretA).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect((await settings(test, TOKEN_B)).signingSecret).not.toBe(secretA);
    expect((await settings(test)).signingSecret).toBe(secretA);
  });

  it('POSTs {interactionIdentifier, status, errorMessage} to the callbackUri once processed, signed', async () => {
    const id = await declareProcessed(test, { ...CHAT_BODY, callbackUri: `${receiver.url}/processed` });
    const [call] = callsFor('/processed')(
      await receiver.waitFor((c) => callsFor('/processed')(c).length > 0),
    );
    expect(JSON.parse(call?.body ?? '')).toEqual({
      interactionIdentifier: id,
      status: 'processed',
      errorMessage: null,
    });
    expect(call?.headers['content-type']).toBe('application/json');
    const signature = String(call?.headers['parley-signature']);
    expect(verifyWebhook(secretA, call?.body ?? '', signature)).toBe(true);
    expect(verifyWebhook(secretA, `${call?.body ?? ''} `, signature)).toBe(false);
    expect(verifyWebhook((await settings(test, TOKEN_B)).signingSecret, call?.body ?? '', signature)).toBe(
      false,
    );
  });

  it('accepts the field under other spellings and echoes it', async () => {
    const id = await declare(test, { ...CHAT_BODY, CallbackURL: `${receiver.url}/spelled` });
    const echoed = (await (await test.api(`/v1/interactions/${id}`)).json()) as { callbackUri: string };
    expect(echoed.callbackUri).toBe(`${receiver.url}/spelled`);
    await receiver.waitFor((c) => callsFor('/spelled')(c).length > 0);
  });

  it('reports a failure status with its errorMessage', async () => {
    const id = await declare(test, {
      type: 'audio',
      languageTag: 'en-us',
      vertical: 'default',
      downloadUri: `${receiver.url}/no-such-file.wav`,
      callbackUri: `${receiver.url}/failed`,
    });
    receiver.answer = (call) => (call.path === '/no-such-file.wav' ? 404 : 204);
    const final = await waitUntilFinal(test, id);
    expect(final.status).toBe('fileDownloadFailed');
    const [call] = callsFor('/failed')(await receiver.waitFor((c) => callsFor('/failed')(c).length > 0));
    expect(JSON.parse(call?.body ?? '')).toEqual({
      interactionIdentifier: id,
      status: 'fileDownloadFailed',
      errorMessage: final.errorMessage,
    });
    expect(final.errorMessage).toMatch(/404/);
  });

  it('retries a receiver that answers 5xx, with the same delivery id, until it accepts', async () => {
    let failuresLeft = 2;
    receiver.answer = (call) => (call.path === '/flaky' && failuresLeft-- > 0 ? 503 : 204);
    const id = await declare(test, { ...CHAT_BODY, callbackUri: `${receiver.url}/flaky` });
    const calls = callsFor('/flaky')(await receiver.waitFor((c) => callsFor('/flaky')(c).length >= 3));
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers['parley-webhook-id'])).size).toBe(1);
    expect(calls.map((c) => c.headers['parley-webhook-attempt'])).toEqual(['1', '2', '3']);
    expect(JSON.parse(calls[2]?.body ?? '')).toMatchObject({
      interactionIdentifier: id,
      status: 'processed',
    });
  });

  it("uses the tenant's callback URL for interactions without their own, and only that tenant's", async () => {
    const put = await test.api('/v1/webhook', {
      ...json({ callbackUri: `${receiver.url}/tenant-a` }),
      method: 'PUT',
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { callbackUri: string }).callbackUri).toBe(`${receiver.url}/tenant-a`);
    const mine = await declare(test, CHAT_BODY);
    const theirs = await declare(test, CHAT_BODY, TOKEN_B);
    await waitUntilFinal(test, theirs, 60_000, TOKEN_B);
    const calls = callsFor('/tenant-a')(await receiver.waitFor((c) => callsFor('/tenant-a')(c).length > 0));
    expect(
      calls.map((c) => (JSON.parse(c.body) as { interactionIdentifier: string }).interactionIdentifier),
    ).toEqual([mine]);
    await test.api('/v1/webhook', { ...json({ callbackUri: null }), method: 'PUT' });
  });

  it('refuses callback URLs that are not http(s), and private ones on a server that forbids them', async () => {
    const ftp = await test.api('/v1/interactions', {
      ...json({ ...CHAT_BODY, callbackUri: 'ftp://example.com/x' }),
    });
    expect(ftp.status).toBe(400);
    expect(((await ftp.json()) as { errorMessage: string }).errorMessage).toMatch(
      /callbackUri.*http or https/,
    );
    const loopback = await strict.api('/v1/webhook', {
      ...json({ callbackUri: `${receiver.url}/x` }),
      method: 'PUT',
    });
    expect(loopback.status).toBe(400);
    expect(((await loopback.json()) as { errorMessage: string }).errorMessage).toMatch(
      /PARLEY_ALLOW_PRIVATE_DOWNLOADS/,
    );
  });

  it('never calls a private address on a server that forbids them, even when declared with one', async () => {
    await declareProcessed(strict, { ...CHAT_BODY, callbackUri: `${receiver.url}/forbidden` });
    // The same server delivers to nobody else meanwhile, so a later chat's processing bounds the wait.
    await waitUntilFinal(strict, await declare(strict, CHAT_BODY));
    await new Promise((r) => setTimeout(r, 1500));
    expect(callsFor('/forbidden')(receiver.calls)).toHaveLength(0);
  });
});

describe('webhook delivery across a restart', () => {
  it('delivers after the server restarts a notification it could not deliver before stopping', async () => {
    // A port with nothing listening: the first server's attempts fail.
    const placeholder = await startWebhookReceiver();
    const port = placeholder.port;
    await placeholder.close();

    const dataDir = await mkdtemp(join(tmpdir(), 'parley-webhook-restart-'));
    const backend = await provisionBackend(dataDir);
    const env = {
      PARLEY_PORT: '0',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_TOKENS: TOKEN_A,
      PARLEY_MODELS_DIR: MODELS_DIR,
      PARLEY_LOG_LEVEL: 'silent',
      PARLEY_WORKER_ID: 'webhook-restart',
      ...WEBHOOK_ENV,
      PARLEY_WEBHOOK_RETRY_BASE_MS: '200',
      PARLEY_WEBHOOK_MAX_ATTEMPTS: '20',
      ...backend.env,
    };
    let late: WebhookReceiver | undefined;
    try {
      const first = await startParley({ env });
      const response = await fetch(`${first.url}/v1/interactions`, {
        ...json({ ...CHAT_BODY, callbackUri: `http://127.0.0.1:${port}/late` }),
        headers: { 'content-type': 'application/json', 'x-api-token': TOKEN_A },
      });
      const { interactionIdentifier: id } = (await response.json()) as { interactionIdentifier: string };
      for (let i = 0; i < 600; i++) {
        const status = (await (
          await fetch(`${first.url}/v1/interactions/${id}/status`, { headers: { 'x-api-token': TOKEN_A } })
        ).json()) as { status: string };
        if (status.status === 'processed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await first.close();

      late = await startWebhookReceiver(port);
      const second = await startParley({ env });
      try {
        const calls = await late.waitFor((c) => c.length > 0);
        expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
          interactionIdentifier: id,
          status: 'processed',
          errorMessage: null,
        });
      } finally {
        await second.close();
      }
    } finally {
      await late?.close();
      await backend.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
