/**
 * Trains one sentence model and writes models/<name>/model.json at the repository root.
 *
 *   npm run train:empathy | train:rudeness | train:polarity | train:suggestion | train:listening
 *           | train:distress | train:frustration
 *
 * Deterministic: fixed splits (datasets.ts), a seeded shuffle, no threads. Prints the held-out
 * AUROC next to a length baseline from the same split.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { linearModelFrom } from '@parley/engine';
import { join } from 'node:path';
import { type Labelled, repoRoot } from './datasets.js';
import { bestThreshold, toFile, train, type TrainOptions } from './logistic.js';
import { SPECS } from './specs.js';

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
  // Trying other settings (compared on the tuning part, never on test): PARLEY_TRAIN_OPTIONS='{"epochs":6}'
  // with --dry to leave the shipped file alone.
  const overrides = JSON.parse(process.env.PARLEY_TRAIN_OPTIONS ?? '{}') as Partial<TrainOptions>;
  const dry = process.argv.includes('--dry');
  const options: TrainOptions = { name, label: spec.label, ...spec.options, ...overrides };
  const model = train(trainSet, options);
  const tune = part('tune');
  const threshold = bestThreshold(
    tune.map((d) => model.predict(d.tokens)),
    tune.map((d) => d.label),
  );
  const file = toFile(model, options, threshold);
  const outArg = process.argv.indexOf('--out');
  if (outArg >= 0) writeFileSync(process.argv[outArg + 1] ?? 'model.json', `${JSON.stringify(file)}\n`);
  else if (!dry) {
    const dir = join(repoRoot, 'models', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), `${JSON.stringify(file)}\n`);
  }
  process.stdout.write(`${name}: ${trainSet.length} train, ${tune.length} tune, threshold ${threshold}\n`);
  const quantised = linearModelFrom(file);
  process.stdout.write(
    `  tune: AUROC ${auroc(
      tune.map((d) => quantised.probability(d.tokens)),
      tune.map((d) => d.label),
    ).toFixed(3)} (as shipped: signed-byte weights; ${auroc(
      tune.map((d) => model.predict(d.tokens)),
      tune.map((d) => d.label),
    ).toFixed(3)} before rounding)\n`,
  );
  const test = part('test');
  for (const source of [...new Set(test.map((d) => d.source))]) {
    const rows = test.filter((d) => d.source === source);
    const labels = rows.map((d) => d.label);
    const a = auroc(
      rows.map((d) => quantised.probability(d.tokens)),
      labels,
    );
    const length = auroc(
      rows.map((d) => d.tokens.length),
      labels,
    );
    process.stdout.write(
      `  held-out ${source}: n=${rows.length} AUROC ${a.toFixed(3)} (length baseline ${Math.max(length, 1 - length).toFixed(3)})\n`,
    );
  }
}

main();
