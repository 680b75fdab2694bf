/** Lower-cased words without punctuation; "mr" is spelled out as recognisers and references disagree on it. */
export function normalizeForWer(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w.length > 0)
    .map((w) => (w === 'mr' ? 'mister' : w));
}

/** Word error rate: word-level Levenshtein distance between hypothesis and reference over the reference length. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = normalizeForWer(reference);
  const hyp = normalizeForWer(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return (previous[hyp.length] ?? 0) / ref.length;
}
