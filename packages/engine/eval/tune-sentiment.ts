/**
 * Chooses how conversation-level Sentiment is aggregated, on the tuning halves only, and prints
 * the chosen setting's figures on the held-out halves once.
 *
 *   npm run tune:sentiment
 *
 * Conversations go through the real engine (chat input -> sentences -> redaction) and the
 * analyzer's own sentence features; only the aggregation (`toneScore`) and the weights of
 * frustration and of the AFINN lexicon vary. The objective, on the tuning halves (dialogue id
 * bucket ≥ 50, the halves eval:analytics never reports): the mean of TWEETSUMM customer-negativity
 * AUROC and of the USS satisfaction Spearman (mean of MultiWOZ + SGD and all four sets). The
 * frustration model was trained on TWEETSUMM's tuning half, so there it is cross-fitted (see
 * `featuresAt`). Settings that move either side's score by more than 10 points on a tuning-half
 * dialogue when 60 neutral turns come first are not candidates. Under load this takes several minutes: each setting of the weights re-reads
 * every sentence.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CX_AI_CATALOG,
  conversationOf,
  type BundleDefinition,
  type Conversation,
  createEngine,
  FeatureExtractor,
  loadFastTextClassifier,
  type LinearModel,
  linearModelFrom,
  loadLinearModel,
  resolveModelFile,
  SENTENCE_MODELS,
  type SentenceFeatures,
  type ToneAggregation,
  toneScore,
} from '@parley/engine';
import { chatOf, tweetsummDialogues, ussDialogues, USS_SETS, type Turn, type UssSet } from './dialogues.js';
import { auroc, spearman } from './metrics.js';
import { bucketOf, frustrationData, sharedDir } from './train/datasets.js';
import { toFile, train, type TrainOptions } from './train/logistic.js';
import { SPECS } from './train/specs.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? join(sharedDir, 'models');

interface Dialogue {
  id: string;
  set: 'tweetsumm' | UssSet;
  turns: Turn[];
  /** TWEETSUMM: customer negative; USS: satisfaction 1–5. */
  gold: number;
}

function dialogues(): Dialogue[] {
  return [
    ...tweetsummDialogues().map((d): Dialogue => ({
      id: d.id,
      set: 'tweetsumm',
      turns: d.turns,
      gold: d.customerNegative,
    })),
    ...USS_SETS.flatMap((set) =>
      ussDialogues(set).map((d): Dialogue => ({ id: d.id, set, turns: d.turns, gold: d.satisfaction })),
    ),
  ];
}

/** The engine's own sentences of every dialogue: an analyzer that keeps the conversation and scores nothing. */
async function conversations(list: readonly Dialogue[]): Promise<Conversation[]> {
  let captured: Conversation | undefined;
  const engine = await createEngine({
    modelsDir,
    analyzer: {
      analyze(conversation) {
        captured = conversation;
        return { allParticipants: [], participantOne: [], participantTwo: [] };
      },
      status: () => [],
    },
  });
  const out: Conversation[] = [];
  for (const d of list) {
    captured = undefined;
    await engine.process({
      input: { kind: 'chat', chat: chatOf(d.turns) },
      languageTag: 'en-US',
      includeAiResults: true,
    });
    if (!captured) throw new Error(`${d.id}: the engine did not analyse it`);
    out.push(captured);
  }
  await engine.close();
  return out;
}

/** The catalog with other Sentiment settings. */
function withTone(change: { frustrationWeight: number; lexiconWeight: number }): BundleDefinition[] {
  return CX_AI_CATALOG.map((bundle) => ({
    ...bundle,
    models: bundle.models.map((m) =>
      m.method.kind === 'sentiment' ? { ...m, method: { ...m.method, ...change } } : m,
    ),
  }));
}

/** A frustration model trained on one fold of the tuning dialogues, as the shipped one is trained on all of them. */
function foldModel(fold: 'a' | 'b'): LinearModel {
  const spec = SPECS.frustration;
  if (!spec) throw new Error('no frustration spec');
  const options: TrainOptions = { name: 'frustration', label: spec.label, ...spec.options };
  const data = frustrationData(fold);
  const trained = train(
    data.filter((d) => d.split === 'train'),
    options,
  );
  return linearModelFrom(toFile(trained, options, 0.5));
}

