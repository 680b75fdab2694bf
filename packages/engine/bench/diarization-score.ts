/**
 * Scoring of speaker diarization against RTTM references: diarization error rate with a collar,
 * and word-level speaker attribution, each under the best one-to-one mapping of hypothesis
 * speakers to reference speakers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Turn {
  startMs: number;
  endMs: number;
  speaker: string;
}

export function readRttm(path: string): Turn[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/u))
    .filter((fields) => fields[0] === 'SPEAKER')
    .map((fields) => {
      const start = Number(fields[3]) * 1000;
      return { startMs: start, endMs: start + Number(fields[4]) * 1000, speaker: fields[7] ?? '?' };
    });
}

/**
 * The turns of combo-38s.wav, known from how it was made (see shared/audio/README.md): five
 * LibriVox clips by one reader, each followed by 0.5 s of silence, then JFK.
 */
export function comboReference(audioDir: string): Turn[] {
  const ms = (file: string): number =>
    Number(
      execFileSync('soxi', ['-D', join(audioDir, file)])
        .toString()
        .trim(),
    ) * 1000;
  const readerEnd = ['austen-0870', 'austen-0880', 'austen-0890', 'austen-0920', 'austen-0930'].reduce(
    (sum, f) => sum + ms(`${f}.wav`) + 500,
    0,
  );
  return [
    { startMs: 0, endMs: readerEnd, speaker: 'reader' },
    { startMs: readerEnd, endMs: ms('combo-38s.wav'), speaker: 'jfk' },
  ];
}

function permutations(n: number, k: number): number[][] {
  // Every injective map from k hypothesis speakers into n reference slots (n may grow with -1 = none).
  const out: number[][] = [];
  const pick = (prefix: number[]): void => {
    if (prefix.length === k) {
      out.push(prefix);
      return;
    }
    for (let r = -1; r < n; r++) if (r === -1 || !prefix.includes(r)) pick([...prefix, r]);
  };
  pick([]);
  return out;
}

const FRAME_MS = 10;

/** DER: (missed + false alarm + confusion) / reference speech, scored off a collar around each reference boundary. */
export function diarizationErrorRate(
  reference: Turn[],
  hypothesis: Turn[],
  durationMs: number,
  collarMs = 250,
): number {
  const frames = Math.ceil(durationMs / FRAME_MS);
  const refSpeakers = [...new Set(reference.map((t) => t.speaker))];
  const hypSpeakers = [...new Set(hypothesis.map((t) => t.speaker))];
  const ref = Array.from({ length: frames }, () => new Set<number>());
  const hyp = new Int32Array(frames).fill(-1);
  const scored = new Uint8Array(frames).fill(1);
  for (const turn of reference) {
    const s = refSpeakers.indexOf(turn.speaker);
    for (
      let f = Math.floor(turn.startMs / FRAME_MS);
      f < Math.min(frames, Math.ceil(turn.endMs / FRAME_MS));
      f++
    )
      ref[f]?.add(s);
    for (const edge of [turn.startMs, turn.endMs]) {
      for (
        let f = Math.max(0, Math.floor((edge - collarMs) / FRAME_MS));
        f < Math.min(frames, Math.ceil((edge + collarMs) / FRAME_MS));
        f++
      )
        scored[f] = 0;
    }
  }
  for (const turn of hypothesis) {
    const s = hypSpeakers.indexOf(turn.speaker);
    for (
      let f = Math.floor(turn.startMs / FRAME_MS);
      f < Math.min(frames, Math.ceil(turn.endMs / FRAME_MS));
      f++
    )
      hyp[f] = s;
  }
  let best = Infinity;
  let total = 0;
  for (let f = 0; f < frames; f++) if (scored[f]) total += ref[f]?.size ?? 0;
  for (const mapping of permutations(refSpeakers.length, hypSpeakers.length)) {
    let errors = 0;
    for (let f = 0; f < frames; f++) {
      if (!scored[f]) continue;
      const r = ref[f] as Set<number>;
      const h = hyp[f] as number;
      const nHyp = h >= 0 ? 1 : 0;
      const correct = h >= 0 && r.has(mapping[h] ?? -2) ? 1 : 0;
      errors += Math.max(r.size, nHyp) - correct;
    }
    best = Math.min(best, errors);
  }
  return total === 0 ? 0 : best / total;
}

export interface TimedWord {
  startMs: number;
  endMs: number;
  speaker: string;
}

/** The reference speaker of a span: the only one talking over most of it, or undefined (overlap, silence). */
export function referenceSpeakerOf(reference: Turn[], startMs: number, endMs: number): string | undefined {
  const overlap = new Map<string, number>();
  for (const turn of reference) {
    const o = Math.min(endMs, turn.endMs) - Math.max(startMs, turn.startMs);
    if (o > 0) overlap.set(turn.speaker, (overlap.get(turn.speaker) ?? 0) + o);
  }
  const ranked = [...overlap.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (first === undefined || first[1] < 0.5 * (endMs - startMs)) return undefined;
  // Words under overlapping talk have no single right answer.
  if (second !== undefined && second[1] > 0.3 * (endMs - startMs)) return undefined;
  return first[0];
}

/** Share of scorable words whose speaker matches the reference under the best speaker mapping. */
export function attributionAccuracy(
  reference: Turn[],
  words: TimedWord[],
): { accuracy: number; scored: number } {
  const pairs = words
    .map((w) => ({ ref: referenceSpeakerOf(reference, w.startMs, w.endMs), hyp: w.speaker }))
    .filter((p): p is { ref: string; hyp: string } => p.ref !== undefined);
  const refs = [...new Set(pairs.map((p) => p.ref))];
  const hyps = [...new Set(pairs.map((p) => p.hyp))];
  let best = 0;
  for (const mapping of permutations(refs.length, hyps.length)) {
    const correct = pairs.filter((p) => mapping[hyps.indexOf(p.hyp)] === refs.indexOf(p.ref)).length;
    best = Math.max(best, correct);
  }
  return { accuracy: pairs.length === 0 ? 0 : best / pairs.length, scored: pairs.length };
}
