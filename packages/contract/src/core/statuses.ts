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

/**
 * Every allowed status change. A few edges go backwards on purpose: an upload refused as too large
 * returns to `filePendingUpload` so the client can send a smaller file, and a processing attempt
 * that will be retried returns to `pendingProcessing`.
 */
export const TRANSITIONS = {
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
} as const satisfies Readonly<Record<InteractionStatus, readonly InteractionStatus[]>>;

/** The statuses no transition leaves: the interaction is finished, well or badly. */
export type TerminalStatus = {
  [S in InteractionStatus]: (typeof TRANSITIONS)[S] extends readonly [] ? S : never;
}[InteractionStatus];

/** The terminal statuses other than `processed`. */
export type FailureStatus = Exclude<TerminalStatus, 'processed'>;

/** Read off the transition table, so the two cannot disagree. */
export const TERMINAL_STATUSES: readonly TerminalStatus[] = STATUSES.filter(
  (status): status is TerminalStatus => TRANSITIONS[status].length === 0,
);

export const FAILURE_STATUSES: readonly FailureStatus[] = TERMINAL_STATUSES.filter(
  (status): status is FailureStatus => status !== 'processed',
);

export function isStatus(value: unknown): value is InteractionStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/**
 * Whether the interaction ended in a failure status. Every failure status ends in `Failed`, so a
 * status a newer server adds in that form counts as one too.
 */
export function isFailure(status: string | undefined): boolean {
  return (
    status !== undefined &&
    ((FAILURE_STATUSES as readonly string[]).includes(status) || status.endsWith('Failed'))
  );
}

/** Whether the interaction is finished, well (`processed`) or badly (see `isFailure`). */
export function isTerminal(status: string | undefined): boolean {
  return status === 'processed' || isFailure(status);
}

/** Whether the lifecycle allows moving from one status to another. */
export function canTransition(from: InteractionStatus, to: InteractionStatus): boolean {
  return (TRANSITIONS[from] as readonly InteractionStatus[]).includes(to);
}

/** The statuses from which `to` may be reached. */
export function sourcesOf(to: InteractionStatus): InteractionStatus[] {
  return STATUSES.filter((from) => canTransition(from, to));
}
