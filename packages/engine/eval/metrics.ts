/** Evaluation statistics, written out so every figure in docs/analytics.md can be traced. */

/** Ranks 1..n with ties given their average rank. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const result = new Array<number>(values.length).fill(0);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) result[order[k]?.[1] ?? 0] = rank;
    i = j + 1;
  }
  return result;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n === 0) return Number.NaN;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

/** Area under the ROC curve: the chance a positive item scores above a negative one (ties count half). */
export function auroc(scores: readonly number[], positive: readonly boolean[]): number {
  const r = ranks(scores);
  let sumPositive = 0;
  let nPositive = 0;
  positive.forEach((p, i) => {
    if (p) {
      sumPositive += r[i] ?? 0;
      nPositive++;
    }
  });
  const nNegative = scores.length - nPositive;
  if (nPositive === 0 || nNegative === 0) return Number.NaN;
  return (sumPositive - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

export interface ClassReport {
  accuracy: number;
  macroF1: number;
  macroRecall: number;
}

export function classification<L extends string | number>(
  predicted: readonly L[],
  gold: readonly L[],
  labels: readonly L[],
): ClassReport {
  let correct = 0;
  predicted.forEach((p, i) => {
    if (p === gold[i]) correct++;
  });
  let f1Sum = 0;
  let recallSum = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    predicted.forEach((p, i) => {
      const g = gold[i];
      if (p === label && g === label) tp++;
      else if (p === label) fp++;
      else if (g === label) fn++;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    recallSum += recall;
  }
  return {
    accuracy: predicted.length === 0 ? Number.NaN : correct / predicted.length,
    macroF1: f1Sum / labels.length,
    macroRecall: recallSum / labels.length,
  };
}

/** F1, precision and recall of the positive class. */
export function binaryF1(
  predicted: readonly boolean[],
  gold: readonly boolean[],
): { f1: number; precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  predicted.forEach((p, i) => {
    if (p && gold[i]) tp++;
    else if (p) fp++;
    else if (gold[i]) fn++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    precision,
    recall,
  };
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? 0;
  return a + (b - a) * (position - low);
}

export interface Distribution {
  n: number;
  mean: number;
  sd: number;
  p10: number;
  p50: number;
  p90: number;
  distinct: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n === 0 ? Number.NaN : sorted.reduce((a, b) => a + b, 0) / n;
  const sd = n === 0 ? Number.NaN : Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return {
    n,
    mean,
    sd,
    p10: quantile(sorted, 0.1),
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    distinct: new Set(sorted).size,
  };
}
