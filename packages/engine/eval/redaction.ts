/**
 * Precision and recall of PII redaction per kind, on the labelled lines in eval/redaction/
 * (see its README), with ElevateAI's three policies (the default) as the baseline in the same run.
 *
 *   npm run eval:redaction                  # held-out part: the figures in docs/redaction.md
 *   npm run eval:redaction -- --dev --show  # development part, printing every miss and false hit
 *
 * Chat lines go through the chat tokeniser the service uses; spoken lines are split on spaces,
 * one word per token, as a recogniser gives them. Both then go through the product's redaction.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chatToText,
  OPTIONAL_REDACTION_POLICIES,
  findRedactions,
  REDACTION_RESULTS,
  resolveRedactionPolicies,
  type ParticipantKey,
  type RedactionPolicy,
  type Word,
} from '@parley/engine';

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

const here = dirname(fileURLToPath(import.meta.url));
// dist/eval/redaction.js -> packages/engine/eval/redaction
const dataDir = resolve(here, '../../eval/redaction');
const args = process.argv.slice(2);
const part = args.includes('--dev') ? 'dev' : 'heldout';
const show = args.includes('--show');

type Mode = 'chat' | 'spoken';
// The labels' own names: the opt-in policies, then ElevateAI's three ('ssn' in the data).
const TYPES = [...OPTIONAL_REDACTION_POLICIES, 'creditCard', 'cvv', 'ssn'] as const;
type GoldType = (typeof TYPES)[number];
const POLICY_OF: Record<GoldType, RedactionPolicy> = {
  email: 'email',
  phone: 'phone',
  bankAccount: 'bankAccount',
  sortCode: 'sortCode',
  iban: 'iban',
  postalAddress: 'postalAddress',
  dateOfBirth: 'dateOfBirth',
  passport: 'passport',
  drivingLicence: 'drivingLicence',
  personName: 'personName',
  creditCard: 'creditCard',
  cvv: 'cvv',
  ssn: 'socialSecurity',
};

interface Turn {
  participant: ParticipantKey;
  text: string;
  gold: Array<{ start: number; end: number; type: GoldType }>;
}
interface Item {
  line: number;
  mode: Mode;
  source: string;
  turns: Turn[];
}

function parseTurn(raw: string, line: number): Turn {
  const speaker = raw.slice(0, 2);
  if (speaker !== 'A:' && speaker !== 'C:') throw new Error(`line ${line}: turn must start with A: or C:`);
  let text = '';
  const gold: Turn['gold'] = [];
  const body = raw.slice(2).trim();
  for (let k = 0; k < body.length; k += 1) {
    if (body[k] !== '{') {
      text += body[k];
      continue;
    }
    const colon = body.indexOf(':', k);
    const close = body.indexOf('}', k);
    const type = body.slice(k + 1, colon) as GoldType;
    if (colon < 0 || close < colon || !TYPES.includes(type)) throw new Error(`line ${line}: bad span`);
    const start = text.length;
    text += body.slice(colon + 1, close);
    gold.push({ start, end: text.length, type });
    k = close;
  }
  return { participant: speaker === 'A:' ? 'participantOne' : 'participantTwo', text, gold };
}

function readItems(file: string): Item[] {
  return readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .map((source, index) => ({ source, line: index + 1 }))
    .filter(({ source }) => source.trim().length > 0 && !source.startsWith('#'))
    .map(({ source, line }) => {
      const space = source.indexOf(' ');
      const mode = source.slice(0, space) as Mode;
      if (mode !== 'chat' && mode !== 'spoken') throw new Error(`line ${line}: mode must be chat or spoken`);
      const turns = source
        .slice(space + 1)
        .split(' || ')
        .map((raw) => parseTurn(raw.trim(), line));
      return { line, mode, source, turns };
    });
}

/** The item's words in time order, each with the gold type it carries (if any). */
function wordsOf(item: Item): { words: Word[]; gold: Array<{ type: GoldType; span: number } | undefined> } {
  const words: Word[] = [];
  const gold: Array<{ type: GoldType; span: number } | undefined> = [];
  let spanId = 0;
  const spanIds = item.turns.map((turn) => turn.gold.map(() => spanId++));
  const label = (turnIndex: number, start: number, end: number) => {
    const turn = item.turns[turnIndex];
    const index = turn?.gold.findIndex((g) => start < g.end && end > g.start) ?? -1;
    const span = turn?.gold[index];
    return span === undefined ? undefined : { type: span.type, span: spanIds[turnIndex]?.[index] ?? -1 };
  };
  if (item.mode === 'spoken') {
    let at = 0;
    item.turns.forEach((turn, t) => {
      let cursor = 0;
      for (const text of turn.text.split(' ').filter((w) => w.length > 0)) {
        const start = turn.text.indexOf(text, cursor);
        cursor = start + text.length;
        words.push({ text, startMs: at, endMs: at + 300, confidence: 0.9, participant: turn.participant });
        gold.push(label(t, start, cursor));
        at += 300;
      }
      at += 1000;
    });
    return { words, gold };
  }
  const chat = chatToText({
    participants: [
      { participantId: 'a', role: 'agent' },
      { participantId: 'c', role: 'customer' },
    ],
    messages: item.turns.map((turn, t) => ({
      participantId: turn.participant === 'participantOne' ? 'a' : 'c',
      timestamp: new Date(Date.UTC(2024, 0, 1, 10, 0, t * 20)).toISOString(),
      content: turn.text,
    })),
  });
  const ordered = [...chat.words].sort((a, b) => a.startMs - b.startMs);
  let t = 0;
  let cursor = 0;
  for (const word of ordered) {
    let start = item.turns[t]?.text.indexOf(word.text, cursor) ?? -1;
    while (start < 0 && t + 1 < item.turns.length) {
      t += 1;
      cursor = 0;
      start = item.turns[t]?.text.indexOf(word.text, 0) ?? -1;
    }
    cursor = start + word.text.length;
    words.push(word);
    gold.push(label(t, start, cursor));
  }
  return { words, gold };
}

