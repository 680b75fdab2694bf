import type { Conversation, ParticipantScope } from '../types.js';
import type { BundleDefinition, ClassifierUse, ScoringMethod } from './catalog.js';
import { createLexiconClassifier, type SentenceClassifier } from './classifier.js';
import { compileCues, type CueMatcher } from './cues.js';
import { EvidenceReader, type SentenceEvidence } from './evidence.js';
import { hashesOf, type LinearModel } from './linear.js';
import { normalizeText } from './normalize.js';
import { tokensOf } from './reader.js';
import { restatement } from './restatement.js';
import type { RuleSet } from './rules.js';
import { isTimed, measureTurns } from './timing.js';
import { toneReading } from './tone-reading.js';

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
  /** `${model}:triggers` / `${model}:responses` for the response cue lists that matched this sentence. */
  hits: Set<string>;
  /** `${model}` for trigger sentences that the other side answered with a response cue in time. */
  answered: Set<string>;
  /** Per model with rules: how strongly this sentence shows the behaviour and its opposite. */
  evidence: Map<string, SentenceEvidence>;
  /** The sentence as written, for the evidence shown with a score. */
  text: string;
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

/**
 * How much of one sentence is read. Real sentences are far shorter; a longer one (a pasted log, a
 * run of symbols) is read up to here so that its cost stays bounded whatever its length.
 */
const MAX_SENTENCE_CHARS = 20_000;

function readablePart(text: string): string {
  return text.length <= MAX_SENTENCE_CHARS ? text : text.slice(0, MAX_SENTENCE_CHARS);
}

/**
 * A model that reads passages (trained on posts of about five sentences, not on single
 * sentences) reads a sentence with up to this many earlier sentences of the same turn, and only
 * passages of this many tokens: a short line alone is outside what it was trained on, and a
 * run-on sentence longer than the maximum (unpunctuated speech) is left to the rules and the tone.
 */
const PASSAGE_BEFORE = 4;
const PASSAGE_MIN_TOKENS = 25;
const PASSAGE_MAX_TOKENS = 400;

