import type { InteractionStatusValue } from '@parley/client';

export function isFailed(status: string | undefined): boolean {
  return status !== undefined && status.endsWith('Failed');
}

export function isTerminal(status: string | undefined): boolean {
  return status === 'processed' || isFailed(status);
}

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
  if (isFailed(status)) return 'bad';
  return 'busy';
}
