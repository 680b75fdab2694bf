/**
 * Scores the CX AI analytics on public labelled data (shared/data) against baselines measured in
 * the same run, prints the score distribution of every model, and times an hour-long transcript.
 *
 *   npm run eval:analytics                 # full evaluation
 *   npm run eval:analytics -- --catalog    # the model catalog as markdown (docs/analytics.md)
 *   npm run eval:analytics -- --limit 200  # at most 200 items per data set (quick look)
 *   npm run eval:analytics -- --only pairs,strategies,politeness,vulnerability,length
 *                                          # only these sections (names: see SECTIONS)
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
  type ClassifierUse,
  type Conversation,
  type Engine,
  type ModelScore,
  linearModelFrom,
  type LinearModelFile,
  type PairSuite,
  resolveModelFile,
  type ParticipantScope,
  runSuite,
  type ScoringMethod,
  type SentenceClassifier,
} from '@parley/engine';
import { chatOf, tweetsummDialogues, ussDialogues, type Turn, type UssSet } from './dialogues.js';
import { auroc, classification, distribution, spearman } from './metrics.js';
import {
  bucketOf,
  dreadditSplit,
  empathyData,
  polarityData,
  readJsonl,
  rudenessData,
  sharedDir,
  suggestionData,
  type Labelled,
} from './train/datasets.js';

/** An engine under evaluation, by the name its column carries. */
interface Named {
  name: string;
  engine: Engine;
}

/** A length baseline may help in either direction; give it the better one so it is a fair opponent. */
function eitherWayAuroc(scores: readonly number[], positive: readonly boolean[]): number {
  const a = auroc(scores, positive);
  return Math.max(a, 1 - a);
}

function eitherWaySpearman(x: readonly number[], y: readonly number[]): number {
  return Math.abs(spearman(x, y));
}

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? join(sharedDir, 'models');
const dataDir = join(sharedDir, 'data');

