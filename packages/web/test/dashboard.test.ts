import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type AxeCore from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parley, toSrt } from '@parley/client';
import type { Chat } from '@parley/client';
import { startParley } from '@parley/server';
import type { ParleyServer } from '@parley/server';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(webDir, '../..');
const sharedDir = process.env.PARLEY_SHARED_DIR ?? resolve(repoDir, '../shared');
const modelsDir = process.env.PARLEY_MODELS_DIR ?? join(sharedDir, 'models');
const jfkWav = join(sharedDir, 'audio', 'jfk.wav');
/** Looked at by people after a run; git-ignored. */
const screenshots = join(repoDir, 'test-output', 'screenshots');

/** Debian's chromium; the flags keep it off the network this machine does not have. */
const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every wait in the browser has a deadline; processing an 11 s clip on 2 shared cores takes a while. */
const PROCESSING_DEADLINE_MS = 240_000;

/**
 * A real customer-care conversation (TWEETSUMM), turned into an ElevateAI chat 30 s per turn,
 * with one more customer message that carries a card number.
 */
function realChat(): { chat: unknown; customerText: string; agentText: string } {
  const line = readFileSync(join(sharedDir, 'data', 'tweetsumm-customer-care', 'dev.jsonl'), 'utf8').split(
    '\n',
  )[0]!;
  const dialog = JSON.parse(line) as { turns: { role: 'agent' | 'customer'; text: string }[] };
  const start = Date.parse('2024-03-01T10:00:00Z');
  const turns = [
    ...dialog.turns,
    // A card number (a standard test number) for the redaction to hide.
    {
      role: 'customer' as const,
      text: 'My card number is 4111 1111 1111 1111 and it keeps getting declined.',
    },
  ];
  const messages = turns.map((turn, i) => ({
    participant_id: turn.role === 'agent' ? 'agent-1' : 'customer-1',
    timestamp: new Date(start + i * 30_000).toISOString(),
    content: turn.text,
  }));
  return {
    chat: {
      participants: [
        { participant_id: 'agent-1', name: 'Support', role: 'agent' },
        { participant_id: 'customer-1', name: 'Customer', role: 'customer' },
      ],
      messages,
    },
    customerText: dialog.turns.find((t) => t.role === 'customer')!.text,
    agentText: dialog.turns.find((t) => t.role === 'agent')!.text,
  };
}

/** A distinctive word of a message, to find it again after punctuation and redaction. */
function longestWord(text: string): string {
  return text
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length > 0)
    .sort((a, b) => b.length - a.length)[0]!;
}

function buildDashboard(): void {
  const require = createRequire(import.meta.url);
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  // Not emptied first: other test files' servers serve this folder while it is rebuilt.
  execFileSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn', '--emptyOutDir', 'false'], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Nothing on the page may be wider than the window (charts size themselves to their box). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const measure = () =>
    page.evaluate(() => {
      const overflow = document.documentElement.scrollWidth - window.innerWidth;
      // Name the widest offenders, so a failure says where to look.
      const offenders = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      return overflow <= 0 ? 'fits' : `${overflow}px too wide: ${offenders.join(', ')}`;
    });
  await expect.poll(measure).toBe('fits');
}

/**
 * axe-core's WCAG 2.1 A/AA rules (labels, names, contrast, landmarks) on the page as it is now;
 * returns the violations as "rule: where" lines so a failure names them.
 */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof AxeCore }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.impact ?? 'unknown'}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  });
}

async function waitForTerminal(page: Page): Promise<string> {
  const badge = page.locator('.page-head .status');
  await expect
    .poll(async () => badge.getAttribute('data-status'), { timeout: PROCESSING_DEADLINE_MS, interval: 500 })
    .toMatch(/^(processed|\w+Failed)$/);
  return (await badge.getAttribute('data-status'))!;
}