interface Figures {
  tweetsumm: number;
  mwozSgd: number;
  allFour: number;
}

function figures(
  list: readonly Dialogue[],
  features: readonly SentenceFeatures[][],
  how: ToneAggregation,
  part: (d: Dialogue) => boolean,
): Figures {
  const scores = features.map(
    (f) =>
      toneScore(
        f.filter((s) => s.participant === 'participantTwo'),
        how,
      ) ?? 50,
  );
  const pick = (sets: readonly string[]): { s: number[]; g: number[] } => {
    const s: number[] = [];
    const g: number[] = [];
    list.forEach((d, i) => {
      if (!sets.includes(d.set) || !part(d)) return;
      s.push(scores[i] ?? 50);
      g.push(d.gold);
    });
    return { s, g };
  };
  const t = pick(['tweetsumm']);
  const m = pick(['multiwoz', 'sgd']);
  const a = pick(['multiwoz', 'sgd', 'redial', 'ccpe']);
  return {
    tweetsumm: auroc(
      t.s.map((x) => -x),
      t.g.map((g) => g === 1),
    ),
    mwozSgd: spearman(m.s, m.g),
    allFour: spearman(a.s, a.g),
  };
}

// Customer care and satisfaction count equally.
const objective = (f: Figures): number => (f.tweetsumm + (f.mwozSgd + f.allFour) / 2) / 2;
const show = (f: Figures): string =>
  `tweetsumm AUROC ${f.tweetsumm.toFixed(3)}, USS MultiWOZ+SGD ${f.mwozSgd.toFixed(3)}, all four ${f.allFour.toFixed(3)}`;