const args = process.argv.slice(2);
const limitArg = args.indexOf('--limit');
const limit = limitArg >= 0 ? Number(args[limitArg + 1]) : Number.POSITIVE_INFINITY;
const SECTIONS = [
  'pairs',
  'sentiment',
  'care',
  'satisfaction',
  'polarity',
  'strategies',
  'politeness',
  'vulnerability',
  'length',
  'speed',
] as const;
type Section = (typeof SECTIONS)[number];
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set((args[onlyArg + 1] ?? '').split(',')) : undefined;
if (only) {
  const unknown = [...only].filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    process.stderr.write(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}\n`);
    process.exit(2);
  }
}
function runs(section: Section): boolean {
  return only === undefined || only.has(section);
}

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function f3(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

function f1d(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : 'n/a';
}

/** The first `--limit` rows of a data set. */
function limited<T>(rows: T[]): T[] {
  return rows.slice(0, limit);
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
  const tweets = limited(readJsonl<Tweet>(join(dataDir, 'tweeteval-sentiment/val.jsonl')));
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

/** The held-out half of a dialogue set: the other half is where settings such as tone weights are chosen. */
function heldOutHalf(id: string): boolean {
  return bucketOf(id) < 50;
}

async function customerCare(engines: readonly Named[]): Promise<void> {
  const dialogs = limited(tweetsummDialogues()).filter((d) => heldOutHalf(d.id));
  const negative = dialogs.map((d) => d.customerNegative === 1);
  const grateful = dialogs.map((d) => d.customerGratitude === 1);
  const length = dialogs.map((d) =>
    d.turns.filter((t) => t.side === 'customer').reduce((n, t) => n + wordCount(t.text), 0),
  );
  const results = new Map<string, { score: number[]; min: number[]; max: number[] }>();
  for (const { name, engine } of engines) {
    const r = { score: [] as number[], min: [] as number[], max: [] as number[] };
    for (const d of dialogs) {
      const ai = await analyze(engine, d.turns);
      if (name === 'Parley') record(ai);
      r.score.push(score(ai, 'participantTwo', 'Sentiment'));
      r.min.push(score(ai, 'participantTwo', 'Sentiment', 'minScore'));
      r.max.push(score(ai, 'participantTwo', 'Sentiment', 'maxScore'));
    }
    results.set(name, r);
  }
  const neg = (xs: readonly number[]): number[] => xs.map((x) => -x);
  const n = `tweetsumm dev, held-out half (${dialogs.length} dialogues)`;
  for (const field of ['score', 'min'] as const) {
    const [ours, ...others] = engines.map((e) => auroc(neg(results.get(e.name)?.[field] ?? []), negative));
    report(
      `${n}: customer negative, 100 − customer Sentiment ${field === 'min' ? 'minScore' : 'score'}`,
      'AUROC',
      ours ?? NaN,
      [
        ...engines.slice(1).map((e, i): [string, number] => [e.name, others[i] ?? NaN]),
        ['customer words (either direction)', eitherWayAuroc(length, negative)],
      ],
    );
  }
  const [oursMax, ...othersMax] = engines.map((e) => auroc(results.get(e.name)?.max ?? [], grateful));
  report(`${n}: customer gratitude, customer Sentiment maxScore`, 'AUROC', oursMax ?? NaN, [
    ...engines.slice(1).map((e, i): [string, number] => [e.name, othersMax[i] ?? NaN]),
    ['customer words (either direction)', eitherWayAuroc(length, grateful)],
  ]);
}

async function satisfaction(engines: readonly Named[]): Promise<void> {
  const groups: Array<[string, UssSet[]]> = [
    ['multiwoz+sgd', ['multiwoz', 'sgd']],
    ['all four', ['multiwoz', 'sgd', 'redial', 'ccpe']],
  ];
  for (const [label, files] of groups) {
    const dialogs = files.flatMap((f) => limited(ussDialogues(f))).filter((d) => heldOutHalf(d.id));
    const gold = dialogs.map((d) => d.satisfaction);
    const turnCount = dialogs.map((d) => d.turns.length);
    const scores = new Map<string, number[]>();
    for (const { name, engine } of engines) {
      const list: number[] = [];
      for (const d of dialogs) {
        const ai = await analyze(engine, d.turns);
        if (name === 'Parley' && label === 'all four') record(ai);
        list.push(score(ai, 'participantTwo', 'Sentiment'));
      }
      scores.set(name, list);
    }
    const [ours, ...others] = engines.map((e) => spearman(scores.get(e.name) ?? [], gold));
    report(
      `uss ${label} dev, held-out half (${dialogs.length} dialogues): satisfaction 1–5, customer Sentiment`,
      'Spearman',
      ours ?? NaN,
      [
        ...engines.slice(1).map((e, i): [string, number] => [e.name, others[i] ?? NaN]),
        ['turns (either direction)', eitherWaySpearman(turnCount, gold)],
      ],
    );
  }
}

/** Sentence polarity on the SST-2 sentences held out from the polarity model's training (train/datasets.ts). */
async function reviewPolarity(engines: readonly Named[]): Promise<void> {
  const test = polarityData().filter((d) => d.split === 'test');
  const positive = test.map((d) => d.label === 1);
  const sentiment = new Map<string, number[]>();
  for (const { name, engine } of engines) {
    const list: number[] = [];
    for (const d of test)
      list.push(
        score(await analyze(engine, [{ side: 'customer', text: d.text }]), 'participantTwo', 'Sentiment'),
      );
    sentiment.set(name, list);
  }
  const polarity = linearModelFrom(
    JSON.parse(
      readFileSync(resolveModelFile('polarity', 'model.json', undefined), 'utf8'),
    ) as LinearModelFile,
  );
  report(
    `sst-2 held-out sentences (${test.length}): positive, the polarity model alone (never saw them)`,
    'AUROC',
    auroc(
      test.map((d) => polarity.probability(d.tokens)),
      positive,
    ),
    [
      [
        'words (either direction)',
        eitherWayAuroc(
          test.map((d) => d.tokens.length),
          positive,
        ),
      ],
    ],
  );
  const [ours, ...others] = engines.map((e) => auroc(sentiment.get(e.name) ?? [], positive));
  report(
    `sst-2 held-out sentences (${test.length}): positive, customer Sentiment of a one-line chat (fastText part trained on SST-2 train, so not held out for it)`,
    'AUROC',
    ours ?? NaN,
    [
      ...engines
        .slice(1)
        .map((e, i): [string, number] => [
          `${e.name} (its fastText models trained on SST-2 train: not held out for them)`,
          others[i] ?? NaN,
        ]),
      [
        'words (either direction)',
        eitherWayAuroc(
          test.map((d) => d.tokens.length),
          positive,
        ),
      ],
    ],
  );
}

const ESCONV_TARGETS: Array<[string, string[]]> = [
  ['EffectiveQuestioning', ['Question']],
  ['BeEmpathetic', ['Reflection of feelings', 'Affirmation and Reassurance']],
  ['ActiveListening', ['Restatement or Paraphrasing', 'Reflection of feelings']],
  ['RecommendSolution', ['Providing Suggestions']],
];

/**
 * ESConv supporter turns of the held-out dialogues (odd dialogue numbers; the even ones train
 * the empathy model), each as a two-turn chat: the seeker's last turn as the customer, the
 * supporter's reply as the agent.
 */
async function supportStrategies(engines: readonly Named[]): Promise<void> {
  interface Item {
    dialog_index: number;
    context: Array<{ speaker: string; text: string }>;
    response: string;
    strategy: string;
  }
  const items = limited(readJsonl<Item>(join(dataDir, 'esconv-support-strategies/dev.jsonl'))).filter(
    (i) => i.dialog_index % 2 === 1,
  );
  const names = ESCONV_TARGETS.map(([name]) => name);
  const scores = new Map<string, number[]>();
  for (const { name, engine } of engines) {
    for (const item of items) {
      const seeker = [...item.context].reverse().find((c) => c.speaker === 'seeker');
      const turns: Turn[] = [
        ...(seeker ? [{ side: 'customer' as const, text: seeker.text }] : []),
        { side: 'agent', text: item.response },
      ];
      const ai = await analyze(engine, turns);
      for (const model of names) {
        const key = `${name}\t${model}`;
        const list = scores.get(key) ?? [];
        list.push(score(ai, 'participantOne', model));
        scores.set(key, list);
      }
    }
  }
  const length = items.map((i) => wordCount(i.response));
  const questionMark = items.map((i) => (i.response.includes('?') ? 1 : 0));
  const n = `esconv dev, held-out dialogues (${items.length} supporter turns)`;
  for (const [model, targets] of ESCONV_TARGETS) {
    const positive = items.map((i) => targets.includes(i.strategy));
    const [ours, ...others] = engines.map((e) => auroc(scores.get(`${e.name}\t${model}`) ?? [], positive));
    const baselines: Array<[string, number]> = [
      ...engines.slice(1).map((e, i): [string, number] => [e.name, others[i] ?? NaN]),
      ['words (either direction)', eitherWayAuroc(length, positive)],
    ];
    if (model === 'EffectiveQuestioning') baselines.push(['has "?"', auroc(questionMark, positive)]);
    report(`${n}: ${model} vs ${targets.join(' / ')}`, 'AUROC', ours ?? NaN, baselines);
  }
}

/** Wikipedia requests held out from the rudeness model (30% by id), and the hand-labelled held-out agent lines. */
async function politeness(engines: readonly Named[]): Promise<void> {
  const test = rudenessData().filter((d) => d.split === 'test');
  const empathyTest = empathyData().filter((d) => d.split === 'test');
  const suggestionTest = suggestionData().filter((d) => d.split === 'test' && d.source === 'hand-labelled');
  const wiki = test.filter((d) => d.source === 'politeness');
  const sets: Array<[string, Labelled[], string]> = [
    ['stanford-politeness wikipedia, held-out 30% (top vs bottom quartile)', wiki, 'InappropriateAction'],
    ['stanford-politeness wikipedia, held-out 30% (top vs bottom quartile)', wiki, 'BuildRapport'],
    [
      'hand-labelled agent lines, held-out quarter (rude vs polite/neutral)',
      test.filter((d) => d.source === 'hand-labelled'),
      'InappropriateAction',
    ],
    [
      'hand-labelled agent lines, held-out quarter (empathic vs neutral)',
      empathyTest.filter((d) => d.source === 'hand-labelled'),
      'BeEmpathetic',
    ],
    [
      'hand-labelled agent lines, second set, held-out quarter (empathic vs long procedural)',
      empathyTest.filter((d) => d.source === 'hand-labelled-contrast'),
      'BeEmpathetic',
    ],
    [
      'hand-labelled agent lines, held-out quarter (recommendation vs statement of fact or procedural)',
      suggestionTest,
      'RecommendSolution',
    ],
  ];
  for (const [label, rows, model] of sets) {
    // Label 1 is rude (or empathic, or a recommendation): InappropriateAction (100 = none) and
    // BuildRapport should score it low, the others high.
    const rudeness = model === 'InappropriateAction' || model === 'BuildRapport';
    const truth = rows.map((d) => (rudeness ? d.label === 0 : d.label === 1));
    const values = new Map<string, number[]>();
    for (const { name, engine } of engines) {
      const list: number[] = [];
      for (const d of rows)
        list.push(score(await analyze(engine, [{ side: 'agent', text: d.text }]), 'participantOne', model));
      values.set(name, list);
    }
    const [ours, ...others] = engines.map((e) => auroc(values.get(e.name) ?? [], truth));
    const what =
      model === 'InappropriateAction'
        ? 'not rude'
        : model === 'BuildRapport'
          ? 'polite'
          : model === 'BeEmpathetic'
            ? 'empathic'
            : 'recommendation';
    report(`${label} (${rows.length}): ${model}, ${what}`, 'AUROC', ours ?? NaN, [
      ...engines.slice(1).map((e, i): [string, number] => [e.name, others[i] ?? NaN]),
      [
        'words (either direction)',
        eitherWayAuroc(
          rows.map((d) => d.tokens.length),
          truth,
        ),
      ],
    ]);
  }
}

/**
 * Dreaddit, the 40% of posts held out from the distress model (train/datasets.ts): stress, and
 * the financial-hardship subreddits.
 */
async function vulnerability(engines: readonly Named[]): Promise<void> {
  interface Post {
    post_id: string;
    text: string;
    label: 0 | 1;
    subreddit: string;
  }
  const posts = limited(readJsonl<Post>(join(dataDir, 'train/dreaddit/train.jsonl'))).filter(
    (p) => dreadditSplit(p.post_id) === 'test',
  );
  const hardship = new Set(['assistance', 'homeless', 'almosthomeless', 'food_pantry']);
  const tasks: Array<[string, string, boolean[]]> = [
    ['stress', 'EmotionalDistress', posts.map((p) => p.label === 1)],
    ['financial-hardship subreddit', 'FinancialHardship', posts.map((p) => hardship.has(p.subreddit))],
    [
      'any vulnerability subreddit (all but relationships/stress)',
      'Vulnerability',
      posts.map((p) => !['relationships', 'stress'].includes(p.subreddit)),
    ],
  ];
  const values = new Map<string, number[]>();
  for (const { name, engine } of engines) {
    for (const p of posts) {
      const ai = await analyze(engine, [{ side: 'customer', text: p.text }]);
      for (const [, model] of tasks) {
        const key = `${name}\t${model}`;
        const list = values.get(key) ?? [];
        list.push(score(ai, 'participantTwo', model));
        values.set(key, list);
      }
    }
  }
  const length = posts.map((p) => wordCount(p.text));
  for (const [what, model, truth] of tasks) {
    const [ours, ...others] = engines.map((e) => auroc(values.get(`${e.name}\t${model}`) ?? [], truth));
    report(
      `dreaddit train, held-out 40% of posts (${posts.length} Reddit segments as customer text): ${what}, ${model}`,
      'AUROC',
      ours ?? NaN,
      [
        ...engines.slice(1).map((e, i): [string, number] => [e.name, others[i] ?? NaN]),
        ['words (either direction)', eitherWayAuroc(length, truth)],
      ],
    );
  }
}

/**
 * The minimal-pairs suites: the one the test holds to 95% / 90%, the held-out one written after
 * the rules, and a second held-out one written before the trained behaviour models were added.
 */
function minimalPairs(analyzers: ReadonlyArray<{ name: string; analyzer: Analyzer }>): void {
  for (const file of ['minimal-pairs.json', 'minimal-pairs-holdout.json', 'minimal-pairs-holdout-2.json']) {
    const suite = JSON.parse(readFileSync(join(here, '../../eval', file), 'utf8')) as PairSuite;
    const runs = analyzers.map(({ name, analyzer }) => ({ name, ...runSuite(analyzer, suite) }));
    out(
      `\n### Minimal pairs: ${file} (${suite.pairs.length} pairs; share that moves the right way by ≥ ${suite.margin} points)\n`,
    );
    out(`| category | ${runs.map((r) => r.name).join(' | ')} |`);
    out(`|---|${runs.map(() => '---:').join('|')}|`);
    const categories = runs[0]?.categories.map((c) => c.category) ?? [];
    for (const category of [...categories, 'overall']) {
      const cells = runs.map((r) => {
        const c =
          category === 'overall'
            ? { passed: r.results.filter((x) => x.passed).length, total: r.results.length }
            : r.categories.find((x) => x.category === category);
        return c ? `${c.passed}/${c.total} (${((100 * c.passed) / c.total).toFixed(0)}%)` : 'n/a';
      });
      out(`| ${category} | ${cells.join(' | ')} |`);
    }
    const failed = runs[0]?.results.filter((r) => !r.passed) ?? [];
    if (failed.length > 0)
      out(`\nParley fails: ${failed.map((r) => `${r.item.id} (${r.item.model}: ${r.detail})`).join('; ')}`);
  }
}

