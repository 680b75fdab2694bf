/**
 * The evidence behind each score: the sentences of the model's speaker that moved it, strongest
 * first, so an analyst can check a score in seconds. Read from the same features the scores are
 * computed from, so the two cannot disagree.
 */
import type { EvidenceLine, ModelEvidence } from '../engine.js';
import type { ParticipantScope } from '../types.js';
import type { BundleDefinition, ModelDefinition } from './catalog.js';
import type { ConversationFeatures, SentenceFeatures } from './features.js';
import type { SentenceFilter } from './scoring.js';

/** Lines kept per model. */
const MAX_LINES = 12;
/** Weaker evidence than this is not shown: it hardly moves a score. */
const MIN_STRENGTH = 0.05;
/** A sentence's tone must be at least this far from neutral to be shown behind a Sentiment score. */
const MIN_TONE = 0.3;

function line(
  s: SentenceFeatures,
  effect: 'for' | 'against',
  strength: number,
  cues: string[],
): EvidenceLine {
  return {
    participant: s.participant,
    startTimeOffset: Math.max(0, Math.round(s.startMs)),
    endTimeOffset: Math.max(0, Math.round(s.endMs)),
    text: s.text,
    effect,
    strength: Math.round(strength * 100) / 100,
    cues,
  };
}

function linesOf(
  model: ModelDefinition,
  own: readonly SentenceFeatures[],
  all: readonly SentenceFeatures[],
): EvidenceLine[] {
  const method = model.method;
  const lines: EvidenceLine[] = [];
  switch (method.kind) {
    case 'evidence':
    case 'distress':
      for (const s of own) {
        const e = s.evidence.get(model.name);
        const tone = method.kind === 'distress' ? (s.distress - method.floor) / (1 - method.floor) : 0;
        const forStrength = Math.max(e?.for ?? 0, tone);
        const cues = [
          ...(e?.cues ?? []),
          ...(tone > (e?.for ?? 0) && tone >= MIN_STRENGTH ? ['distressed tone'] : []),
        ];
        if (forStrength >= MIN_STRENGTH) lines.push(line(s, 'for', forStrength, cues));
        if ((e?.against ?? 0) >= MIN_STRENGTH) lines.push(line(s, 'against', e?.against ?? 0, e?.cues ?? []));
      }
      break;
    case 'sentiment':
      for (const s of own) {
        if (Math.abs(s.polarity) >= MIN_TONE) {
          lines.push(
            line(s, s.polarity > 0 ? 'for' : 'against', Math.abs(s.polarity), [
              s.polarity > 0 ? 'positive tone' : 'negative tone',
              // Frustration words and the frustration model, when they lowered it.
              ...(s.polarity < 0 ? (s.evidence.get(model.name)?.cues ?? []) : []),
            ]),
          );
        }
      }
      break;
    case 'questions':
      for (const s of own) {
        if (!s.isQuestion) continue;
        const open = s.questionOpen.has(model.name);
        lines.push(
          line(s, 'for', open ? 1 : method.closedWeight, [open ? 'open question' : 'closed question']),
        );
      }
      break;
    case 'response':
      for (const s of all) {
        if (!s.hits.has(`${model.name}:triggers`)) continue;
        const answered = s.answered.has(model.name);
        lines.push(
          line(s, answered ? 'for' : 'against', 1, [answered ? 'concern answered' : 'concern not answered']),
        );
      }
      break;
    default:
      // Timing models (speech rate, interruptions) and combinations (anyOf) have no sentence evidence.
      break;
  }
  return lines.sort((a, b) => b.strength - a.strength).slice(0, MAX_LINES);
}

export function explainScope(
  scope: ParticipantScope,
  features: ConversationFeatures,
  catalog: readonly BundleDefinition[],
  speakerOf: (model: ModelDefinition) => SentenceFilter,
): ModelEvidence[] {
  const result: ModelEvidence[] = [];
  for (const bundle of catalog) {
    for (const model of bundle.models) {
      if (!model.scopes.includes(scope)) continue;
      const own = features.sentences.filter(speakerOf(model));
      result.push({ name: model.name, lines: linesOf(model, own, features.sentences) });
    }
  }
  return result;
}
