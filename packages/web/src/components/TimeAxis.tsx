import { formatClock } from '../format.js';
import { timeTicks } from '../timeline.js';

interface Props {
  durationMs: number;
  x: (ms: number) => number;
  y: number;
}

/** Tick marks and m:ss labels along the bottom of a time chart. */
export function TimeAxis({ durationMs, x, y }: Props) {
  return (
    <g class="axis" aria-hidden="true">
      <line x1={x(0)} x2={x(durationMs)} y1={y} y2={y} />
      {timeTicks(durationMs).map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={y} y2={y + 4} />
          <text x={x(t)} y={y + 16} text-anchor="middle">
            {formatClock(t)}
          </text>
        </g>
      ))}
    </g>
  );
}