/**
 * Scores must mean the same on a short and a long call: every model's overall score on held-out
 * customer-care dialogues, then again with 60 neutral turns (verification and hold talk) added at
 * the start of the call, where they separate no turn from the one it answers.
 */
async function lengthStability(engines: readonly Named[]): Promise<void> {
  const suite = JSON.parse(readFileSync(join(here, '../../eval/minimal-pairs.json'), 'utf8')) as PairSuite;
  const neutral = Array.from({ length: 60 }, (_, i): Turn => {
    const line = suite.neutralTurns[i % suite.neutralTurns.length] ?? 'A: Okay.';
    return { side: line.startsWith('A:') ? 'agent' : 'customer', text: line.slice(2).trim() };
  });
  const dialogs = limited(tweetsummDialogues())
    .filter((d) => heldOutHalf(d.id))
    .slice(0, 60);
  out(
    `\n### Length: score change when 60 neutral turns are added at the start (${dialogs.length} held-out tweetsumm dialogues)\n`,
  );
  out(`| engine | model | mean change | largest fall | largest rise |`);
  out(`|---|---|---:|---:|---:|`);
  for (const { name, engine } of engines) {
    const changes = new Map<string, number[]>();
    for (const d of dialogs) {
      const padded = [...neutral, ...d.turns];
      const [a, b] = [await analyze(engine, d.turns), await analyze(engine, padded)];
      for (const scope of ['participantOne', 'participantTwo'] as const) {
        for (const bundle of a[scope].enlightenBundles) {
          for (const m of bundle.models) {
            const after = score(b, scope, m.name);
            const key = `${scope === 'participantOne' ? 'agent' : 'customer'} ${m.name}`;
            const list = changes.get(key) ?? [];
            list.push(after - m.score);
            changes.set(key, list);
          }
        }
      }
    }
    for (const [key, list] of changes) {
      const mean = list.reduce((x, y) => x + y, 0) / list.length;
      const fall = -Math.min(0, ...list);
      const rise = Math.max(0, ...list);
      out(`| ${name} | ${key} | ${f1d(mean)} | ${f1d(fall)}${fall > 10 ? ' (> 10)' : ''} | ${f1d(rise)} |`);
    }
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
  const dialogs = tweetsummDialogues();
  const sentences: Conversation['sentences'] = [];
  const words: Conversation['words'] = [];
  let t = 0;
  outer: for (const d of dialogs) {
    for (const turn of d.turns) {
      const participant: ParticipantScope = turn.side === 'agent' ? 'participantOne' : 'participantTwo';
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

/** Hostile input: 200,000-character runs must analyse in well under a second (timed against a plain scan). */
function hostile(analyzer: Analyzer): void {
  out(`\n### Hostile input (one 200,000-character sentence each)\n`);
  out('| input | analyze() ms | reference: normalise the text once, ms |');
  out('|---|---:|---:|');
  for (const [name, text] of [
    ['backslashes', '\\'.repeat(200_000)],
    ['periods', '.'.repeat(200_000)],
    ['emoji', '😀'.repeat(100_000)],
    ['words "not sorry "', 'not sorry '.repeat(20_000)],
  ] as const) {
    const conversation: Conversation = {
      medium: 'chat',
      languageTag: 'en-US',
      durationMs: 1000,
      words: [],
      sentences: [{ participant: 'participantOne', startMs: 0, endMs: 1000, text, confidence: 1, words: [] }],
      redactions: [],
      voiceActivity: { allParticipants: [], participantOne: [], participantTwo: [] },
      speakerSeparation: 'roles',
    };
    const start = performance.now();
    analyzer.analyze(conversation);
    const ms = performance.now() - start;
    const refStart = performance.now();
    normalizeText(text);
    out(`| ${name} | ${ms.toFixed(0)} | ${(performance.now() - refStart).toFixed(0)} |`);
  }
}

/** How a trained sentence model enters a score, for the catalog table. */
function classifierText(use: ClassifierUse): string {
  const graded = use.graded
    ? use.role === 'for'
      ? `; the highest P closes ${Math.round(use.graded * 100)}% of the distance to 100`
      : `; × (1 − ${use.graded} × the highest P)`
    : '';
  const consistency = use.consistency
    ? `; the mean of 1 − P closes up to ${Math.round(use.consistency * 100)}% of the distance to 100`
    : '';
  const reads = use.reads === 'passage' ? ' read on each sentence with up to four before it in the turn' : '';
  return `the ${use.model} model${reads} above P = ${use.threshold ?? 'its threshold'} (weight ${use.weight}, ${use.role})${graded}${consistency}`;
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
      return `50 + 50 × weighted mean of the sentence tone over the speaker's sentences, weight ln(2 + words) × (1 + ${method.emphasis} × |tone|)² × (1 + ${method.recency} × position from first to last), plus a neutral pseudo-sentence weighing as much as a 5-word sentence of tone ${method.priorTone}; tones within ±${method.neutralBand} count as 0 (beyond it rescaled from 0)${(method.neutralWeight ?? 1) === 0 ? ' and such sentences drop out (recency counts toned sentences only)' : (method.neutralWeight ?? 1) < 1 ? ` and such sentences weigh ${method.neutralWeight} × as much` : ''}; the tone models read a sentence without the idioms whose negator cancels a negative word ("no problem", "never mind") or "still" (decided by the complaint rules), a downtoned sentence ("a little slow") keeps half its tone and a bare acknowledgement ("Good.", "Okay.") has none, a bare courtesy formula ("Thank you.") keeps half; tone = ${1 - method.lexiconWeight} × (${1 - method.polarityWeight} × fastText P(pos) − P(neg) + ${method.polarityWeight} × the polarity model's 2P − 1) + ${method.lexiconWeight} × AFINN tanh(score / 4) (not on the agent's sentences), minus ${method.frustrationWeight} × frustration (complaint words${method.frustrationModel ? ` + the ${method.frustrationModel.model} model above P = ${method.frustrationModel.threshold}, customer sentences only` : ''}) and ${method.shoutWeight} per capitalised word or "!", at least 0.3 × empathy evidence, at most −1 × rudeness evidence`;
    case 'speechRate':
      return `words ÷ speaking minutes; 100 within ${method.idealWpm[0]}–${method.idealWpm[1]} wpm, linear to 0 at ${method.zeroWpm[0]} and ${method.zeroWpm[1]} wpm; needs ≥ 2 s of speech`;
    case 'interruptions':
      return `100 · e^(−(interrupting turns ÷ turns) / ${method.tau})`;
    case 'evidence': {
      const count = (rules: readonly { phrases: readonly string[] }[] | undefined): number =>
        (rules ?? []).reduce((n, r) => n + r.phrases.length, 0);
      const sources = [
        `${count(method.rules.for)} phrases in ${method.rules.for.length} scoped rules`,
        method.rules.against ? `${count(method.rules.against)} phrases against` : '',
        method.restatement ? 'restatement of the customer’s last turn' : '',
        method.classifier ? classifierText(method.classifier) : '',
      ].filter(Boolean);
      const formula =
        method.aggregate === 'once'
          ? '100 · (1 − Π(1 − for)) · Π(1 − against)'
          : method.aggregate === 'rate'
            ? `100 · (1 − e^(−Σ for / ${method.tau})) · Π(1 − against)`
            : `100 · e^(−Σ against / ${method.tau})`;
      const b = blendOf(undefined, method.deadAirWeight);
      return `kind **${method.aggregate}**; sentence evidence from ${sources.join(', ')}: ${formula}${b ? `; ${b}` : ''}`;
    }
    case 'questions':
      return `questions (“?” or, unpunctuated, an interrogative first word): open (${method.openers.length} openers) count 1, closed ${method.closedWeight}; 100 · (1 − e^(−count / (√(n+1) · ${method.tau})))`;
    case 'response':
      return `customer sentences with one of ${method.triggers.length} concern cues, answered when one of the agent's next ${method.withinSentences} sentences has one of ${method.responses.length} response cues: 100 · (answered + 0.5) ÷ (raised + 1)`;
    case 'distress':
      return `per sentence max(rule evidence${method.classifier ? ` and ${classifierText(method.classifier)}` : ''}, (d − ${method.floor}) / (1 − ${method.floor})) with d = 0.3 · P(neg) + 0.7 · (P(sadness) + P(fear)); noisy-OR of the two most distressed sentences`;
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

/**
 * The engine before sentence-level reading, for comparison in the same run: set
 * PARLEY_PREVIOUS_ENGINE to the built engine entry (dist/index.js) of that commit.
 */
async function previousAnalyzer(): Promise<Analyzer | undefined> {
  const path = process.env.PARLEY_PREVIOUS_ENGINE;
  if (!path) return undefined;
  // The previous build exports the same createAnalyzer({ modelsDir }) shape; only that is used.
  const previous = (await import(resolve(path))) as { createAnalyzer: typeof createAnalyzer };
  return previous.createAnalyzer({ modelsDir });
}

async function main(): Promise<void> {
  if (args.includes('--catalog')) {
    printCatalog();
    return;
  }
  out(`# CX AI analytics evaluation`);
  out(`shared data: ${dataDir}\nmodels: ${modelsDir} (trained sentence models: the repository's models/)\n`);
  const analyzer = await createAnalyzer({ modelsDir });
  const lexiconAnalyzer = await createAnalyzer({ modelsDir: undefined });
  const previous = await previousAnalyzer();
  out(
    `analyzer: ${analyzer
      .status()
      .map((s) => s.detail)
      .join('; ')}`,
  );
  out(`AFINN analyzer (same code, lexicon tone): ${lexiconAnalyzer.status()[0]?.detail ?? ''}`);
  out(
    previous
      ? `previous engine: ${process.env.PARLEY_PREVIOUS_ENGINE ?? ''}`
      : 'previous engine: not set (PARLEY_PREVIOUS_ENGINE)',
  );
  const engine = await createEngine({ modelsDir, analyzer });
  const engines: Named[] = [{ name: 'Parley', engine }];
  if (previous)
    engines.push({ name: 'previous engine', engine: await createEngine({ modelsDir, analyzer: previous }) });
  engines.push({
    name: 'AFINN engine',
    engine: await createEngine({ modelsDir, analyzer: lexiconAnalyzer }),
  });
  const fasttext = await loadFastTextClassifier(
    ['tweets.ftz', 'conv.ftz'].map((f) => join(modelsDir, 'sentiment-fasttext-en', f)),
    undefined,
  );
  const lexicon = createLexiconClassifier();

  const started = performance.now();
  if (runs('pairs'))
    minimalPairs([
      { name: 'Parley', analyzer },
      ...(previous ? [{ name: 'previous engine', analyzer: previous }] : []),
    ]);
  if (runs('sentiment')) await sentenceSentiment(fasttext, lexicon, engine);
  if (runs('care')) await customerCare(engines);
  if (runs('satisfaction')) await satisfaction(engines);
  if (runs('polarity')) await reviewPolarity(engines);
  if (runs('strategies')) await supportStrategies(engines);
  if (runs('politeness')) await politeness(engines);
  if (runs('vulnerability')) await vulnerability(engines);

  out(`\n### Held-out results (Parley vs baselines measured in this run)\n`);
  out(
    '| data set: task | metric | Parley | baselines | beats all trivial baselines | beats the previous engine |',
  );
  out('|---|---|---:|---|---|---|');
  for (const r of rows) {
    const trivial = r.baselines.filter(([name]) => !name.includes('engine'));
    const best = Math.max(...trivial.map(([, v]) => (Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY)));
    const prev = r.baselines.find(([name]) => name.startsWith('previous engine'))?.[1];
    out(
      `| ${r.task} | ${r.metric} | ${f3(r.ours)} | ${r.baselines.map(([name, v]) => `${name} ${f3(v)}`).join('; ')} | ${r.ours > best ? 'yes' : 'NO'} | ${prev === undefined ? 'n/a' : r.ours > prev ? 'yes' : 'NO'} |`,
    );
  }
  if (runs('length')) await lengthStability(engines);
  if (seen.size > 0) printDistributions();
  if (runs('speed')) {
    bench(analyzer, fasttext);
    hostile(analyzer);
  }
  out(`\nevaluation took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const e of engines) await e.engine.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
