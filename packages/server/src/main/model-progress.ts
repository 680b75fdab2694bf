import type { DownloadProgress, ModelSpec } from '@parley/engine';

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(0);
}

/**
 * Reports a model download on the terminal: a redrawn bar on a TTY, a line every 10 % (or every
 * 50 MB when the size is unknown) in a log file.
 */
export function modelProgressReporter(out: NodeJS.WriteStream = process.stderr) {
  let lastStep = -1;
  let lastDraw = 0;
  return {
    onProgress(spec: ModelSpec, { receivedBytes, totalBytes }: DownloadProgress): void {
      const total = totalBytes ?? spec.approxBytes;
      const fraction = total === undefined ? undefined : Math.min(1, receivedBytes / total);
      if (out.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 200 && receivedBytes !== totalBytes) return;
        lastDraw = now;
        const width = 30;
        const filled = fraction === undefined ? 0 : Math.round(fraction * width);
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
        const percent = fraction === undefined ? '' : ` ${Math.floor(fraction * 100)}%`;
        const of = total === undefined ? '' : ` / ${megabytes(total)}`;
        out.write(`\r${spec.id} ${bar}${percent} ${megabytes(receivedBytes)}${of} MB   `);
        return;
      }
      const step =
        fraction === undefined ? Math.floor(receivedBytes / 50_000_000) : Math.floor(fraction * 10);
      if (step === lastStep) return;
      lastStep = step;
      const percent = fraction === undefined ? '' : ` (${Math.floor(fraction * 100)}%)`;
      out.write(`${spec.id}: ${megabytes(receivedBytes)} MB received${percent}\n`);
    },
    onDone(spec: ModelSpec, outcome: { dir: string } | { error: Error }): void {
      if (out.isTTY && lastDraw > 0) out.write('\n');
      if ('dir' in outcome) out.write(`${spec.id}: installed in ${outcome.dir}; audio now uses it\n`);
      else
        out.write(
          `${spec.id} could not be fetched (${outcome.error.message.split('. ')[0] ?? ''}); audio uses the fallback recogniser if one is installed\n`,
        );
      lastStep = -1;
      lastDraw = 0;
    },
  };
}
