/**
 * Trains one sentence model and writes models/<name>/model.json at the repository root.
 *
 *   npm run train:empathy | train:rudeness | train:polarity | train:suggestion | train:distress
 *
 * Deterministic: fixed splits (datasets.ts), a seeded shuffle, no threads. Prints the held-out
 * AUROC next to a length baseline from the same split.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Labelled,
  empathyData,
  polarityData,
  repoRoot,
  rudenessData,
  suggestionData,
  distressData,
} from './datasets.js';
import { bestThreshold, toFile, train, type TrainOptions } from './logistic.js';

interface Spec {
  label: string;
  data: () => Labelled[];
  options: Omit<TrainOptions, 'name' | 'label'>;
}

const SPECS: Record<string, Spec> = {
  empathy: {
    label: 'empathy',
    data: empathyData,
    options: { buckets: 1 << 18, epochs: 8, learningRate: 0.2, l2: 1e-5, seed: 11 },
  },
  rudeness: {
    label: 'rude',
    data: rudenessData,
    options: { buckets: 1 << 18, epochs: 8, learningRate: 0.2, l2: 1e-5, seed: 12 },
  },
  suggestion: {
    label: 'suggestion',
    data: suggestionData,
    options: { buckets: 1 << 18, epochs: 8, learningRate: 0.2, l2: 1e-5, seed: 14 },
  },
  distress: {
    label: 'distress',
    data: distressData,
    options: { buckets: 1 << 18, epochs: 8, learningRate: 0.2, l2: 1e-5, seed: 15 },
  },
  polarity: {
    label: 'positive',
    data: polarityData,
    options: { buckets: 1 << 20, epochs: 4, learningRate: 0.15, l2: 1e-7, seed: 13 },
  },
};

/** Area under the ROC curve; ties count half. */
export function auroc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => [s, labels[i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (order[k]?.[1] === 1) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / Math.max(1, positives * negatives);
}

function main(): void {
  const name = process.argv[2] ?? '';
  const spec = SPECS[name];
  if (!spec) {
    process.stderr.write(`usage: train <${Object.keys(SPECS).join('|')}>\n`);
    process.exit(2);
  }
  const data = spec.data();
  const part = (s: string): Labelled[] => data.filter((d) => d.split === s);
  const trainSet = part('train');
  const options: TrainOptions = { name, label: spec.label, ...spec.options };
  const model = train(trainSet, options);
  const tune = part('tune');
  const threshold = bestThreshold(
    tune.map((d) => model.predict(d.tokens)),
    tune.map((d) => d.label),
  );
  const file = toFile(model, options, threshold);
  const dir = join(repoRoot, 'models', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(file)}\n`);
  process.stdout.write(`${name}: ${trainSet.length} train, ${tune.length} tune, threshold ${threshold}\n`);
  for (const [which, rowsOf] of [
    ['tune', tune],
    ['held-out', part('test')],
  ] as const)
    printAuroc(model, which, rowsOf);
}

/** AUROC per source of a split, next to a sentence-length baseline on the same rows. */
function printAuroc(model: ReturnType<typeof train>, which: string, split: readonly Labelled[]): void {
  for (const source of [...new Set(split.map((d) => d.source))]) {
    const rows = split.filter((d) => d.source === source);
    const labels = rows.map((d) => d.label);
    const a = auroc(
      rows.map((d) => model.predict(d.tokens)),
      labels,
    );
    const length = auroc(
      rows.map((d) => d.tokens.length),
      labels,
    );
    process.stdout.write(
      `  ${which} ${source}: n=${rows.length} AUROC ${a.toFixed(3)} (length baseline ${Math.max(length, 1 - length).toFixed(3)})\n`,
    );
  }
}

main();
