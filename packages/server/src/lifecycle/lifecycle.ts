import type { FailureCode } from '../errors/codes.js';
import type { InteractionResults, InteractionStore, NewInteraction, StatusChange } from '../store/types.js';
import type { FailureStatus, InteractionStatus } from './statuses.js';
import { sourcesOf } from './transitions.js';

export type Clock = () => Date;

/**
 * The only code that writes an interaction's status. Each method is one named step of the
 * lifecycle; it returns false when the interaction was not in a status the step may start from
 * (another request or worker got there first, or it was deleted).
 */
export interface Lifecycle {
  /** Stores a new interaction as `declared` and moves it to where it waits for its source. */
  declare(interaction: NewInteraction): Promise<InteractionStatus>;
  /** Moves an interaction left in `declared` (the process stopped right after storing it) on. */
  leaveDeclared(interaction: Pick<NewInteraction, 'id' | 'type' | 'downloadUri'>): Promise<InteractionStatus>;
  startUpload(id: string): Promise<boolean>;
  /** The upload was refused (too large, no file): the client may try again. */
  reopenUpload(id: string): Promise<boolean>;
  finishUpload(id: string, audio: { blobKey: string; filename: string | null }): Promise<boolean>;
  startDownload(id: string): Promise<boolean>;
  /** A transient download failure that will be retried. */
  reopenDownload(id: string): Promise<boolean>;
  finishDownload(id: string, audio: { blobKey: string; filename: string | null }): Promise<boolean>;
  /** fileUploaded / fileDownloaded -> pendingProcessing. */
  queueForProcessing(id: string): Promise<boolean>;
  startProcessing(id: string): Promise<boolean>;
  /** A processing attempt failed and will be retried. */
  requeueProcessing(id: string): Promise<boolean>;
  completeProcessing(id: string, results: InteractionResults): Promise<boolean>;
  /**
   * Ends an interaction that was in `from` in the failure status that stage leads to: an upload
   * in progress in fileUploadFailed, a download in fileDownloadFailed, anything else in
   * processingFailed.
   */
  fail(id: string, from: InteractionStatus, error: { code: FailureCode; message: string }): Promise<boolean>;
}

/** The failure status an interaction failing in `status` ends in. */
export function failureStatusOf(status: InteractionStatus): FailureStatus {
  if (status === 'fileUploading') return 'fileUploadFailed';
  if (status === 'filePendingDownload' || status === 'fileDownloading') return 'fileDownloadFailed';
  return 'processingFailed';
}

/**
 * Called after an interaction's final status committed, with the webhook outbox row written in
 * the same transaction; it sends the delivery job. It must not throw: the status is already
 * final, and a send lost here is made by the webhook reconcile.
 */
export type EndedHook = (id: string) => Promise<void>;

export function createLifecycle(
  store: InteractionStore,
  now: Clock = () => new Date(),
  ended: EndedHook = () => Promise.resolve(),
): Lifecycle {
  const move = (id: string, to: InteractionStatus, extra: Omit<StatusChange, 'from' | 'to'> = {}) =>
    store.changeStatus(id, { from: sourcesOf(to), to, ...extra });
  const thenEnded = async (id: string, changed: Promise<boolean>) => {
    if (!(await changed)) return false;
    await ended(id);
    return true;
  };

  const queueForProcessing = async (id: string) => move(id, 'pendingProcessing');

  const leaveDeclared: Lifecycle['leaveDeclared'] = async (interaction) => {
    const next: InteractionStatus =
      interaction.type !== 'audio'
        ? 'pendingProcessing'
        : interaction.downloadUri !== null
          ? 'filePendingDownload'
          : 'filePendingUpload';
    await move(interaction.id, next);
    return next;
  };

  return {
    async declare(interaction) {
      await store.insert(interaction);
      return leaveDeclared(interaction);
    },
    leaveDeclared,
    startUpload: (id) => move(id, 'fileUploading'),
    reopenUpload: (id) => move(id, 'filePendingUpload'),
    async finishUpload(id, audio) {
      const uploaded = await move(id, 'fileUploaded', {
        audio,
        at: { field: 'uploaded', value: isoNow(now) },
      });
      return uploaded && (await queueForProcessing(id));
    },
    startDownload: (id) => move(id, 'fileDownloading'),
    reopenDownload: (id) => move(id, 'filePendingDownload'),
    async finishDownload(id, audio) {
      const downloaded = await move(id, 'fileDownloaded', {
        audio,
        at: { field: 'downloaded', value: isoNow(now) },
      });
      return downloaded && (await queueForProcessing(id));
    },
    queueForProcessing,
    startProcessing: (id) => move(id, 'processing'),
    requeueProcessing: (id) => move(id, 'pendingProcessing'),
    completeProcessing: (id, results) =>
      thenEnded(
        id,
        store.completeWithResults(id, results, {
          from: sourcesOf('processed'),
          to: 'processed',
          at: { field: 'processed', value: isoNow(now) },
          error: null,
          clearSource: true,
          clearAudio: true,
        }),
      ),
    fail: (id, from, error) => {
      const status = failureStatusOf(from);
      return thenEnded(
        id,
        move(id, status, {
          error,
          // Processing that ended in failure still ended: clients see when.
          ...(status === 'processingFailed'
            ? { at: { field: 'processed' as const, value: isoNow(now) } }
            : {}),
          clearSource: true,
          clearAudio: true,
        }),
      );
    },
  };
}

export function isoNow(now: Clock): string {
  return now().toISOString();
}
