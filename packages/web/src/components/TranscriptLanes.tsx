import type { PunctuatedTranscript, SentenceSegment } from '@parley/client';
import { formatClock } from '../format.js';
import { participantLabel } from '../participants.js';
import { redactionsWithin, splitMasked } from '../redaction.js';

interface Props {
  punctuated: PunctuatedTranscript;
  /** Set when the source audio can be played: clicking a sentence plays from its start. */
  onSeek?: ((ms: number) => void) | undefined;
  /** The playback position, to highlight the sentence being spoken. */
  currentMs?: number | undefined;
}

function lanesOf(sentences: readonly SentenceSegment[]): string[] {
  const separated = sentences.some(
    (s) => s.participant === 'participantOne' || s.participant === 'participantTwo',
  );
  return separated ? ['participantOne', 'participantTwo'] : ['allParticipants'];
}

function MaskedText({ text }: { text: string }) {
  return (
    <>
      {splitMasked(text).map((part, i) =>
        part.redacted ? (
          <mark class="redacted" key={i} title="Redacted">
            <span aria-hidden="true">
              {'█'.repeat(Math.min(8, Math.max(3, part.text.replace(/\s/g, '').length)))}
            </span>
            <span class="visually-hidden">[redacted]</span>
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** The punctuated transcript as one column per speaker, in time order, with start times. */
export function TranscriptLanes({ punctuated, onSeek, currentMs }: Props) {
  const sentences = [...punctuated.sentenceSegments].sort((a, b) => a.startTimeOffset - b.startTimeOffset);
  if (sentences.length === 0) {
    return <p class="muted">The transcript is empty: no speech or text was found.</p>;
  }
  const lanes = lanesOf(sentences);
  return (
    <div class={`lanes lanes-${lanes.length}`}>
      <div class="lane-heads" aria-hidden="true">
        <span />
        {lanes.map((lane) => (
          <span key={lane} class={`lane-head tone-${lane}`}>
            {participantLabel(lane)}
          </span>
        ))}
      </div>
      {/* Focusable so the scrolling list can be scrolled from the keyboard. */}
      <ol class="sentences" aria-label="Transcript" tabIndex={0}>
        {sentences.map((s, i) => {
          const lane = Math.max(0, lanes.indexOf(s.participant));
          const redactions = redactionsWithin(
            punctuated.redactionSegments,
            s.startTimeOffset,
            s.endTimeOffset,
          );
          const active =
            currentMs !== undefined &&
            currentMs >= s.startTimeOffset &&
            currentMs < Math.max(s.endTimeOffset, s.startTimeOffset + 1);
          const body = (
            <>
              <span class="speaker">{participantLabel(s.participant)}</span>
              <span class="phrase">
                <MaskedText text={s.phrase} />
              </span>
              {redactions.length > 0 && (
                <span class="redaction-note">
                  {[...new Set(redactions.map((r) => r.result))].join(', ')} removed
                </span>
              )}
            </>
          );
          return (
            <li
              key={`${s.startTimeOffset}-${i}`}
              class={`sentence lane-${lane} tone-${s.participant}${active ? ' active' : ''}`}
              style={{ '--lane': String(lane + 2) }}
            >
              <time class="at">{formatClock(s.startTimeOffset)}</time>
              {onSeek ? (
                <button
                  type="button"
                  class="bubble"
                  onClick={() => onSeek(s.startTimeOffset)}
                  title={`Play from ${formatClock(s.startTimeOffset)}`}
                  aria-current={active ? 'true' : undefined}
                >
                  <span class="visually-hidden">Play from {formatClock(s.startTimeOffset)}: </span>
                  {body}
                </button>
              ) : (
                <div class="bubble">{body}</div>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
