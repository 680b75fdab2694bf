import type { AiResults, ParticipantScope } from '@parley/client';
import { formatDuration } from '../format.js';
import { participantLabel } from '../participants.js';
import { overlaps, totalMs, voiced } from '../timeline.js';
import type { Span } from '../timeline.js';
import { TimeAxis } from './TimeAxis.js';
import { useWidth } from './useWidth.js';

interface Props {
  ai: AiResults;
  durationMs: number;
}

interface Row {
  key: string;
  label: string;
  spans: Span[];
  tone: string;
}

const LABEL_WIDTH = 96;
const ROW_HEIGHT = 26;

/** Who speaks when: voiced spans per participant on one time line, silence as the gaps, and overlaps. */
export function VoiceActivityChart({ ai, durationMs }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const perSide: ParticipantScope[] = ['participantOne', 'participantTwo'];
  const separated = perSide.some((scope) => (ai[scope]?.voiceActivitySegments ?? []).length > 0);
  const rows: Row[] = separated
    ? perSide.map((scope) => ({
        key: scope,
        label: participantLabel(scope),
        spans: voiced(ai[scope]?.voiceActivitySegments ?? []),
        tone: scope,
      }))
    : [
        {
          key: 'allParticipants',
          label: 'Speech',
          spans: voiced(ai.allParticipants?.voiceActivitySegments ?? []),
          tone: 'allParticipants',
        },
      ];
  if (separated) {
    rows.push({
      key: 'overlap',
      label: 'Overlap',
      spans: overlaps(rows[0]!.spans, rows[1]!.spans),
      tone: 'overlap',
    });
  }
  const hasAny =
    rows.some((r) => r.spans.length > 0) || (ai.allParticipants?.voiceActivitySegments ?? []).length > 0;
  if (!hasAny || durationMs <= 0) {
    return <p class="muted">No voice activity in the results (chat and text transcripts have none).</p>;
  }
  const plotWidth = Math.max(120, width - LABEL_WIDTH - 12);
  const x = (ms: number) => LABEL_WIDTH + (ms / durationMs) * plotWidth;
  const height = rows.length * ROW_HEIGHT + 28;
  const speech = totalMs(separated ? [...rows[0]!.spans, ...rows[1]!.spans] : rows[0]!.spans);
  const overlapMs = separated ? totalMs(rows[2]!.spans) : 0;
  const silenceMs = Math.max(0, durationMs - speech + overlapMs);
  const summary = rows.map((r) => `${r.label}: ${formatDuration(totalMs(r.spans))}`).join(', ');
  return (
    <figure class="chart" ref={ref}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Voice activity over ${formatDuration(durationMs)}. ${summary}. Silence about ${formatDuration(silenceMs)}.`}
      >
        {rows.map((row, i) => {
          const top = i * ROW_HEIGHT + 4;
          return (
            <g key={row.key}>
              <text x={0} y={top + ROW_HEIGHT / 2 + 1} class="row-label" dominant-baseline="middle">
                {row.label}
              </text>
              <rect x={x(0)} y={top + 4} width={plotWidth} height={ROW_HEIGHT - 8} class="silence" />
              {row.spans.map((s) => (
                <rect
                  key={s.startMs}
                  x={x(s.startMs)}
                  y={top + 4}
                  width={Math.max(1, x(s.endMs) - x(s.startMs))}
                  height={ROW_HEIGHT - 8}
                  class={`voice tone-${row.tone}`}
                />
              ))}
            </g>
          );
        })}
        <TimeAxis durationMs={durationMs} x={x} y={rows.length * ROW_HEIGHT + 6} />
      </svg>
      <figcaption>
        <span class="legend">
          <span class="swatch silence" aria-hidden="true" /> silence
        </span>
        {rows.map((r) => (
          <span class="legend" key={r.key}>
            <span class={`swatch tone-${r.tone}`} aria-hidden="true" /> {r.label.toLowerCase()}{' '}
            {formatDuration(totalMs(r.spans))}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
