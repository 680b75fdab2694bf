import type { InteractionStatus } from './statuses.js';

/**
 * Every allowed status change. A few edges go backwards on purpose: an upload refused as too large
 * returns to `filePendingUpload` so the client can send a smaller file, and a processing attempt
 * that will be retried returns to `pendingProcessing`.
 */
export const TRANSITIONS: Readonly<Record<InteractionStatus, readonly InteractionStatus[]>> = {
  declared: ['filePendingUpload', 'filePendingDownload', 'pendingProcessing'],
  filePendingUpload: ['fileUploading'],
  fileUploading: ['fileUploaded', 'fileUploadFailed', 'filePendingUpload'],
  fileUploaded: ['pendingProcessing'],
  fileUploadFailed: [],
  filePendingDownload: ['fileDownloading'],
  fileDownloading: ['fileDownloaded', 'fileDownloadFailed', 'filePendingDownload'],
  fileDownloaded: ['pendingProcessing'],
  fileDownloadFailed: [],
  pendingProcessing: ['processing', 'processingFailed'],
  processing: ['processed', 'processingFailed', 'pendingProcessing'],
  processed: [],
  processingFailed: [],
};

/** The statuses from which `to` may be reached. */
export function sourcesOf(to: InteractionStatus): InteractionStatus[] {
  return (Object.keys(TRANSITIONS) as InteractionStatus[]).filter((from) => TRANSITIONS[from].includes(to));
}