interface Tally {
  gold: number;
  found: number;
  predicted: number;
  correct: number;
  goldWords: number;
  maskedWords: number;
  byMode: Record<Mode, { gold: number; found: number }>;
}

const RESULT_TYPE = new Map<string, GoldType>(
  TYPES.map((type) => [REDACTION_RESULTS[POLICY_OF[type]] as string, type]),
);

function evaluate(
  items: readonly Item[],
  policies: ReadonlySet<RedactionPolicy>,
  print: boolean,
): Map<GoldType, Tally> {
  const tallies = new Map<GoldType, Tally>(
    TYPES.map((type) => [
      type,
      {
        gold: 0,
        found: 0,
        predicted: 0,
        correct: 0,
        goldWords: 0,
        maskedWords: 0,
        byMode: { chat: { gold: 0, found: 0 }, spoken: { gold: 0, found: 0 } },
      },
    ]),
  );
  for (const item of items) {
    const { words, gold } = wordsOf(item);
    const { spans } = findRedactions(words, policies);
    const masked = new Uint8Array(words.length);
    for (const span of spans) masked.fill(1, span.first, span.last + 1);
    // Gold spans: their words, and whether a predicted span of the same type overlaps them.
    const goldSpans = new Map<number, { type: GoldType; words: number[] }>();
    gold.forEach((g, k) => {
      if (g === undefined) return;
      const entry = goldSpans.get(g.span) ?? { type: g.type, words: [] };
      entry.words.push(k);
      goldSpans.set(g.span, entry);
    });
    for (const { type, words: indices } of goldSpans.values()) {
      const tally = tallies.get(type) as Tally;
      const labelled = spans.some(
        (s) => RESULT_TYPE.get(s.result) === type && indices.some((k) => k >= s.first && k <= s.last),
      );
      const whole = indices.every((k) => masked[k] === 1);
      tally.gold += 1;
      tally.byMode[item.mode].gold += 1;
      tally.goldWords += indices.length;
      tally.maskedWords += indices.filter((k) => masked[k] === 1).length;
      if (labelled && whole) {
        tally.found += 1;
        tally.byMode[item.mode].found += 1;
      } else if (print) {
        const text = indices.map((k) => words[k]?.text).join(' ');
        out(`  miss ${type} line ${item.line}: "${text}"`);
      }
    }
    for (const span of spans) {
      const type = RESULT_TYPE.get(span.result);
      if (type === undefined) continue;
      const tally = tallies.get(type) as Tally;
      tally.predicted += 1;
      let right = false;
      for (let k = span.first; k <= span.last; k += 1) if (gold[k]?.type === type) right = true;
      if (right) tally.correct += 1;
      else if (print) {
        const text = words
          .slice(span.first, span.last + 1)
          .map((w) => w.text)
          .join(' ');
        out(`  false ${type} line ${item.line}: "${text}"`);
      }
    }
  }
  return tallies;
}

