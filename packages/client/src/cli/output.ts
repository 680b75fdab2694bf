/** Where the CLI writes. Results go to stdout, progress and errors to stderr, so pipes get only data. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal, so progress may redraw lines in place. */
  errIsTTY: boolean;
  /** Terminal size: progress lines are cut to the width, and redrawn only when they fit the height. */
  columns: number;
  rows: number;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns ?? 100,
    rows: process.stderr.rows ?? 24,
  };
}

/** Left-aligned columns, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}