describe('dashboard in a browser against a real server', () => {
  let dataDir: string;
  let server: ParleyServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const token = randomBytes(24).toString('hex');

  beforeAll(async () => {
    buildDashboard();
    mkdirSync(screenshots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
    server = await startParley({
      env: {
        PARLEY_HOST: '127.0.0.1',
        PARLEY_PORT: '0',
        PARLEY_DATA_DIR: dataDir,
        PARLEY_API_TOKENS: token,
        PARLEY_MODELS_DIR: modelsDir,
        PARLEY_LOG_LEVEL: 'warn',
      },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Playwright gives each launch a new, empty user-data-dir of its own.
      args: CHROMIUM_ARGS,
    });
    context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      acceptDownloads: true,
      // Only so axe-core can be injected; the policy itself is checked in dashboard-plugin.test.ts.
      bypassCSP: true,
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in, takes a chat and an audio file, shows their results and exports SRT', async () => {
    const app = `${server.url}/app/`;
    await page.goto(app);
    await expect.poll(() => page.getByLabel('API token').isVisible()).toBe(true);

    // A wrong token is refused with a message, and nothing is stored.
    await page.getByLabel('API token').fill('not-a-token-of-this-server');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('did not accept this token');
    await shot(page, '01-sign-in-refused');

    expect(await accessibilityViolations(page)).toEqual([]);

    // Signing in works from the keyboard alone: Enter in the token field submits.
    await page.getByLabel('API token').fill(token);
    await page.getByLabel('API token').press('Enter');
    await page.getByRole('heading', { name: 'Interactions' }).waitFor();
    await page.getByText('No interactions yet').waitFor();

    // --- A chat, pasted as JSON.
    const { chat, customerText, agentText } = realChat();
    await page.getByRole('link', { name: 'New interaction' }).click();
    await page.getByLabel('Chat JSON', { exact: true }).check();
    // Input that cannot work is refused with a message: first by the page, then by the server.
    await page.locator('#json').fill('{"participants": [');
    await page.getByRole('button', { name: 'Submit' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('not valid JSON');
    const incomplete = {
      participants: [{ participant_id: 'agent-1', role: 'agent' }],
      messages: [{ participant_id: 'agent-1', timestamp: '2024-03-01T10:00:00Z' }],
    };
    const refusal = await new Parley({ baseUrl: `${server.url}/v1`, token }).interactions
      // Deliberately missing `content`, which the types would not allow.
      .declareChat(incomplete as unknown as Chat)
      .then(
        () => 'accepted',
        (error: unknown) => (error as { errorMessage?: string }).errorMessage ?? String(error),
      );
    expect(refusal).not.toBe('accepted');
    await page.locator('#json').fill(JSON.stringify(incomplete));
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(refusal);

    await page.locator('#json').fill(JSON.stringify(chat, null, 2));
    await shot(page, '02-new-chat');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/app\/interactions\/[0-9a-f-]{36}$/);
    const chatId = page.url().split('/').pop()!;
    expect(await waitForTerminal(page)).toBe('processed');

    // Lanes: the agent's and the customer's sentences sit in their own columns, with times.
    const agentLane = page.locator('.sentence.tone-participantOne');
    const customerLane = page.locator('.sentence.tone-participantTwo');
    await agentLane.first().waitFor();
    expect(await agentLane.count()).toBeGreaterThan(0);
    expect(await customerLane.count()).toBeGreaterThan(0);
    expect((await customerLane.allTextContents()).join(' ')).toContain(longestWord(customerText));
    expect((await agentLane.allTextContents()).join(' ')).toContain(longestWord(agentText));
    expect(await page.locator('.sentence .at').first().textContent()).toMatch(/^\d+:\d\d$/);
    // The card number is masked on the page and named as what was removed; its digits appear nowhere.
    const redacted = customerLane.filter({ has: page.locator('mark.redacted') });
    await redacted.first().waitFor();
    expect(await redacted.first().locator('.redaction-note').textContent()).toContain('Credit Card');
    expect(await page.locator('.sentences').textContent()).not.toContain('4111');
    await redacted.first().scrollIntoViewIfNeeded();
    // A chat has no source audio, and says so by not offering playback.
    expect(await page.locator('audio').count()).toBe(0);
    await page.getByRole('heading', { name: 'CX AI' }).waitFor();
    await page.locator('.card .score-timeline svg').first().waitFor();
    await expectNoSidewaysScroll(page);
    await shot(page, '03-chat-detail');
    expect(await accessibilityViolations(page)).toEqual([]);

    // SRT export: the downloaded file is the server's punctuated transcript as the SDK renders it.
    const parley = new Parley({ baseUrl: `${server.url}/v1`, token });
    const punctuated = await parley.interactions.punctuatedTranscript(chatId);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'SRT' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${chatId}.srt`);
    const srt = readFileSync((await download.path())!, 'utf8');
    expect(srt).toBe(toSrt(punctuated));
    expect(srt).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n(Agent|Customer): /);
    expect(srt.match(/^\d+$/gm)?.length).toBe(punctuated.sentenceSegments.length);

    // --- An audio file, uploaded with progress.
    await page.getByRole('link', { name: 'New', exact: true }).click();
    await page.getByLabel('Audio files', { exact: true }).check();
    // Dropped on the drop zone, as a person would drag it from their desktop.
    const dataTransfer = await page.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'jfk.wav', { type: 'audio/wav' }));
      return transfer;
    }, readFileSync(jfkWav).toString('base64'));
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
    await page.getByText('jfk.wav').waitFor();
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('link', { name: 'open the interaction' }).waitFor({ timeout: 60_000 });
    const progress = page.locator('.job progress');
    expect(await progress.evaluate((el: HTMLProgressElement) => el.value === el.max && el.max > 0)).toBe(
      true,
    );
    await shot(page, '04-audio-uploaded');
    await page.getByRole('link', { name: 'open the interaction' }).click();
    await page.waitForURL(/\/app\/interactions\/[0-9a-f-]{36}$/);
    const audioId = page.url().split('/').pop()!;
    const audioStatus = await waitForTerminal(page);
    await shot(page, '05-audio-detail');
    expect(await accessibilityViolations(page)).toEqual([]);

    expect(audioStatus).toBe('processed');
    // The status badge turns before the transcript has been fetched and drawn.
    await page.locator('.sentence .phrase').first().waitFor();
    const words = (await page.locator('.sentence .phrase').allTextContents()).join(' ').toLowerCase();
    expect(words).toContain('country');
    // The file dropped in this tab is still in memory: a sentence click plays from its start.
    const first = page.locator('.sentence button.bubble').first();
    await first.click();
    await expect
      .poll(() => page.locator('audio').evaluate((a: HTMLAudioElement) => !a.paused || a.currentTime > 0))
      .toBe(true);
    // Mono audio: one lane, and the voice activity chart has something to show.
    await page.locator('.lanes-1').waitFor();
    await page.locator('rect.voice').first().waitFor();

    // The recognised phrase-by-phrase transcript goes back in as a third-party transcript.
    const recognised = await parley.interactions.transcript(audioId);
    await page.getByRole('link', { name: 'New', exact: true }).click();
    await page.getByLabel('Transcript JSON', { exact: true }).check();
    await page.locator('#json').fill(JSON.stringify(recognised));
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(
      (url) => !url.pathname.endsWith(audioId) && /\/interactions\/[0-9a-f-]{36}$/.test(url.pathname),
    );
    expect(await waitForTerminal(page)).toBe('processed');
    await page.locator('.sentence .phrase').first().waitFor();
    const given = (await page.locator('.sentence .phrase').allTextContents()).join(' ').toLowerCase();
    expect(given).toContain('country');
    expect(await page.locator('audio').count()).toBe(0);

    // --- The list shows both, finished, with their types.
    await page.getByRole('link', { name: 'Interactions' }).first().click();
    const chatRow = page.locator(`tr[data-id="${chatId}"]`);
    const audioRow = page.locator(`tr[data-id="${audioId}"]`);
    await chatRow.waitFor();
    await audioRow.waitFor();
    await expect.poll(() => chatRow.locator('.status').getAttribute('data-status')).toBe('processed');
    await expect.poll(() => audioRow.locator('.status').getAttribute('data-status')).toBe(audioStatus);
    expect(await chatRow.locator('td[data-label="Type"]').textContent()).toBe('chat');
    expect(await audioRow.locator('td[data-label="Type"]').textContent()).toBe('audio');
    await expect.poll(() => chatRow.locator('td[data-label="Duration"]').textContent()).not.toBe('—');
    await page.getByLabel('Type').selectOption('chat');
    expect(await audioRow.count()).toBe(0);
    expect(await chatRow.count()).toBe(1);
    await page.getByLabel('Type').selectOption('all');
    await shot(page, '06-list');
    expect(await accessibilityViolations(page)).toEqual([]);

    // --- A phone-sized screen: the list becomes cards, the transcript one column.
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await shot(page, '07-list-phone');
    await page.goto(`${app}interactions/${chatId}`);
    await waitForTerminal(page);
    await page.locator('.sentence').first().waitFor();
    await expectNoSidewaysScroll(page);
    await shot(page, '08-chat-detail-phone');
    await page.setViewportSize({ width: 1280, height: 860 });

    // --- Sign out forgets the token, also across a reload.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    await page.reload();
    await page.getByLabel('API token').waitFor();
    expect(
      await page.evaluate(() => [
        sessionStorage.getItem('parley.token'),
        localStorage.getItem('parley.token'),
      ]),
    ).toEqual([null, null]);
  });
});
