/**
 * Scores the CX AI analytics on public labelled data (shared/data) against baselines measured in
 * the same run, prints the score distribution of every model, and times an hour-long transcript.
 *
 *   npm run eval:analytics                 # full evaluation
 *   npm run eval:analytics -- --catalog    # the model catalog as markdown (docs/analytics.md)
 *   npm run eval:analytics -- --limit 200  # at most 200 items per data set (quick look)
 *
 * Shared data comes from PARLEY_SHARED_DIR (default <repo>/../shared), models from
 * PARLEY_MODELS_DIR (default <shared>/models). Conversations go through the real engine
 * (chat input -> sentences -> redaction -> analyzer), so the figures are the product's.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  CX_AI_CATALOG,
  createAnalyzer,
  createEngine,
  createLexiconClassifier,
  loadFastTextClassifier,
  normalizeForTextModels as normalizeText,
  type AiResults,
  type Analyzer,
  type ChatInput,
  type Conversation,
  type Engine,
  type ModelScore,
  type ParticipantScope,
  type ScoringMethod,
  type SentenceClassifier,
} from '@parley/engine';
import { auroc, binaryF1, classification, distribution, spearman } from './metrics.js';

/** A length baseline may help in either direction; give it the better one so it is a fair opponent. */
function eitherWayAuroc(scores: readonly number[], positive: readonly boolean[]): number {
  const a = auroc(scores, positive);
  return Math.max(a, 1 - a);
}

function eitherWaySpearman(x: readonly number[], y: readonly number[]): number {
  return Math.abs(spearman(x, y));
}

const here = dirname(fileURLToPath(import.meta.url));
// eval/dist/analytics.js -> repository root
const repoRoot = resolve(here, '../../../..');
const sharedDir = process.env.PARLEY_SHARED_DIR ?? resolve(repoRoot, '../shared');
const modelsDir = process.env.PARLEY_MODELS_DIR ?? join(sharedDir, 'models');
const dataDir = join(sharedDir, 'data');

