import type { Conversation, ParticipantScope } from '../types.js';
import type { BundleDefinition, ScoringMethod } from './catalog.js';
import type { SentenceClassifier } from './classifier.js';
import { compileCues, type CueMatcher } from './cues.js';
import { normalizeText } from './normalize.js';
import { isTimed, measureTurns } from './timing.js';

/** Cue lists a method uses, by role. */
type CueRole = 'cues' | 'against' | 'triggers' | 'responses';

/** What the scorers read about one sentence; computed once per conversation. */
export interface SentenceFeatures {
  participant: ParticipantScope;
  startMs: number;
  endMs: number;
  wordCount: number;
  /** P(positive) − P(negative), −1..1. */
  polarity: number;
  /** 0..1: negative sentiment and sadness/fear from the emotion model. */
  distress: number;
  isQuestion: boolean;
  /** Models (kind `questions`) whose open-question openers this question contains. */
  questionOpen: Set<string>;
  /** `${model}:${role}` for every cue list that matched this sentence. */
  hits: Set<string>;
  /** `${model}` for trigger sentences that the other side answered with a response cue in time. */
  answered: Set<string>;
  turnStart: boolean;
  interrupts: boolean;
  gapBeforeMs: number;
}

export interface ConversationFeatures {
  timed: boolean;
  durationMs: number;
  sentences: SentenceFeatures[];
  /** True when sentences are attributed to participantOne/participantTwo. */
  separated: boolean;
}

interface CompiledList {
  key: string;
  matcher: CueMatcher;
}

interface CompiledResponse {
  model: string;
  trigger: CueMatcher;
  response: CueMatcher;
  withinSentences: number;
}

interface CompiledOpeners {
  model: string;
  matcher: CueMatcher;
}

/** Auxiliaries and interrogatives that start a question when ASR gives no punctuation. */
const QUESTION_START =
  /^(?:what|how|why|which|when|where|who|whose|whom|is|are|am|was|were|do|does|did|can|could|will|would|shall|should|may|might|have|has|had|isn't|aren't|don't|doesn't|didn't|can't|won't|wouldn't|couldn't|shouldn't)\b/;

function isQuestion(raw: string, normalized: string): boolean {
  if (/\?\s*$/.test(raw) || normalized.includes(' ?')) return true;
  // Only unpunctuated text (ASR without punctuation) falls back to the first word.
  return !/[.!?]/.test(raw) && QUESTION_START.test(normalized);
}

/** Cue lists of the catalog, compiled once per analyzer. */
export class FeatureExtractor {
  private readonly lists: CompiledList[] = [];
  private readonly responses: CompiledResponse[] = [];
  private readonly openers: CompiledOpeners[] = [];
  private readonly minOverlapMs: number;

  constructor(
    catalog: readonly BundleDefinition[],
    private readonly classifier: SentenceClassifier,
  ) {
    let minOverlapMs = 300;
    for (const bundle of catalog) {
      for (const model of bundle.models) {
        const method: ScoringMethod = model.method;
        const add = (role: CueRole, phrases: readonly string[] | undefined): void => {
          if (phrases && phrases.length > 0) {
            this.lists.push({ key: `${model.name}:${role}`, matcher: compileCues(phrases) });
          }
        };
        switch (method.kind) {
          case 'cues':
            add('cues', method.cues);
            add('against', method.against);
            break;
          case 'avoid':
          case 'indicator':
          case 'distress':
            add('cues', method.cues);
            break;
          case 'response':
            this.responses.push({
              model: model.name,
              trigger: compileCues(method.triggers),
              response: compileCues(method.responses),
              withinSentences: method.withinSentences,
            });
            break;
          case 'questions':
            this.openers.push({ model: model.name, matcher: compileCues(method.openers) });
            break;
          case 'interruptions':
            minOverlapMs = method.minOverlapMs;
            break;
          default:
            break;
        }
      }
    }
    this.minOverlapMs = minOverlapMs;
  }

  extract(conversation: Conversation): ConversationFeatures {
    const turns = measureTurns(conversation, this.minOverlapMs);
    const sentences = conversation.sentences.map((sentence, i): SentenceFeatures => {
      const normalized = normalizeText(sentence.text);
      const probabilities = this.classifier.sentiment(normalized);
      const polarity = probabilities.positive - probabilities.negative;
      const emotion = this.classifier.emotion(normalized);
      const negative = Math.max(0, -polarity);
      const distress =
        emotion === undefined ? negative : 0.3 * negative + 0.7 * Math.min(1, emotion.sadness + emotion.fear);
      const question = isQuestion(sentence.text, normalized);
      const hits = new Set<string>();
      for (const list of this.lists) if (list.matcher.test(normalized)) hits.add(list.key);
      const questionOpen = new Set<string>();
      if (question) for (const o of this.openers) if (o.matcher.test(normalized)) questionOpen.add(o.model);
      for (const r of this.responses) {
        if (r.trigger.test(normalized)) hits.add(`${r.model}:triggers`);
        if (r.response.test(normalized)) hits.add(`${r.model}:responses`);
      }
      const turn = turns[i] ?? { turnStart: true, interrupts: false, gapBeforeMs: 0 };
      return {
        participant: sentence.participant,
        startMs: sentence.startMs,
        endMs: sentence.endMs,
        wordCount: normalized === '' ? 0 : normalized.split(' ').filter((t) => /[a-z0-9]/.test(t)).length,
        polarity,
        distress,
        isQuestion: question,
        questionOpen,
        hits,
        answered: new Set<string>(),
        ...turn,
      };
    });
    this.markAnswered(sentences);
    return {
      timed: isTimed(conversation),
      durationMs: Math.max(0, conversation.durationMs),
      sentences,
      separated: sentences.some((s) => s.participant !== 'allParticipants'),
    };
  }

  /** A trigger counts as answered when one of the other side's next few sentences has a response cue. */
  private markAnswered(sentences: SentenceFeatures[]): void {
    for (const r of this.responses) {
      sentences.forEach((sentence, i) => {
        if (!sentence.hits.has(`${r.model}:triggers`)) return;
        let seen = 0;
        for (let j = i + 1; j < sentences.length && seen < r.withinSentences; j++) {
          const next = sentences[j];
          // Mono audio has one participant; then any following sentence may be the answer.
          if (
            !next ||
            (next.participant === sentence.participant && next.participant !== 'allParticipants')
          ) {
            continue;
          }
          seen++;
          if (next.hits.has(`${r.model}:responses`)) {
            sentence.answered.add(r.model);
            return;
          }
        }
      });
    }
  }
}
