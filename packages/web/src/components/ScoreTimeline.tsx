import type { ModelScore } from '@parley/client';
import { formatClock, formatScore } from '../format.js';
import { quartileSteps } from '../scores.js';
import type { Band, ScoreDomain } from '../scores.js';
import { TimeAxis } from './TimeAxis.js';
import { useWidth } from './useWidth.js';

interface Props {
  model: ModelScore;
  durationMs: number;
  domain: ScoreDomain;
  bands: readonly Band[];
  tone: string;
  /** A sparkline for score cards: no axes or band names, the same marks. */
  compact?: boolean;
  /** Short name for the screen-reader description. */
  title: string;
}

/** Band names go right of the plot when there is room for them. */
const BAND_LABEL_WIDTH = 104;

/**
 * What the wire format says about a score over time, and nothing more: one value per quarter of
 * the interaction (steps), the overall score (dashed), and the lowest and highest moments
 * (markers at their offsets), over the model's bands.
 */
export function ScoreTimeline({ model, durationMs, domain, bands, tone, compact = false, title }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const left = compact ? 2 : 34;
  const right = compact || width < 480 ? 8 : BAND_LABEL_WIDTH;
  const height = compact ? 44 : 132;
  const top = 8;
  const plotHeight = compact ? height - 2 * top : height - top - 28;
  const plotWidth = Math.max(60, width - left - right);
  const span = domain.max - domain.min || 1;
  const x = (ms: number) => left + (durationMs > 0 ? (Math.min(ms, durationMs) / durationMs) * plotWidth : 0);
  const y = (v: number) => top + (1 - (v - domain.min) / span) * plotHeight;
  const steps = quartileSteps(model, durationMs);
  const path = steps
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.startMs)},${y(s.value)} L${x(s.endMs)},${y(s.value)}`)
    .join(' ');
  const description =
    `${title}: overall ${formatScore(model.score)}; by quarter ${steps.map((s) => formatScore(s.value)).join(', ')}; ` +
    `lowest ${formatScore(model.minScore)} at ${formatClock(model.minScoreOffset)}, ` +
    `highest ${formatScore(model.maxScore)} at ${formatClock(model.maxScoreOffset)}.`;
  const size = compact ? 5 : 6;
  const marker = (cx: number, cy: number, up: boolean) =>
    up
      ? `M${cx},${cy - size - 1} L${cx + size},${cy + size - 2} L${cx - size},${cy + size - 2} Z`
      : `M${cx},${cy + size + 1} L${cx + size},${cy - size + 2} L${cx - size},${cy - size + 2} Z`;
  return (
    <div class={`score-timeline${compact ? ' compact' : ''}`} ref={ref}>
      <svg width={width} height={height} role="img" aria-label={description}>
        {bands.map((band, i) => {
          const bandTop = y(band.to);
          const bandHeight = Math.max(0, y(band.from) - bandTop);
          return (
            <g key={band.label}>
              <rect
                class={`band band-shade-${i % 2}`}
                x={left}
                width={plotWidth}
                y={bandTop}
                height={bandHeight}
              />
              {right === BAND_LABEL_WIDTH && bandHeight >= 11 && (
                <text
                  class="band-label"
                  x={left + plotWidth + 6}
                  y={bandTop + bandHeight / 2}
                  dominant-baseline="middle"
                >
                  {band.label}
                </text>
              )}
            </g>
          );
        })}
        {!compact && (
          <g class="axis" aria-hidden="true">
            {[domain.min, domain.max].map((v) => (
              <text key={v} x={left - 6} y={y(v)} text-anchor="end" dominant-baseline="middle">
                {formatScore(v)}
              </text>
            ))}
          </g>
        )}
        {steps.slice(1).map((s) => (
          <line
            key={s.startMs}
            class="quarter"
            x1={x(s.startMs)}
            x2={x(s.startMs)}
            y1={y(domain.max)}
            y2={y(domain.min)}
          />
        ))}
        <line class="overall" x1={x(0)} x2={x(durationMs)} y1={y(model.score)} y2={y(model.score)} />
        <path class={`steps tone-${tone}`} d={path} />
        <path class="marker min" d={marker(x(model.minScoreOffset), y(model.minScore), false)}>
          <title>
            lowest {formatScore(model.minScore)} at {formatClock(model.minScoreOffset)}
          </title>
        </path>
        <path class="marker max" d={marker(x(model.maxScoreOffset), y(model.maxScore), true)}>
          <title>
            highest {formatScore(model.maxScore)} at {formatClock(model.maxScoreOffset)}
          </title>
        </path>
        {!compact && <TimeAxis durationMs={durationMs} x={x} y={top + plotHeight} />}
      </svg>
    </div>
  );
}

/** The legend shared by every score chart. */
export function ScoreLegend() {
  return (
    <p class="legend-row">
      <span class="legend">
        <span class="swatch steps-swatch" aria-hidden="true" /> score per quarter of the interaction
      </span>
      <span class="legend">
        <span class="swatch overall-swatch" aria-hidden="true" /> overall score
      </span>
      <span class="legend">
        <span aria-hidden="true" class="glyph max">
          ▲
        </span>{' '}
        highest moment
      </span>
      <span class="legend">
        <span aria-hidden="true" class="glyph min">
          ▼
        </span>{' '}
        lowest moment
      </span>
      <span class="legend">
        <span class="swatch band-shade-0" aria-hidden="true" />
        <span class="swatch band-shade-1" aria-hidden="true" /> the model’s bands
      </span>
    </p>
  );
}