const args = process.argv.slice(2);
const limitArg = args.indexOf('--limit');
const limit = limitArg >= 0 ? Number(args[limitArg + 1]) : Number.POSITIVE_INFINITY;

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function f3(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

function f1d(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : 'n/a';
}

function readJsonl<T>(path: string): T[] {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
  return rows.slice(0, limit);
}

type Side = 'agent' | 'customer';
interface Turn {
  side: Side;
  text: string;
}

/**
 * The data sets carry no times: messages are placed 20 s apart, which is what a chat of this
 * length looks like. Timing models are therefore "not measurable" here, as for any chat.
 */
function chatOf(turns: readonly Turn[]): ChatInput {
  const base = Date.UTC(2026, 0, 1);
  return {
    participants: [
      { participantId: 'agent', role: 'Agent' },
      { participantId: 'customer', role: 'Customer' },
    ],
    messages: turns
      .filter((t) => t.text.trim() !== '')
      .map((t, i) => ({
        participantId: t.side,
        timestamp: new Date(base + i * 20_000).toISOString(),
        content: t.text,
      })),
  };
}

async function analyze(engine: Engine, turns: readonly Turn[]): Promise<AiResults> {
  const result = await engine.process({
    input: { kind: 'chat', chat: chatOf(turns) },
    languageTag: 'en-US',
    includeAiResults: true,
  });
  return result.ai;
}

function modelScore(ai: AiResults, scope: ParticipantScope, name: string): ModelScore | undefined {
  for (const bundle of ai[scope].enlightenBundles) {
    const found = bundle.models.find((m) => m.name === name);
    if (found) return found;
  }
  return undefined;
}

function score(
  ai: AiResults,
  scope: ParticipantScope,
  name: string,
  field: keyof ModelScore = 'score',
): number {
  const value = modelScore(ai, scope, name)?.[field];
  return typeof value === 'number' ? value : Number.NaN;
}

function wordCount(text: string): number {
  return normalizeText(text)
    .split(' ')
    .filter((t) => /[a-z0-9]/.test(t)).length;
}

/** Every (scope, model) score seen, for the distribution table. */
const seen = new Map<string, number[]>();
function record(ai: AiResults): void {
  for (const scope of ['allParticipants', 'participantOne', 'participantTwo'] as const) {
    for (const bundle of ai[scope].enlightenBundles) {
      for (const m of bundle.models) {
        const key = `${scope}\t${bundle.name}\t${m.name}`;
        const list = seen.get(key) ?? [];
        list.push(m.score);
        seen.set(key, list);
      }
    }
  }
}

interface Row {
  task: string;
  metric: string;
  ours: number;
  baselines: Array<[string, number]>;
}
const rows: Row[] = [];
function report(task: string, metric: string, ours: number, baselines: Array<[string, number]>): void {
  rows.push({ task, metric, ours, baselines });
}

// ---------------------------------------------------------------------------------------------

async function sentenceSentiment(
  fasttext: SentenceClassifier,
  lexicon: SentenceClassifier,
  engine: Engine,
): Promise<void> {
  interface Tweet {
    text: string;
    label: 0 | 1 | 2;
  }
  const tweets = readJsonl<Tweet>(join(dataDir, 'tweeteval-sentiment/val.jsonl'));
  const labels = [0, 1, 2] as const;
  const gold = tweets.map((t) => t.label);
  const argmax = tweets.map((t) => {
    const p = fasttext.sentiment(normalizeText(t.text));
    const best = Math.max(p.negative, p.neutral, p.positive);
    return best === p.negative ? 0 : best === p.positive ? 2 : 1;
  });
  const afinnSign = tweets.map((t) => {
    const p = lexicon.sentiment(normalizeText(t.text));
    return p.positive > 0 ? 2 : p.negative > 0 ? 0 : 1;
  });
  // Through the engine: a one-message chat, the customer's Sentiment score read by its bands.
  const banded: Array<0 | 1 | 2> = [];
  for (const t of tweets) {
    const s = score(
      await analyze(engine, [{ side: 'customer', text: t.text }]),
      'participantTwo',
      'Sentiment',
    );
    banded.push(s <= 40 ? 0 : s > 60 ? 2 : 1);
  }
  const majority = tweets.map(() => 1 as const);
  const ours = classification(argmax, gold, labels);
  const viaBands = classification(banded, gold, labels);
  const afinn = classification(afinnSign, gold, labels);
  const major = classification(majority, gold, labels);
  const n = `tweeteval val (${tweets.length} tweets)`;
  report(`${n}: sentence sentiment, 3-way`, 'macro-recall', ours.macroRecall, [
    ['AFINN sign', afinn.macroRecall],
    ['majority', major.macroRecall],
  ]);
  report(`${n}: sentence sentiment, 3-way`, 'macro-F1', ours.macroF1, [
    ['AFINN sign', afinn.macroF1],
    ['majority', major.macroF1],
  ]);
  report(`${n}: sentence sentiment, 3-way`, 'accuracy', ours.accuracy, [
    ['AFINN sign', afinn.accuracy],
    ['majority', major.accuracy],
  ]);
  report(`${n}: Sentiment score bands (≤40 / 40–60 / >60) via engine`, 'macro-F1', viaBands.macroF1, [
    ['AFINN sign', afinn.macroF1],
    ['majority', major.macroF1],
  ]);
}

async function customerCare(engine: Engine, baseline: Engine): Promise<void> {
  interface Dialog {
    turns: Array<{ role: 'customer' | 'agent'; text: string }>;
    customer_negative: 0 | 1;
    customer_gratitude: 0 | 1;
    contact_type: 'complaint' | 'question' | null;
  }
  const dialogs = readJsonl<Dialog>(join(dataDir, 'tweetsumm-customer-care/dev.jsonl'));
  const ours = { score: [] as number[], min: [] as number[], max: [] as number[] };
  const base = { score: [] as number[], min: [] as number[], max: [] as number[] };
  const length: number[] = [];
  for (const d of dialogs) {
    const turns = d.turns.map((t): Turn => ({ side: t.role, text: t.text }));
    const ai = await analyze(engine, turns);
    record(ai);
    const b = await analyze(baseline, turns);
    ours.score.push(score(ai, 'participantTwo', 'Sentiment'));
    ours.min.push(score(ai, 'participantTwo', 'Sentiment', 'minScore'));
    ours.max.push(score(ai, 'participantTwo', 'Sentiment', 'maxScore'));
    base.score.push(score(b, 'participantTwo', 'Sentiment'));
    base.min.push(score(b, 'participantTwo', 'Sentiment', 'minScore'));
    base.max.push(score(b, 'participantTwo', 'Sentiment', 'maxScore'));
    length.push(turns.filter((t) => t.side === 'customer').reduce((n, t) => n + wordCount(t.text), 0));
  }
  const negative = dialogs.map((d) => d.customer_negative === 1);
  const grateful = dialogs.map((d) => d.customer_gratitude === 1);
  const neg = (xs: number[]): number[] => xs.map((x) => -x);
  const n = `tweetsumm dev (${dialogs.length} dialogues)`;
  report(
    `${n}: customer negative, 100 − customer Sentiment score`,
    'AUROC',
    auroc(neg(ours.score), negative),
    [
      ['AFINN engine', auroc(neg(base.score), negative)],
      ['customer words (either direction)', eitherWayAuroc(length, negative)],
    ],
  );
  report(
    `${n}: customer negative, 100 − customer Sentiment minScore`,
    'AUROC',
    auroc(neg(ours.min), negative),
    [
      ['AFINN engine', auroc(neg(base.min), negative)],
      ['customer words (either direction)', eitherWayAuroc(length, negative)],
    ],
  );
  report(
    `${n}: customer negative, Sentiment score in a negative band (≤40)`,
    'F1',
    binaryF1(
      ours.score.map((s) => s <= 40),
      negative,
    ).f1,
    [
      [
        'AFINN engine',
        binaryF1(
          base.score.map((s) => s <= 40),
          negative,
        ).f1,
      ],
      [
        'all negative',
        binaryF1(
          negative.map(() => true),
          negative,
        ).f1,
      ],
    ],
  );
  report(`${n}: customer gratitude, customer Sentiment maxScore`, 'AUROC', auroc(ours.max, grateful), [
    ['AFINN engine', auroc(base.max, grateful)],
    ['customer words (either direction)', eitherWayAuroc(length, grateful)],
  ]);
}

async function satisfaction(engine: Engine, baseline: Engine): Promise<void> {
  interface Dialog {
    turns: Array<{ role: 'user' | 'system'; text: string }>;
    overall_sat_mean: number;
  }
  const groups: Array<[string, string[]]> = [
    ['multiwoz+sgd', ['multiwoz', 'sgd']],
    ['redial+ccpe', ['redial', 'ccpe']],
  ];
  for (const [label, files] of groups) {
    const dialogs = files.flatMap((f) => readJsonl<Dialog>(join(dataDir, `uss-satisfaction/${f}.dev.jsonl`)));
    const gold = dialogs.map((d) => d.overall_sat_mean);
    const ours = { score: [] as number[], q4: [] as number[], min: [] as number[] };
    const base = { score: [] as number[], q4: [] as number[], min: [] as number[] };
    const turnCount: number[] = [];
    for (const d of dialogs) {
      const turns = d.turns.map((t): Turn => ({
        side: t.role === 'user' ? 'customer' : 'agent',
        text: t.text,
      }));
      const ai = await analyze(engine, turns);
      record(ai);
      const b = await analyze(baseline, turns);
      for (const [target, result] of [
        [ours, ai],
        [base, b],
      ] as const) {
        target.score.push(score(result, 'participantTwo', 'Sentiment'));
        target.q4.push(score(result, 'participantTwo', 'Sentiment', 'quartile4'));
        target.min.push(score(result, 'participantTwo', 'Sentiment', 'minScore'));
      }
      turnCount.push(turns.length);
    }
    const dissatisfied = gold.map((g) => Math.round(g) <= 2);
    const n = `uss ${label} dev (${dialogs.length} dialogues)`;
    report(`${n}: satisfaction 1–5, customer Sentiment score`, 'Spearman', spearman(ours.score, gold), [
      ['AFINN engine', spearman(base.score, gold)],
      ['turns (either direction)', eitherWaySpearman(turnCount, gold)],
    ]);
    report(`${n}: satisfaction 1–5, customer Sentiment quartile4`, 'Spearman', spearman(ours.q4, gold), [
      ['AFINN engine', spearman(base.q4, gold)],
      ['turns (either direction)', eitherWaySpearman(turnCount, gold)],
    ]);
    report(
      `${n}: dissatisfied (≤2), 100 − customer Sentiment minScore`,
      'AUROC',
      auroc(
        ours.min.map((x) => -x),
        dissatisfied,
      ),
      [
        [
          'AFINN engine',
          auroc(
            base.min.map((x) => -x),
            dissatisfied,
          ),
        ],
        ['turns (either direction)', eitherWayAuroc(turnCount, dissatisfied)],
      ],
    );
  }
}

const ESCONV_TARGETS: Array<[string, string[]]> = [
  ['EffectiveQuestioning', ['Question']],
  ['BeEmpathetic', ['Reflection of feelings', 'Affirmation and Reassurance']],
  ['ActiveListening', ['Restatement or Paraphrasing', 'Reflection of feelings']],
  ['RecommendSolution', ['Providing Suggestions']],
];

async function supportStrategies(engine: Engine, baseline: Engine): Promise<void> {
  interface Item {
    response: string;
    strategy: string;
  }
  const items = readJsonl<Item>(join(dataDir, 'esconv-support-strategies/dev.jsonl'));
  const strategies = [...new Set(items.map((i) => i.strategy))].sort();
  const behaviours = [
    'EffectiveQuestioning',
    'BeEmpathetic',
    'ActiveListening',
    'BuildRapport',
    'DemonstrateOwnership',
    'SetExpectations',
    'RecommendSolution',
    'PromoteSelfService',
  ];
  const ours = new Map<string, number[]>(behaviours.map((b) => [b, []]));
  const base = new Map<string, number[]>(behaviours.map((b) => [b, []]));
  const length: number[] = [];
  const questionMark: number[] = [];
  for (const item of items) {
    // The supporter's turn alone, as the agent: which behaviours does it show?
    const turns: Turn[] = [{ side: 'agent', text: item.response }];
    const ai = await analyze(engine, turns);
    const b = await analyze(baseline, turns);
    for (const name of behaviours) {
      ours.get(name)?.push(score(ai, 'participantOne', name));
      base.get(name)?.push(score(b, 'participantOne', name));
    }
    length.push(wordCount(item.response));
    questionMark.push(item.response.includes('?') ? 1 : 0);
  }
  const n = `esconv dev (${items.length} supporter turns)`;
  for (const [name, targets] of ESCONV_TARGETS) {
    const positive = items.map((i) => targets.includes(i.strategy));
    const scores = ours.get(name) ?? [];
    const baselines: Array<[string, number]> = [
      ['AFINN engine', auroc(base.get(name) ?? [], positive)],
      ['words (either direction)', eitherWayAuroc(length, positive)],
    ];
    if (name === 'EffectiveQuestioning') baselines.push(['has "?"', auroc(questionMark, positive)]);
    report(`${n}: ${name} vs ${targets.join(' / ')}`, 'AUROC', auroc(scores, positive), baselines);
    const fired = scores.map((s) => s > 30);
    report(`${n}: ${name} > 30 vs ${targets.join(' / ')}`, 'F1', binaryF1(fired, positive).f1, [
      [
        'everything positive',
        binaryF1(
          positive.map(() => true),
          positive,
        ).f1,
      ],
    ]);
  }
  out(`\n### Which behaviours fire (score > 30) on ESConv supporter turns, by strategy (% of turns)\n`);
  out(
    `| behaviour | ${strategies.map((s) => `${s} (${items.filter((i) => i.strategy === s).length})`).join(' | ')} |`,
  );
  out(`|---|${strategies.map(() => '---:').join('|')}|`);
  for (const name of behaviours) {
    const scores = ours.get(name) ?? [];
    const cells = strategies.map((s) => {
      const idx = items.map((item, i) => (item.strategy === s ? i : -1)).filter((i) => i >= 0);
      const fired = idx.filter((i) => (scores[i] ?? 0) > 30).length;
      return `${((100 * fired) / Math.max(1, idx.length)).toFixed(0)}`;
    });
    out(`| ${name} | ${cells.join(' | ')} |`);
  }
}

async function politeness(engine: Engine, baseline: Engine, lexicon: SentenceClassifier): Promise<void> {
  interface Request {
    request: string;
    normalized_score: number;
    quartile_label: 'polite' | 'impolite' | 'neutral_middle';
  }
  const requests = readJsonl<Request>(join(dataDir, 'stanford-politeness/wikipedia.jsonl'));
  const gold = requests.map((r) => r.normalized_score);
  const models = ['BuildRapport', 'InappropriateAction'];
  const ours = new Map<string, number[]>(models.map((m) => [m, []]));
  const base = new Map<string, number[]>(models.map((m) => [m, []]));
  const afinn: number[] = [];
  const length: number[] = [];
  for (const r of requests) {
    const turns: Turn[] = [{ side: 'agent', text: r.request }];
    const ai = await analyze(engine, turns);
    const b = await analyze(baseline, turns);
    for (const m of models) {
      ours.get(m)?.push(score(ai, 'participantOne', m));
      base.get(m)?.push(score(b, 'participantOne', m));
    }
    const p = lexicon.sentiment(normalizeText(r.request));
    afinn.push(p.positive - p.negative);
    length.push(wordCount(r.request));
  }
  const quartileIdx = requests
    .map((r, i) => (r.quartile_label === 'neutral_middle' ? -1 : i))
    .filter((i) => i >= 0);
  const polite = quartileIdx.map((i) => requests[i]?.quartile_label === 'polite');
  const pick = (xs: readonly number[]): number[] => quartileIdx.map((i) => xs[i] ?? 0);
  const n = `stanford-politeness wikipedia (${requests.length} requests; ${quartileIdx.length} in the top/bottom quartiles)`;
  for (const m of models) {
    const scores = ours.get(m) ?? [];
    report(`${n}: ${m} vs politeness score`, 'Spearman', spearman(scores, gold), [
      ['AFINN engine', spearman(base.get(m) ?? [], gold)],
      ['AFINN score', spearman(afinn, gold)],
      ['words (either direction)', eitherWaySpearman(length, gold)],
    ]);
    report(`${n}: ${m}, polite vs impolite`, 'AUROC', auroc(pick(scores), polite), [
      ['AFINN engine', auroc(pick(base.get(m) ?? []), polite)],
      ['AFINN score', auroc(pick(afinn), polite)],
      ['words (either direction)', eitherWayAuroc(pick(length), polite)],
    ]);
  }
}

function printDistributions(): void {
  out(`\n### Score distribution per model over the tweetsumm + USS conversations (chat)\n`);
  out('| scope | bundle | model | n | mean | sd | p10 | p50 | p90 | distinct | flag |');
  out('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  const timing = new Set(['SpeechVelocity', 'Interruption']);
  for (const [key, values] of seen) {
    const [scope, bundle, name] = key.split('\t');
    const d = distribution(values);
    let flag = '';
    if (d.distinct === 1)
      flag = timing.has(name ?? '') ? 'constant: not measurable in chat (by design)' : 'CONSTANT — broken';
    else if (d.p10 === d.p90) flag = 'mostly one value (p10 = p90)';
    out(
      `| ${scope} | ${bundle} | ${name} | ${d.n} | ${f1d(d.mean)} | ${f1d(d.sd)} | ${f1d(d.p10)} | ${f1d(d.p50)} | ${f1d(d.p90)} | ${d.distinct} | ${flag} |`,
    );
  }
}

/** An hour of call built from real customer-care turns, timed at 150 words a minute. */
function hourLongTranscript(): Conversation {
  interface Dialog {
    turns: Array<{ role: 'customer' | 'agent'; text: string }>;
  }
  const dialogs = readFileSync(join(dataDir, 'tweetsumm-customer-care/dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Dialog);
  const sentences: Conversation['sentences'] = [];
  const words: Conversation['words'] = [];
  let t = 0;
  outer: for (const d of dialogs) {
    for (const turn of d.turns) {
      const participant: ParticipantScope = turn.role === 'agent' ? 'participantOne' : 'participantTwo';
      for (const text of turn.text.match(/[^.!?]+[.!?]*/g) ?? []) {
        const tokens = text.trim().split(/\s+/).filter(Boolean);
        if (tokens.length === 0) continue;
        const sentenceWords = tokens.map((token, i) => ({
          text: token,
          startMs: t + i * 400,
          endMs: t + i * 400 + 350,
          confidence: 0.9,
          participant,
        }));
        sentences.push({
          participant,
          startMs: t,
          endMs: t + tokens.length * 400,
          text: text.trim(),
          confidence: 0.9,
          words: sentenceWords,
        });
        words.push(...sentenceWords);
        t += tokens.length * 400 + 300;
        if (t >= 3_600_000) break outer;
      }
      t += 500;
    }
  }
  return {
    medium: 'transcript',
    languageTag: 'en-US',
    durationMs: t,
    words,
    sentences,
    redactions: [],
    voiceActivity: { allParticipants: [], participantOne: [], participantTwo: [] },
    speakerSeparation: 'given',
  };
}

function bench(analyzer: Analyzer, classifier: SentenceClassifier): void {
  const conversation = hourLongTranscript();
  const timings: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    analyzer.analyze(conversation);
    timings.push(performance.now() - start);
  }
  const startRef = performance.now();
  for (const s of conversation.sentences) classifier.sentiment(normalizeText(s.text));
  const reference = performance.now() - startRef;
  const median = [...timings].sort((a, b) => a - b)[1] ?? Number.NaN;
  out(`\n### Speed: one hour of transcript\n`);
  out(
    `${(conversation.durationMs / 60_000).toFixed(0)} min, ${conversation.words.length} words, ${conversation.sentences.length} sentences: ` +
      `analyze() median of 3 = ${median.toFixed(0)} ms (runs: ${timings.map((x) => x.toFixed(0)).join(', ')} ms); ` +
      `reference, fastText sentiment alone over the same sentences = ${reference.toFixed(0)} ms ` +
      `(ratio ${(median / reference).toFixed(1)}×)`,
  );
}

function describeMethod(method: ScoringMethod): string {
  const blendOf = (sentiment?: number, deadAir?: number): string =>
    [
      sentiment ? `blended ${Math.round(sentiment * 100)}% with the speaker's Sentiment` : '',
      deadAir
        ? `${Math.round(deadAir * 100)}% with a dead-air score 100·e^(−share of >3 s gaps / 0.1) (timed media only)`
        : '',
    ]
      .filter(Boolean)
      .join(', ');
  switch (method.kind) {
    case 'sentiment':
      return "50 + 50 × weighted mean of P(pos) − P(neg) over the speaker's sentences (weight ln(2 + words), plus one neutral pseudo-sentence)";
    case 'speechRate':
      return `words ÷ speaking minutes; 100 within ${method.idealWpm[0]}–${method.idealWpm[1]} wpm, linear to 0 at ${method.zeroWpm[0]} and ${method.zeroWpm[1]} wpm; needs ≥ 2 s of speech`;
    case 'interruptions':
      return `100 · e^(−(interrupting turns ÷ turns) / ${method.tau})`;
    case 'cues': {
      const b = blendOf(method.sentimentWeight, method.deadAirWeight);
      return (
        `${method.cues.length} cue phrases${method.against ? ` (${method.against.length} counter-cues)` : ''}${method.questionsOnly ? ' in questions' : ''}: ` +
        `100 · (1 − e^(−hits / (√(n+1) · ${method.tau})))${method.against ? ' · e^(−counter hits / (√(n+1) · tau))' : ''}` +
        (b ? `; ${b}` : '')
      );
    }
    case 'avoid':
      return `${method.cues.length} cue phrases: 100 · e^(−hits / (√(n+1) · ${method.tau}))${method.sentimentWeight ? `; blended ${Math.round(method.sentimentWeight * 100)}% with min(100, 2 × Sentiment)` : ''}`;
    case 'questions':
      return `questions (“?” or, unpunctuated, an interrogative first word): open (${method.openers.length} openers) count 1, closed ${method.closedWeight}; 100 · (1 − e^(−count / (√(n+1) · ${method.tau})))`;
    case 'response':
      return `customer sentences with one of ${method.triggers.length} concern cues, answered when one of the agent's next ${method.withinSentences} sentences has one of ${method.responses.length} response cues: 100 · (answered + 0.5) ÷ (raised + 1)`;
    case 'indicator':
      return `${method.cues.length} cue phrases in the customer's sentences: 100 · (1 − e^(−mentions / ${method.tau}))`;
    case 'distress':
      return `mean per-sentence distress d = 0.3 · P(neg) + 0.7 · (P(sadness) + P(fear)) and ${method.cues.length} cue phrases: 100 · (1 − (1 − d̄)(1 − (1 − e^(−mentions / ${method.tau}))))`;
    case 'anyOf':
      return `noisy-OR of ${method.models.join(', ')}`;
  }
}

function printCatalog(): void {
  out(
    '| bundle | model | applies to | what it measures | how it is scored | bands (lower exclusive, upper inclusive) | no evidence |',
  );
  out('|---|---|---|---|---|---|---|');
  for (const bundle of CX_AI_CATALOG) {
    for (const m of bundle.models) {
      const bands = m.bands
        .map((b, i) => `${i === 0 ? '0' : String(m.bands[i - 1]?.upTo)}–${b.upTo} ${b.label}`)
        .join('; ');
      const speaker =
        m.speaker === 'agent' ? 'agent' : m.speaker === 'customer' ? 'customer' : 'each participant';
      out(
        `| ${bundle.name} | ${m.name} | ${speaker}; reported in ${m.scopes.join(', ')} | ${m.measures} | ${describeMethod(m.method)} | ${bands} | ${m.prior} |`,
      );
    }
  }
}

async function main(): Promise<void> {
  if (args.includes('--catalog')) {
    printCatalog();
    return;
  }
  out(`# CX AI analytics evaluation`);
  out(`shared data: ${dataDir}\nmodels: ${modelsDir}\n`);
  const analyzer = await createAnalyzer({ modelsDir });
  const lexiconAnalyzer = await createAnalyzer({ modelsDir: undefined });
  out(
    `analyzer: ${analyzer
      .status()
      .map((s) => s.detail)
      .join('; ')}`,
  );
  out(`baseline analyzer: ${lexiconAnalyzer.status()[0]?.detail ?? ''}`);
  const engine = await createEngine({ modelsDir, analyzer });
  const baseline = await createEngine({ modelsDir, analyzer: lexiconAnalyzer });
  const fasttext = await loadFastTextClassifier(
    ['tweets.ftz', 'conv.ftz'].map((f) => join(modelsDir, 'sentiment-fasttext-en', f)),
    undefined,
  );
  const lexicon = createLexiconClassifier();

  const started = performance.now();
  await sentenceSentiment(fasttext, lexicon, engine);
  await customerCare(engine, baseline);
  await satisfaction(engine, baseline);
  await supportStrategies(engine, baseline);
  await politeness(engine, baseline, lexicon);

  out(`\n### Results (ours vs baselines measured in this run)\n`);
  out('| data set: task | metric | Parley | baselines | beats all baselines |');
  out('|---|---|---:|---|---|');
  for (const r of rows) {
    const best = Math.max(...r.baselines.map(([, v]) => (Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY)));
    out(
      `| ${r.task} | ${r.metric} | ${f3(r.ours)} | ${r.baselines.map(([name, v]) => `${name} ${f3(v)}`).join('; ')} | ${r.ours > best ? 'yes' : 'no'} |`,
    );
  }
  printDistributions();
  bench(analyzer, fasttext);
  out(`\nevaluation took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await engine.close();
  await baseline.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