async function main(): Promise<void> {
  const list = dialogues();
  const tune = (d: Dialogue): boolean => bucketOf(d.id) >= 50;
  const heldOut = (d: Dialogue): boolean => !tune(d);
  const convs = await conversations(list);
  const classifier = await loadFastTextClassifier(
    ['tweets.ftz', 'conv.ftz'].map((f) => join(modelsDir, 'sentiment-fasttext-en', f)),
    join(modelsDir, 'emotion-fasttext-en', 'emotion.ftz'),
  );
  const shipped = new Map<string, LinearModel>();
  for (const name of SENTENCE_MODELS)
    shipped.set(name, loadLinearModel(resolveModelFile(name, 'model.json', undefined)));
  // The frustration model learnt from the tuning half of TWEETSUMM: there each dialogue is read by
  // the model trained on the other fold, so the settings are not chosen on what it memorised.
  const folds = { a: foldModel('a'), b: foldModel('b') };
  const modelsFor = (fold: 'a' | 'b'): ReadonlyMap<string, LinearModel> =>
    new Map([...shipped, ['frustration', folds[fold]]]);
  const featuresAt = (catalog: BundleDefinition[], forTuning: boolean): SentenceFeatures[][] => {
    const plain = new FeatureExtractor(catalog, classifier, shipped);
    const byFold = {
      a: new FeatureExtractor(catalog, classifier, modelsFor('a')),
      b: new FeatureExtractor(catalog, classifier, modelsFor('b')),
    };
    return convs.map((c, i) => {
      const d = list[i] as Dialogue;
      const b = bucketOf(d.id);
      // Fold a trained on buckets 50–74, so it reads 75–99, and the other way round.
      const extractor =
        forTuning && d.set === 'tweetsumm' && b >= 50 ? (b < 75 ? byFold.b : byFold.a) : plain;
      return extractor.extract(c).sentences;
    });
  };
  // Product constraints, not figures: one clearly negative customer line must read below the
  // neutral band (≤ 40) and one clearly positive line above it (≥ 60), so a strong neutral prior
  // cannot hide a short chat's tone. For the same reason the prior stops at 1: at 1.5 the
  // tuning halves rank slightly better (objective 0.604 at 1.5 against 0.595) but one curt
  // agent reply lands within 10 points of an apology (sentiment.test.ts).
  const probes: Array<[string, (score: number) => boolean]> = [
    ['C: This is the worst service I have ever had.', (x) => x <= 40],
    ["C: Thank you, that's brilliant, really helpful.", (x) => x >= 60],
  ];
  // Scores must mean the same on a short and a long call: on every tuning-half dialogue, neither
  // side's score may move by more than 10 when the 60 neutral turns of eval:analytics' length
  // check (verification and hold talk) come first. A sentence's tone does not depend on the
  // sentences around it, so the padded call's sentences are the neutral call's and the dialogue's.
  const suite = JSON.parse(readFileSync(join(here, '../../eval/minimal-pairs.json'), 'utf8')) as {
    neutralTurns: string[];
  };
  const neutralTurns = Array.from({ length: 60 }, (_, i) => {
    const line = suite.neutralTurns[i % suite.neutralTurns.length] ?? 'A: Okay.';
    return {
      side: line.startsWith('A:') ? ('agent' as const) : ('customer' as const),
      text: line.slice(2).trim(),
    };
  });
  const [neutralCall] = await conversations([
    { id: 'neutral', set: 'tweetsumm', turns: neutralTurns, gold: 0 },
  ]);
  if (!neutralCall) throw new Error('the neutral turns gave no conversation');
  const tuningIndices = list.flatMap((d, i) => (tune(d) ? [i] : []));
  const largestLengthChange = (
    features: readonly SentenceFeatures[][],
    neutral: readonly SentenceFeatures[],
    how: ToneAggregation,
  ): number => {
    let largest = 0;
    for (const i of tuningIndices) {
      for (const scope of ['participantOne', 'participantTwo'] as const) {
        const own = (features[i] ?? []).filter((s) => s.participant === scope);
        const padded = [...neutral.filter((s) => s.participant === scope), ...own];
        const change = Math.abs((toneScore(padded, how) ?? 50) - (toneScore(own, how) ?? 50));
        largest = Math.max(largest, change);
      }
    }
    return largest;
  };
  const grid: Array<{
    frustrationWeight: number;
    lexiconWeight: number;
    how: ToneAggregation;
    length: number;
    f: Figures;
  }> = [];
  for (const [frustrationWeight, lexiconWeight] of [
    [0, 0],
    [0.5, 0],
    [1, 0],
    [0.5, 0.25],
    [0.5, 0.5],
  ] as const) {
    const catalog = withTone({ frustrationWeight, lexiconWeight });
    const features = featuresAt(catalog, true);
    const probeExtractor = new FeatureExtractor(catalog, classifier, shipped);
    const probeFeatures = probes.map(([line]) => probeExtractor.extract(conversationOf([line])).sentences);
    const neutral = probeExtractor.extract(neutralCall).sentences;
    for (const emphasis of [2, 4, 8])
      for (const recency of [0, 0.5, 1])
        for (const priorTone of [0, 0.5, 1])
          for (const neutralBand of [0, 0.3, 0.4])
            for (const neutralWeight of [1, 0.5, 0]) {
              const how = { emphasis, recency, priorTone, neutralBand, neutralWeight };
              const length = largestLengthChange(features, neutral, how);
              const fits =
                probes.every(([, ok], i) => ok(toneScore(probeFeatures[i] ?? [], how) ?? 50)) && length <= 10;
              if (fits)
                grid.push({
                  frustrationWeight,
                  lexiconWeight,
                  how,
                  length,
                  f: figures(list, features, how, tune),
                });
            }
    process.stdout.write(`frustration ${frustrationWeight}, lexicon ${lexiconWeight}: features extracted\n`);
  }
  grid.sort((a, b) => objective(b.f) - objective(a.f));
  process.stdout.write(`\ntop settings on the tuning halves:\n`);
  for (const g of grid.slice(0, 10))
    process.stdout.write(
      `  frustration ${g.frustrationWeight}, lexicon ${g.lexiconWeight} ${JSON.stringify(g.how)}: ${show(g.f)}; largest change with 60 neutral turns ${g.length.toFixed(1)}\n`,
    );
  const best = grid[0];
  if (!best) return;
  const features = featuresAt(
    withTone({ frustrationWeight: best.frustrationWeight, lexiconWeight: best.lexiconWeight }),
    false,
  );
  process.stdout.write(
    `\nbest: frustration ${best.frustrationWeight}, lexicon ${best.lexiconWeight} ${JSON.stringify(best.how)}\n  held-out halves, shipped models: ${show(figures(list, features, best.how, heldOut))}\n`,
  );
}
main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
