import type { Conversation, ParticipantScope, Sentence, Word } from '../types.js';

/** Sentences closer than this to the same participant's previous sentence continue that turn. */
const TURN_GAP_MS = 2000;
/** The other side must have been speaking this recently before the new turn began. */
const ACTIVE_BEFORE_MS = 250;
/** The other side's continuing word must begin within this long after the new turn began. */
const CONTINUES_WITHIN_MS = 1000;
/** "mm-hmm", "right", "I see": listening noises over the other side are not interruptions. */
const BACKCHANNEL_MAX_WORDS = 2;

function wordCountOf(sentence: Sentence): number {
  return sentence.words.length > 0
    ? sentence.words.length
    : sentence.text.split(/\s+/).filter(Boolean).length;
}

/** Whether the conversation carries speech timing (chat times are message times, not speech). */
export function isTimed(conversation: Conversation): boolean {
  return conversation.medium !== 'chat' && conversation.sentences.some((s) => s.endMs > s.startMs);
}

function otherParticipant(participant: ParticipantScope): ParticipantScope | undefined {
  if (participant === 'participantOne') return 'participantTwo';
  if (participant === 'participantTwo') return 'participantOne';
  return undefined;
}

interface Span {
  startMs: number;
  endMs: number;
}

/** Spans sorted by start, with a running maximum of ends for quick "anyone covering t" lookups. */
class SpanIndex {
  private readonly starts: number[];
  constructor(private readonly spans: readonly Span[]) {
    this.starts = spans.map((s) => s.startMs);
  }

  /** Index of the first span starting at or after `t`. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] ?? 0) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Some span started before `t` and was still running at `t - slackMs`. */
  activeBefore(t: number, slackMs: number, lookBack = 50): boolean {
    const end = this.lowerBound(t);
    for (let i = end - 1; i >= 0 && i >= end - lookBack; i--) {
      const span = this.spans[i];
      if (span && span.endMs > t - slackMs) return true;
    }
    return false;
  }

  /** Some span starting before `t + withinMs` lasts until at least `t + minMs`. */
  continuesAfter(t: number, minMs: number, withinMs: number, lookBack = 50): boolean {
    const end = this.lowerBound(t + withinMs);
    for (let i = end - 1; i >= 0 && i >= end - lookBack; i--) {
      const span = this.spans[i];
      if (span && span.endMs >= t + minMs) return true;
    }
    return false;
  }
}

export interface TurnTiming {
  /** The sentence opens a new turn of its participant. */
  turnStart: boolean;
  /**
   * The turn began while the other participant was speaking and they kept speaking for the
   * overlap; back-channels of one or two words do not count.
   */
  interrupts: boolean;
  /** Silence between the end of everything said before and this sentence's start (0 when overlapping). */
  gapBeforeMs: number;
}

/**
 * Turn starts, interruptions and gaps per sentence. Overlap is measured on the other
 * participant's words (their sentence spans when the words carry no timing).
 */
export function measureTurns(conversation: Conversation, minOverlapMs: number): TurnTiming[] {
  const timed = isTimed(conversation);
  const sentences = conversation.sentences;
  const byParticipant = new Map<ParticipantScope, SpanIndex>();
  const spansOf = (participant: ParticipantScope): SpanIndex => {
    let index = byParticipant.get(participant);
    if (!index) {
      const words: Word[] = conversation.words.filter(
        (w) => w.participant === participant && w.endMs > w.startMs,
      );
      const spans: Span[] =
        words.length > 0
          ? words
          : sentences.filter((s: Sentence) => s.participant === participant && s.endMs > s.startMs);
      index = new SpanIndex([...spans].sort((a, b) => a.startMs - b.startMs));
      byParticipant.set(participant, index);
    }
    return index;
  };

  const lastEndOf = new Map<ParticipantScope, number>();
  let previousParticipant: ParticipantScope | undefined;
  let latestEnd = Number.NEGATIVE_INFINITY;
  return sentences.map((sentence, i) => {
    const ownLastEnd = lastEndOf.get(sentence.participant);
    const turnStart =
      i === 0 ||
      previousParticipant !== sentence.participant ||
      ownLastEnd === undefined ||
      sentence.startMs - ownLastEnd > TURN_GAP_MS;
    let interrupts = false;
    const other = otherParticipant(sentence.participant);
    if (timed && turnStart && other !== undefined && wordCountOf(sentence) > BACKCHANNEL_MAX_WORDS) {
      const index = spansOf(other);
      const t = sentence.startMs;
      interrupts =
        index.activeBefore(t, ACTIVE_BEFORE_MS) && index.continuesAfter(t, minOverlapMs, CONTINUES_WITHIN_MS);
    }
    const gapBeforeMs = timed && i > 0 ? Math.max(0, sentence.startMs - latestEnd) : 0;
    latestEnd = Math.max(latestEnd, sentence.endMs);
    lastEndOf.set(sentence.participant, Math.max(ownLastEnd ?? Number.NEGATIVE_INFINITY, sentence.endMs));
    previousParticipant = sentence.participant;
    return { turnStart, interrupts, gapBeforeMs };
  });
}
