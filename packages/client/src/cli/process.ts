import { mkdir, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { InteractionFailedError, ParleyError } from '../index.js';
import type { ProcessedInteraction, ProcessOptions } from '../index.js';
import { parsePositiveInteger, stringOption, UsageError } from './args.js';
import type { CommandContext } from './command.js';
import { declareParams, EXIT, waitOptions } from './command.js';
import { outputPaths, resolveInputs } from './inputs.js';
import type { ProcessInput } from './inputs.js';
import { formatSeconds, table } from './output.js';
import { Progress } from './progress.js';

const DEFAULT_CONCURRENCY = 4;

/** What happened to one input; `outcome` decides the exit code. */
interface InputResult {
  input: string;
  outcome: 'processed' | 'failed' | 'error';
  interactionIdentifier: string | null;
  status: string | null;
  errorMessage: string | null;
  elapsedMs: number;
  outputs: { transcript: string; punctuated: string; ai: string | null } | null;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping results in input order. */
async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export async function runProcess(context: CommandContext): Promise<number> {
  const { values, io } = context;
  const params = declareParams(values, 'process');
  const concurrencyText = stringOption(values, 'concurrency');
  const concurrency =
    concurrencyText === undefined
      ? DEFAULT_CONCURRENCY
      : parsePositiveInteger(concurrencyText, '--concurrency', 'process');
  const wait = waitOptions(values, 'process');
  const outDir = stringOption(values, 'out');

  let inputs: ProcessInput[];
  try {
    inputs = await resolveInputs(context.positionals, params);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message, 'process');
    throw error;
  }
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const target = outputPaths(input, outDir).transcript;
    const other = seen.get(target);
    if (other !== undefined) {
      throw new UsageError(
        `${other} and ${input.source} would both write ${target}; rename one or use --out`,
        'process',
      );
    }
    seen.set(target, input.source);
  }
  if (outDir !== undefined) await mkdir(outDir, { recursive: true });

  const progress = new Progress(
    io,
    inputs.map((input) => input.source),
  );
  const started = Date.now();
  let results: InputResult[];
  try {
    results = await mapConcurrent(inputs, concurrency, async (input, index) => {
      progress.start(index);
      const t0 = Date.now();
      let id: string | null = null;
      const options: ProcessOptions = {
        ...params,
        ...wait,
        onProgress: (event) => {
          id = event.interactionIdentifier;
          if (event.stage === 'declared')
            progress.update(index, input.kind === 'audio-file' ? 'uploading' : 'declared');
          else if (event.stage === 'status' && event.status !== undefined) {
            // "processed" is shown once the results are saved, not when the server first says it.
            const state = event.status.status;
            progress.update(index, state === 'processed' ? 'fetching results' : state);
          }
        },
      };
      try {
        const processed = await processOne(context, input, options);
        const outputs = await saveResults(input, outDir, processed);
        progress.update(index, 'processed', true);
        return {
          input: input.source,
          outcome: 'processed',
          interactionIdentifier: processed.interactionIdentifier,
          status: processed.status.status,
          errorMessage: null,
          elapsedMs: Date.now() - t0,
          outputs,
        } satisfies InputResult;
      } catch (error) {
        const failed = error instanceof InteractionFailedError;
        progress.update(index, failed ? error.status : 'error', true);
        return {
          input: input.source,
          outcome: failed ? 'failed' : 'error',
          interactionIdentifier: failed ? error.interactionIdentifier : id,
          status: failed ? error.status : null,
          errorMessage: failed ? (error.errorMessage ?? '(no error message)') : describeError(error),
          elapsedMs: Date.now() - t0,
          outputs: null,
        } satisfies InputResult;
      }
    });
  } finally {
    progress.stop();
  }

  const code = results.some((r) => r.outcome === 'error')
    ? EXIT.error
    : results.some((r) => r.outcome === 'failed')
      ? EXIT.failed
      : EXIT.ok;
  if (context.json) {
    io.out(`${JSON.stringify({ ok: code === EXIT.ok, results }, null, 2)}\n`);
  } else {
    io.out(summary(results, Date.now() - started));
  }
  return code;
}

function processOne(
  context: CommandContext,
  input: ProcessInput,
  options: ProcessOptions,
): Promise<ProcessedInteraction> {
  const interactions = context.client.interactions;
  switch (input.kind) {
    case 'audio-file':
      return interactions.processFile(input.path, options);
    case 'url':
      return interactions.processUrl(input.url, options);
    case 'declare': {
      const { onProgress, timeoutMs, pollIntervalMs } = options;
      return interactions.processDeclared(input.body, {
        ...(onProgress === undefined ? {} : { onProgress }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      });
    }
  }
}

async function saveResults(
  input: ProcessInput,
  outDir: string | undefined,
  processed: ProcessedInteraction,
): Promise<NonNullable<InputResult['outputs']>> {
  const paths = outputPaths(input, outDir);
  await writeFile(paths.transcript, `${JSON.stringify(processed.transcript, null, 2)}\n`);
  await writeFile(paths.punctuated, `${JSON.stringify(processed.punctuated, null, 2)}\n`);
  if (processed.ai !== null) await writeFile(paths.ai, `${JSON.stringify(processed.ai, null, 2)}\n`);
  return {
    transcript: paths.transcript,
    punctuated: paths.punctuated,
    ai: processed.ai === null ? null : paths.ai,
  };
}

function describeError(error: unknown): string {
  if (error instanceof ParleyError) return `[${error.code}] ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function summary(results: readonly InputResult[], elapsedMs: number): string {
  const rows = [['INPUT', 'STATUS', 'INTERACTION', 'TIME', 'RESULTS']];
  for (const r of results) {
    rows.push([
      r.input,
      r.status ?? r.outcome,
      r.interactionIdentifier ?? '-',
      formatSeconds(r.elapsedMs),
      r.outputs === null
        ? '-'
        : relative(process.cwd(), r.outputs.transcript).replace(
            /\.transcript\.json$/,
            r.outputs.ai === null ? '.{transcript,punctuated}.json' : '.{transcript,punctuated,ai}.json',
          ),
    ]);
  }
  let text = `\n${table(rows)}`;
  const problems = results.filter((r) => r.outcome !== 'processed');
  if (problems.length > 0) {
    text += `\n${problems.length} of ${results.length} did not finish:\n`;
    for (const r of problems) text += `  ${r.input}: ${r.errorMessage ?? r.status ?? r.outcome}\n`;
  } else {
    text += `\nAll ${results.length} processed in ${formatSeconds(elapsedMs)}.\n`;
  }
  return text;
}
