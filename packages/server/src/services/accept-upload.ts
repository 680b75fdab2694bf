import type { Readable } from 'node:stream';
import { audioBlobKey } from '../blobs/keys.js';
import { BlobTooLargeError, type BlobStore } from '../blobs/types.js';
import { ApiError } from '../errors/api-error.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import { enqueueProcessing, type BackgroundWork } from '../queue/port.js';
import type { InteractionRecord } from '../store/types.js';

export interface UploadDeps {
  lifecycle: Lifecycle;
  queue: Pick<BackgroundWork, 'send'>;
  blobs: BlobStore;
  /** PARLEY_MAX_UPLOAD_BYTES */
  maxUploadBytes: number;
}

/** One uploaded file, as the transport hands it over. */
export interface UploadedFile {
  stream: Readable;
  /** The client's file name (it tells the format), or null when it gave none. */
  filename: string | null;
  /** Whether the transport cut the file short at its own size limit. */
  truncated(): boolean;
}

/** Refuses, before the body is read, an interaction that takes no upload now. */
export function checkUploadable(interaction: InteractionRecord): void {
  if (interaction.type !== 'audio') {
    throw new ApiError(
      'upload_conflict',
      `Interaction ${interaction.id} is a ${interaction.type} interaction; only audio interactions take an upload.`,
    );
  }
  if (interaction.downloadUri !== null) {
    throw new ApiError(
      'upload_conflict',
      `Interaction ${interaction.id} was declared with a downloadUri; the server fetches the audio from there, so it takes no upload.`,
    );
  }
  if (interaction.status !== 'filePendingUpload') {
    throw new ApiError(
      'upload_conflict',
      `Interaction ${interaction.id} is ${interaction.status}; it takes one upload, while filePendingUpload. Declare a new interaction to send another file.`,
    );
  }
}

/**
 * Stores the audio of an interaction waiting for its upload and queues it for a worker. A file
 * that is too large leaves the interaction waiting for another upload; one that breaks off fails
 * the interaction (the client declares again). Either way nothing of the file is kept.
 */
export async function acceptUpload(
  deps: UploadDeps,
  interaction: InteractionRecord,
  file: UploadedFile,
): Promise<void> {
  const { lifecycle, blobs } = deps;
  if (!(await lifecycle.startUpload(interaction.id))) {
    file.stream.resume();
    throw new ApiError(
      'upload_conflict',
      `Interaction ${interaction.id} is already receiving or has received its upload.`,
    );
  }
  const key = audioBlobKey(interaction.id);
  try {
    await blobs.put(key, file.stream, { maxBytes: deps.maxUploadBytes });
    if (file.truncated()) throw new BlobTooLargeError(deps.maxUploadBytes);
  } catch (error) {
    await blobs.delete(key);
    // FST_REQ_FILE_TOO_LARGE: the multipart reader's own limit, raised through the stream.
    if (
      error instanceof BlobTooLargeError ||
      (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
    ) {
      await lifecycle.reopenUpload(interaction.id);
      throw new ApiError(
        'payload_too_large',
        `The file is larger than this server accepts (${deps.maxUploadBytes} bytes, PARLEY_MAX_UPLOAD_BYTES). Nothing was kept; upload a smaller file to the same interaction.`,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    await lifecycle.fail(interaction.id, 'fileUploading', {
      code: 'upload_interrupted',
      message: `The upload broke off before the whole file arrived (${reason}). Declare the interaction again and upload the complete file.`,
    });
    throw new ApiError('validation_failed', `The upload broke off before the whole file arrived: ${reason}`, {
      cause: error,
    });
  }
  if (await lifecycle.finishUpload(interaction.id, { blobKey: key, filename: file.filename })) {
    await enqueueProcessing(deps.queue, interaction);
  }
}
