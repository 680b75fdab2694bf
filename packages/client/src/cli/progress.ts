import type { Io } from './output.js';
import { formatSeconds } from './output.js';

interface Row {
  label: string;
  state: string;
  startedAt: number;
  /** When the row reached its final state; its clock stops there. */
  endedAt: number | undefined;
  done: boolean;
}

/**
 * One progress line per input. On a terminal the block of lines is redrawn in place a few times
 * a second; elsewhere (CI logs, files) each change of state is printed once as a plain line.
 */
export class Progress {
  readonly #io: Io;
  readonly #rows: Row[] = [];
  readonly #now: () => number;
  /** Redraw in place, or print plain lines (not a terminal, or more inputs than it has rows). */
  readonly #redraw: boolean;
  #drawn = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(io: Io, labels: readonly string[], now: () => number = Date.now) {
    this.#io = io;
    this.#now = now;
    for (const label of labels) {
      this.#rows.push({ label, state: 'queued', startedAt: now(), endedAt: undefined, done: false });
    }
    this.#redraw = io.errIsTTY && labels.length < io.rows;
    if (this.#redraw) {
      this.#draw();
      this.#timer = setInterval(() => this.#draw(), 250);
      this.#timer.unref?.();
    }
  }

  start(index: number): void {
    const row = this.#rows[index];
    if (row !== undefined) row.startedAt = this.#now();
  }

  update(index: number, state: string, done = false): void {
    const row = this.#rows[index];
    if (row === undefined || (row.state === state && row.done === done)) return;
    const changed = row.state !== state;
    row.state = state;
    row.done = done;
    if (done) row.endedAt = this.#now();
    if (this.#redraw) this.#draw();
    else if (changed) this.#io.err(`${row.label}: ${state}\n`);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#redraw) this.#draw();
  }

  #draw(): void {
    const width = Math.max(40, this.#io.columns - 1);
    const labelWidth = Math.min(40, Math.max(...this.#rows.map((r) => r.label.length)));
    const lines = this.#rows.map((row) => {
      const elapsed =
        row.state === 'queued' ? '' : formatSeconds((row.endedAt ?? this.#now()) - row.startedAt);
      const mark = row.done ? (row.state === 'processed' ? '✔' : '✖') : row.state === 'queued' ? '·' : '…';
      const label = row.label.length > labelWidth ? `…${row.label.slice(-labelWidth + 1)}` : row.label;
      return `${mark} ${label.padEnd(labelWidth)}  ${row.state.padEnd(20)} ${elapsed}`.slice(0, width);
    });
    // Move up over the previous block, then rewrite each line and clear what it left behind.
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}F` : '';
    this.#io.err(up + lines.map((line) => `\x1b[2K${line}\n`).join(''));
    this.#drawn = lines.length;
  }
}
