import type { Engine, EngineInput } from '@parley/engine';
import { isProcessingError } from '@parley/engine';
import { audioBlobKey, sourceBlobKey } from '../blobs/keys.js';
import { readSource } from '../blobs/source-blobs.js';
import type { BlobStore, LocalFile } from '../blobs/types.js';
import { downloadToBlob, type DownloadOptions } from '../download/fetch-to-blob.js';
import { InteractionFailure } from '../errors/failure.js';
import type { FailureCode } from '../errors/codes.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { isTerminal } from '../lifecycle/statuses.js';
import type { JobMetrics } from '../metrics/metrics.js';
import type { InteractionRecord, InteractionStore } from '../store/types.js';

export interface ProcessDeps {
  interactions: InteractionStore;
  lifecycle: Lifecycle;
  blobs: BlobStore;
  engine: Engine;
  download: DownloadOptions;
  jobTimeoutMs: number;
  /** Runs of one job, counting ones whose worker died, before the interaction is failed. */
  maxAttempts: number;
  /** Counts outcomes and processing time (the /metrics endpoint); absent, nothing is counted. */
  metrics?: JobMetrics;
}

/** How a failed attempt is classified: the code and message stored if it is the last one. */
export interface AttemptFailure {
  code: FailureCode;
  message: string;
  retryable: boolean;
}

/**
 * Processing one interaction, as steps a transport (the `interaction.process` queue's handler)
 * runs: `advance` moves it as far as it can go: fetch its audio when it has a downloadUri, then
 * process it and store the results. Safe to run again after a crash at any point: each step
 * starts from the status the interaction is in, and storing results is a compare-and-set.
 * `giveUp` ends it in its failure status; `prepareRetry` puts it back where it waits.
 */