/** Words of three or more letters written all in capitals ("AGAIN"): shouting in chat. One pass. */
function capitalWords(text: string): number {
  let count = 0;
  let run = 0;
  let lower = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) run++;
    else if (c >= 97 && c <= 122) lower = true;
    else {
      if (run >= 3 && !lower) count++;
      run = 0;
      lower = false;
    }
  }
  return count;
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
  private readonly responses: CompiledResponse[] = [];
  private readonly openers: CompiledOpeners[] = [];
  private readonly minOverlapMs: number;
  private readonly reader: EvidenceReader;
  /** Models whose evidence includes restating the other side's last turn. */
  private readonly restating: string[] = [];
  /** Trained sentence models used as evidence, by the model they inform. */
  private readonly classifierUses: { model: string; use: ClassifierUse; linear: LinearModel }[] = [];
  private readonly polarity: LinearModel | undefined;
  private readonly lexicon: SentenceClassifier | undefined;
  /** Whose evidence softens or sharpens the tone of a sentence (see `polarityOf`). */
  private readonly empathyModel = 'BeEmpathetic';
  private readonly rudeModel = 'InappropriateAction';
  /** The tone model's frustration rules and weights (catalog `sentiment` method), if any. */
  private tone:
    | {
        model: string;
        polarityWeight: number;
        lexiconWeight: number;
        frustrationWeight: number;
        shoutWeight: number;
        frustration: { linear: LinearModel; threshold: number } | undefined;
      }
    | undefined;

  constructor(
    catalog: readonly BundleDefinition[],
    private readonly classifier: SentenceClassifier,
    linearModels: ReadonlyMap<string, LinearModel> = new Map(),
  ) {
    this.polarity = linearModels.get('polarity');
    // The AFINN lexicon beside the fastText models: word lists that know complaint words the
    // review- and tweet-trained models read as neutral.
    this.lexicon = classifier.kind === 'fasttext' ? createLexiconClassifier() : undefined;
    let minOverlapMs = 300;
    const ruleSets = new Map<string, RuleSet>();
    for (const bundle of catalog) {
      for (const model of bundle.models) {
        const method: ScoringMethod = model.method;
        switch (method.kind) {
          case 'evidence':
            ruleSets.set(model.name, method.rules);
            if (method.restatement) this.restating.push(model.name);
            if (method.classifier) {
              const linear = linearModels.get(method.classifier.model);
              if (linear) this.classifierUses.push({ model: model.name, use: method.classifier, linear });
            }
            break;
          case 'distress':
            ruleSets.set(model.name, method.rules);
            if (method.classifier) {
              const linear = linearModels.get(method.classifier.model);
              if (linear) this.classifierUses.push({ model: model.name, use: method.classifier, linear });
            }
            break;
          case 'sentiment': {
            ruleSets.set(model.name, method.rules);
            const linear = method.frustrationModel && linearModels.get(method.frustrationModel.model);
            this.tone = {
              model: model.name,
              polarityWeight: method.polarityWeight,
              lexiconWeight: method.lexiconWeight,
              frustrationWeight: method.frustrationWeight,
              shoutWeight: method.shoutWeight,
              frustration:
                linear && method.frustrationModel
                  ? { linear, threshold: method.frustrationModel.threshold }
                  : undefined,
            };
            break;
          }
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
    this.reader = new EvidenceReader(ruleSets);
  }

  /**
   * An apology or a show of empathy is not negative about the interaction, and rude language is
   * negative whatever its words: evidence for those two models bounds the tone. The
   * frustration model reads the customer's state, so it is not applied to the agent's sentences
   * (where "I'm sorry you've had to chase this" would read as a complaint).
   */
  private polarityOf(
    raw: number,
    evidence: Map<string, SentenceEvidence>,
    text: string,
    tokens: readonly string[],
    participant: ParticipantScope,
  ): number {
    let polarity = raw;
    if (this.tone) {
      let frustration = evidence.get(this.tone.model)?.against ?? 0;
      const model = this.tone.frustration;
      // Nothing left to read (a bare "No problem.") is no frustration: the model's bias alone
      // would read as some.
      if (model && participant !== 'participantOne' && tokens.some((t) => /[a-z0-9]/.test(t))) {
        const p = model.linear.probability(tokens);
        if (p > model.threshold) {
          const strength = (p - model.threshold) / (1 - model.threshold);
          frustration += strength;
          const e = evidence.get(this.tone.model) ?? { for: 0, against: 0, cues: [] };
          e.cues.push(`${model.linear.name} model ${p.toFixed(2)}`);
          evidence.set(this.tone.model, e);
        }
      }
      const shouting = Math.min(3, capitalWords(text)) + Math.min(3, tokens.filter((t) => t === '!').length);
      polarity = Math.max(
        -1,
        polarity - this.tone.frustrationWeight * frustration - this.tone.shoutWeight * shouting,
      );
    }
    const empathy = evidence.get(this.empathyModel)?.for ?? 0;
    if (empathy >= 0.5) polarity = Math.max(polarity, 0.3 * empathy);
    const rude = evidence.get(this.rudeModel)?.against ?? 0;
    // A curt line ("Read the policy, it's all in there") is as negative as the rudeness it shows.
    if (rude >= 0.5) polarity = Math.min(polarity, -rude);
    return polarity;
  }

  extract(conversation: Conversation): ConversationFeatures {
    const turns = measureTurns(conversation, this.minOverlapMs);
    const normalizedTexts = conversation.sentences.map((s) => normalizeText(readablePart(s.text)));
    const tokenized = normalizedTexts.map(tokensOf);
    const previousTurn = this.previousTurns(conversation, tokenized);
    const passages = this.classifierUses.some((c) => c.use.reads === 'passage')
      ? this.passages(conversation, tokenized)
      : [];
    const sentences = conversation.sentences.map((sentence, i): SentenceFeatures => {
      const normalized = normalizedTexts[i] ?? '';
      const tokens = tokenized[i] ?? [];
      const hashes = hashesOf(tokens);
      // The tone models read the sentence without idioms like "no problem" (see tone-reading.ts).
      const reading = toneReading(tokens);
      const toneTokens = reading.tokens;
      const probabilities = this.classifier.sentiment(toneTokens === tokens ? normalized : reading.text);
      const question = isQuestion(sentence.text, normalized);
      const evidence = this.reader.read({ tokens, isQuestion: question });
      for (const model of this.restating) {
        const r = restatement(tokens, previousTurn[i] ?? [], question);
        if (r.score <= 0) continue;
        const e = evidence.get(model) ?? { for: 0, against: 0, cues: [] };
        e.for = 1 - (1 - e.for) * (1 - r.score);
        e.cues.push(`restates: ${r.shared.join(', ')}`);
        evidence.set(model, e);
      }
      for (const { model, use, linear } of this.classifierUses) {
        const threshold = use.threshold ?? linear.threshold;
        let p: number | undefined;
        let fromPassage = false;
        if (use.reads === 'passage') {
          // The passages ending with this sentence, whichever reads strongest: earlier small
          // talk in the same turn cannot water a sentence down. Too short a passage is not read.
          for (const passage of passages[i] ?? []) {
            const q =
              passage === tokens
                ? linear.probabilityOfHashes(hashes)
                : linear.probabilityOfHashes(hashesOf(passage));
            if (p === undefined || q > p) [p, fromPassage] = [q, passage !== tokens];
          }
          if (p === undefined) continue;
        } else {
          p = linear.probabilityOfHashes(hashes);
        }
        const e = evidence.get(model) ?? { for: 0, against: 0, cues: [] };
        e.graded = p;
        evidence.set(model, e);
        if (p <= threshold) continue;
        const strength = (use.weight * (p - threshold)) / (1 - threshold);
        if (use.role === 'for') e.for = 1 - (1 - e.for) * (1 - strength);
        else e.against = 1 - (1 - e.against) * (1 - strength);
        e.cues.push(
          `${linear.name} model ${p.toFixed(2)}${fromPassage ? ' (with the sentences before it)' : ''}`,
        );
        evidence.set(model, e);
      }
      const fastTextTone = probabilities.positive - probabilities.negative;
      const modelTone =
        this.polarity === undefined
          ? fastTextTone
          : (1 - (this.tone?.polarityWeight ?? 0)) * fastTextTone +
            (this.tone?.polarityWeight ?? 0) *
              (2 * this.polarity.probabilityOfHashes(toneTokens === tokens ? hashes : hashesOf(toneTokens)) -
                1);
      const lexiconWeight = this.lexicon ? (this.tone?.lexiconWeight ?? 0) : 0;
      // Like the frustration model, the lexicon reads the customer's complaint words; the agent's
      // tone is the models' alone (a word list reads "wait like everyone else" as positive).
      const lexicon =
        this.lexicon && lexiconWeight > 0 && sentence.participant !== 'participantOne'
          ? this.lexicon.sentiment(reading.text)
          : undefined;
      const tone =
        reading.scale *
        (lexicon
          ? (1 - lexiconWeight) * modelTone + lexiconWeight * (lexicon.positive - lexicon.negative)
          : modelTone);
      const polarity = this.polarityOf(
        tone,
        evidence,
        readablePart(sentence.text),
        toneTokens,
        sentence.participant,
      );
      const emotion = this.classifier.emotion(normalized);
      const negative = Math.max(0, -polarity);
      const distress =
        emotion === undefined ? negative : 0.3 * negative + 0.7 * Math.min(1, emotion.sadness + emotion.fear);
      const hits = new Set<string>();
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
        evidence,
        text: sentence.text,
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

  /**
   * For each sentence, the tokens of the other participant's most recent turn before it (the run
   * of their consecutive sentences), or nothing. One pass.
   */
  private previousTurns(
    conversation: Conversation,
    tokenized: readonly string[][],
  ): (string[] | undefined)[] {
    const result: (string[] | undefined)[] = [];
    const lastTurn = new Map<string, string[]>();
    let current: { participant: string; tokens: string[] } | undefined;
    conversation.sentences.forEach((sentence, i) => {
      if (!current || current.participant !== sentence.participant) {
        if (current) lastTurn.set(current.participant, current.tokens);
        current = { participant: sentence.participant, tokens: [] };
      }
      let other: string[] | undefined;
      for (const [participant, tokens] of lastTurn) if (participant !== sentence.participant) other = tokens;
      result.push(other);
      for (const t of tokenized[i] ?? []) current.tokens.push(t);
    });
    return result;
  }

  /**
   * For each sentence, the passages that end with it: the sentence alone, then preceded by one,
   * two, … up to PASSAGE_BEFORE earlier sentences of the same turn (the run of one participant's
   * consecutive sentences), keeping those of PASSAGE_MIN_TOKENS to PASSAGE_MAX_TOKENS tokens.
   */
  private passages(conversation: Conversation, tokenized: readonly string[][]): string[][][] {
    return conversation.sentences.map((sentence, i) => {
      const result: string[][] = [];
      let passage = tokenized[i] ?? [];
      for (let k = 0; k <= PASSAGE_BEFORE && passage.length <= PASSAGE_MAX_TOKENS; k++) {
        if (k > 0) {
          const j = i - k;
          if (j < 0 || conversation.sentences[j]?.participant !== sentence.participant) break;
          passage = [...(tokenized[j] ?? []), ...passage];
        }
        if (passage.length >= PASSAGE_MIN_TOKENS && passage.length <= PASSAGE_MAX_TOKENS)
          result.push(passage);
      }
      return result;
    });
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
