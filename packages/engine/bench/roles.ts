/**
 * `npm run eval:roles`: trains the agent/customer decision on the training dialogues and reports
 * its accuracy and undecided share on the held-out ones (see role-data.ts), beside two trivial
 * baselines measured in the same run: "the first to speak is the agent" and "whoever talks more is
 * the agent". `-- --write` also rewrites src/roles/role-model.ts with the fitted weights.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FEATURE_NAMES, decideAgent, featureDifference, sideFeatures, type RoleTurn } from '@parley/engine';
import { roleDialogues, type RoleDialogue } from './role-data.js';
import { dataDir } from './shared-data.js';

/** L2-regularised logistic regression by gradient descent, no intercept (the sides are symmetric). */
function fit(rows: number[][], labels: number[]): number[] {
  const dims = rows[0]?.length ?? 0;
  const weights = new Array<number>(dims).fill(0);
  const rate = 0.5;
  const l2 = 1e-3;
  for (let epoch = 0; epoch < 1500; epoch++) {
    const gradient = new Array<number>(dims).fill(0);
    rows.forEach((row, i) => {
      const z = row.reduce((sum, x, d) => sum + x * (weights[d] ?? 0), 0);
      const error = 1 / (1 + Math.exp(-z)) - (labels[i] ?? 0);
      row.forEach((x, d) => (gradient[d] = (gradient[d] ?? 0) + error * x));
    });
    for (let d = 0; d < dims; d++)
      weights[d] = (weights[d] ?? 0) - rate * ((gradient[d] ?? 0) / rows.length + l2 * (weights[d] ?? 0));
  }
  return weights;
}

function baseline(dialogue: RoleDialogue, pick: (turns: RoleTurn[]) => 0 | 1): boolean {
  return pick(dialogue.turns) === dialogue.agent;
}

const train = roleDialogues(dataDir, 'train');
const heldOut = roleDialogues(dataDir, 'heldOut');
const weights = fit(
  train.map((d) => featureDifference(d.turns)),
  train.map((d) => (d.agent === 0 ? 1 : 0)),
);
console.log(
  'weights',
  Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, Number((weights[i] ?? 0).toFixed(3))])),
);
if (process.argv.includes('--write')) {
  const path = resolve(import.meta.dirname, '../../src/roles/role-model.ts');
  writeFileSync(
    path,
    `/**
 * Logistic-regression weights over the feature differences of features.ts (FEATURE_NAMES
 * order). Made by \`npm run eval:roles -- --write\` from the training splits named in
 * bench/role-data.ts; regenerate after changing the features.
 */
export const ROLE_MODEL = {
  weights: [${weights.map((w) => w.toFixed(4)).join(', ')}],
};
`,
  );
  console.log(`wrote ${path}; rebuild and run again to evaluate the new weights`);
}

const firstSpeaker = (turns: RoleTurn[]): 0 | 1 => turns[0]?.side ?? 0;
const talksMore = (turns: RoleTurn[]): 0 | 1 => {
  const [a, b] = sideFeatures(turns);
  return a.talkShare >= b.talkShare ? 0 : 1;
};

console.log(
  '\n| held-out set | dialogues | role accuracy (decided) | undecided | accuracy, undecided counted wrong | first speaker = agent | more talk = agent |',
);
console.log('|---|---|---|---|---|---|---|');
for (const source of [...new Set(heldOut.map((d) => d.source)), 'all']) {
  const set = heldOut.filter((d) => source === 'all' || d.source === source);
  const decisions = set.map((d) => ({ d, decision: decideAgent(d.turns) }));
  const decided = decisions.filter((x) => x.decision.agent !== undefined);
  const right = decided.filter((x) => x.decision.agent === x.d.agent).length;
  const pct = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
  console.log(
    `| ${source} | ${set.length} | ${pct(right, decided.length)} | ${pct(set.length - decided.length, set.length)} | ${pct(right, set.length)} | ${pct(set.filter((d) => baseline(d, firstSpeaker)).length, set.length)} | ${pct(set.filter((d) => baseline(d, talksMore)).length, set.length)} |`,
  );
}