export function createProcessing(deps: ProcessDeps) {
  const { interactions, lifecycle, blobs, engine } = deps;

  async function advance(interactionId: string, attempt: number, signal: AbortSignal): Promise<void> {
    let interaction = await interactions.find(interactionId);
    if (interaction === undefined || isTerminal(interaction.status)) {
      // A run that stopped between finishing and deleting the source is run again: finish that.
      if (interaction === undefined || interaction.type !== 'audio')
        await blobs.delete(sourceBlobKey(interactionId));
      return;
    }

    if (attempt > deps.maxAttempts) {
      throw new InteractionFailure(
        'attempts_exhausted',
        `Stopped after ${deps.maxAttempts} attempts that never finished (the worker was killed or crashed each time).`,
      );
    }

    if (interaction.status === 'filePendingDownload' || interaction.status === 'fileDownloading') {
      if (interaction.status === 'filePendingDownload') await lifecycle.startDownload(interaction.id);
      const key = audioBlobKey(interaction.id);
      const { filename } = await downloadToBlob(
        interaction.downloadUri ?? '',
        blobs,
        key,
        deps.download,
        signal,
      );
      await lifecycle.finishDownload(interaction.id, {
        blobKey: key,
        filename: interaction.originalFilename ?? filename,
      });
      interaction = await interactions.find(interaction.id);
      if (interaction === undefined) return;
    }

    if (interaction.status === 'fileUploaded' || interaction.status === 'fileDownloaded') {
      await lifecycle.queueForProcessing(interaction.id);
    } else if (interaction.status !== 'pendingProcessing' && interaction.status !== 'processing') {
      // Still waiting for its upload: nothing to do until the upload enqueues it again.
      return;
    }
    if (interaction.status !== 'processing' && !(await lifecycle.startProcessing(interaction.id))) return;

    const timeout = AbortSignal.timeout(deps.jobTimeoutMs);
    const jobSignal = AbortSignal.any([signal, timeout]);
    let local: LocalFile | undefined;
    try {
      const input = await engineInput(interaction, (file) => (local = file));
      const started = performance.now();
      const result = await engine.process({
        input,
        languageTag: interaction.languageTag,
        includeAiResults: interaction.includeAiResults,
        ...(interaction.agentChannel !== null ? { agentChannel: interaction.agentChannel } : {}),
        ...(interaction.redactionPolicies ? { redactionPolicies: interaction.redactionPolicies } : {}),
        signal: jobSignal,
      });
      const processingSeconds = (performance.now() - started) / 1000;
      const stored = await lifecycle.completeProcessing(interaction.id, {
        transcript: result.transcript,
        punctuated: result.punctuated,
        ai: result.ai,
      });
      if (stored) {
        deps.metrics?.processed(
          interaction.type,
          processingSeconds,
          interaction.type === 'audio' ? result.durationMs / 1000 : undefined,
        );
        await deleteSources(interaction);
      }
    } catch (error) {
      if (timeout.aborted && !signal.aborted) {
        throw new InteractionFailure(
          'timeout',
          `Processing took longer than ${deps.jobTimeoutMs} ms (PARLEY_JOB_TIMEOUT_MS).`,
          {
            cause: error,
          },
        );
      }
      throw error;
    } finally {
      await (local as LocalFile | undefined)?.release();
    }
  }

  async function engineInput(
    interaction: InteractionRecord,
    hold: (file: LocalFile) => void,
  ): Promise<EngineInput> {
    if (interaction.type === 'audio') {
      if (interaction.audioBlobKey === null) {
        throw new InteractionFailure('internal', 'The audio of this interaction is missing from storage.');
      }
      const file = await blobs.getLocalFile(interaction.audioBlobKey);
      hold(file);
      return {
        kind: 'audio',
        filePath: file.path,
        ...(interaction.audioFilename !== null ? { filename: interaction.audioFilename } : {}),
      };
    }
    const source = await readSource(blobs, interaction);
    if (source === null)
      throw new InteractionFailure('internal', 'The source of this interaction is missing from storage.');
    return source.kind === 'chat'
      ? { kind: 'chat', chat: source.chat }
      : { kind: 'transcript', transcript: source.transcript };
  }

  /** After the last attempt (or a permanent failure): the failure status, and the source goes. */
  async function giveUp(interactionId: string, failure: AttemptFailure, attempts: number): Promise<void> {
    const interaction = await interactions.find(interactionId);
    if (interaction === undefined || isTerminal(interaction.status)) return;
    const message =
      failure.retryable && attempts > 1
        ? `${failure.message} (gave up after ${attempts} attempts)`
        : failure.message;
    const failed = await lifecycle.fail(interaction.id, interaction.status, {
      code: failure.code,
      message,
    });
    if (failed) deps.metrics?.failed(interaction.type, failure.code);
    await deleteSources(interaction);
  }

  /** Audio, chats and transcripts are deleted once processed or failed. */
  async function deleteSources(interaction: InteractionRecord): Promise<void> {
    if (interaction.type === 'audio')
      await blobs.delete(interaction.audioBlobKey ?? audioBlobKey(interaction.id));
    else await blobs.delete(interaction.sourceBlobKey ?? sourceBlobKey(interaction.id));
  }

  /** Before a retry: back to the waiting status, so /status tells the truth meanwhile. */
  async function prepareRetry(interactionId: string, code: FailureCode): Promise<void> {
    const interaction = await interactions.find(interactionId);
    if (interaction !== undefined) deps.metrics?.retried(interaction.type, code);
    if (interaction?.status === 'processing') await lifecycle.requeueProcessing(interactionId);
    if (interaction?.status === 'fileDownloading') await lifecycle.reopenDownload(interactionId);
  }

  return { advance, giveUp, prepareRetry };
}

export type Processing = ReturnType<typeof createProcessing>;

export function classifyFailure(error: unknown): AttemptFailure {
  if (error instanceof InteractionFailure || isProcessingError(error)) {
    return { code: error.code, message: error.message, retryable: error.retryable };
  }
  return {
    code: 'internal',
    message: 'Processing failed with an internal error; the server log has the details.',
    retryable: true,
  };
}
