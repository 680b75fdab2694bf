import { isFailure, type InteractionStatusValue } from '@parley/client';

// Which statuses are final or failures is the contract's decision; the SDK passes it on.
export { isFailure as isFailed, isTerminal } from '@parley/client';

const LABELS: Record<InteractionStatusValue, string> = {
  declared: 'Declared',
  filePendingUpload: 'Waiting for upload',
  fileUploading: 'Uploading',
  fileUploaded: 'Uploaded',
  fileUploadFailed: 'Upload failed',
  filePendingDownload: 'Waiting to download',
  fileDownloading: 'Downloading',
  fileDownloaded: 'Downloaded',
  fileDownloadFailed: 'Download failed',
  pendingProcessing: 'Queued',
  processing: 'Processing',
  processed: 'Processed',
  processingFailed: 'Processing failed',
};

export function statusLabel(status: string | undefined): string {
  if (status === undefined) return 'Unknown';
  return status in LABELS ? LABELS[status as InteractionStatusValue] : status;
}

export function statusTone(status: string | undefined): 'ok' | 'bad' | 'busy' {
  if (status === 'processed') return 'ok';
  if (isFailure(status)) return 'bad';
  return 'busy';
}