function ratio(a: number, b: number): string {
  return b === 0 ? '–' : (a / b).toFixed(2);
}

const items = readItems(`${part}.txt`);
const baseline = evaluate(items, resolveRedactionPolicies([]), false);
if (show) out(`misses and false hits with every policy (${part}):`);
const full = evaluate(items, resolveRedactionPolicies(['all']), show);

const lines: string[] = [
  `Redaction on the ${part} part: ${items.length} conversations (${items.filter((i) => i.mode === 'chat').length} written, ${items.filter((i) => i.mode === 'spoken').length} spoken).`,
  '',
  '| kind | gold spans | baseline P | baseline R | P | R | R written | R spoken | words masked |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const type of TYPES) {
  const b = baseline.get(type) as Tally;
  const f = full.get(type) as Tally;
  lines.push(
    `| ${type} | ${f.gold} | ${ratio(b.correct, b.predicted)} | ${ratio(b.found, b.gold)} | ${ratio(f.correct, f.predicted)} | ${ratio(f.found, f.gold)} | ${ratio(f.byMode.chat.found, f.byMode.chat.gold)} | ${ratio(f.byMode.spoken.found, f.byMode.spoken.gold)} | ${ratio(f.maskedWords, f.goldWords)} |`,
  );
}
const sum = (tallies: Map<GoldType, Tally>, key: 'gold' | 'found' | 'predicted' | 'correct') =>
  [...tallies.values()].reduce((total, tally) => total + tally[key], 0);
lines.push(
  `| all kinds | ${sum(full, 'gold')} | ${ratio(sum(baseline, 'correct'), sum(baseline, 'predicted'))} | ${ratio(sum(baseline, 'found'), sum(baseline, 'gold'))} | ${ratio(sum(full, 'correct'), sum(full, 'predicted'))} | ${ratio(sum(full, 'found'), sum(full, 'gold'))} | | | |`,
);
out(lines.join('\n'));

/**
 * Hostile chat messages of 200,000 characters: time with every policy against the default three
 * in the same run (the default path is the reference), median of three runs each.
 */
function hostileWords(content: string): Word[] {
  return chatToText({
    participants: [{ participantId: 'c', role: 'customer' }],
    messages: [{ participantId: 'c', timestamp: '2024-01-01T10:00:00Z', content }],
  }).words;
}
function medianMs(run: () => void): number {
  const times: number[] = [];
  for (let k = 0; k < 3; k += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1] ?? 0;
}
out('\n| 200,000 hostile characters | words | default three (ms) | every policy (ms) | ratio |');
out('| --- | ---: | ---: | ---: | ---: |');
for (const [name, content] of [
  ['digits', '4'.repeat(200_000)],
  ['digits and spaces', '1 '.repeat(100_000)],
  ['periods', '.'.repeat(200_000)],
  ['@', '@'.repeat(200_000)],
  ['card emoji', '\u{1F4B3}'.repeat(100_000)],
  ['"a@b.co " repeated', 'a@b.co '.repeat(28_571)],
  ['"at dot " repeated', 'at dot '.repeat(28_571)],
  ['"g b " repeated', 'g b '.repeat(50_000)],
] as const) {
  const words = hostileWords(content);
  const base = medianMs(() => findRedactions(words, resolveRedactionPolicies([])));
  const every = medianMs(() => findRedactions(words, resolveRedactionPolicies(['all'])));
  out(
    `| ${name} | ${words.length} | ${base.toFixed(0)} | ${every.toFixed(0)} | ${(every / Math.max(base, 1)).toFixed(2)} |`,
  );
}
