/** The 13 ElevateAI interaction statuses, in the order an interaction usually moves through them. */
export const STATUSES = [
  'declared',
  'filePendingUpload',
  'fileUploading',
  'fileUploaded',
  'fileUploadFailed',
  'filePendingDownload',
  'fileDownloading',
  'fileDownloaded',
  'fileDownloadFailed',
  'pendingProcessing',
  'processing',
  'processed',
  'processingFailed',
] as const;

export type InteractionStatus = (typeof STATUSES)[number];

export type FailureStatus = 'fileUploadFailed' | 'fileDownloadFailed' | 'processingFailed';

export const TERMINAL_STATUSES: ReadonlySet<InteractionStatus> = new Set([
  'processed',
  'fileUploadFailed',
  'fileDownloadFailed',
  'processingFailed',
]);

export function isTerminal(status: InteractionStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}
