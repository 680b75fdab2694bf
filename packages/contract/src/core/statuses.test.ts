import { describe, expect, it } from 'vitest';
import {
  FAILURE_STATUSES,
  STATUSES,
  TERMINAL_STATUSES,
  TRANSITIONS,
  isFailure,
  isTerminal,
  sourcesOf,
} from './statuses.js';

const canTransition = (from: (typeof STATUSES)[number], to: (typeof STATUSES)[number]) =>
  (TRANSITIONS[from] as readonly string[]).includes(to);

describe('status transitions', () => {
  it('covers all 13 statuses', () => {
    expect(STATUSES).toHaveLength(13);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATUSES].sort());
  });

  it('lets nothing leave a final status', () => {
    for (const status of TERMINAL_STATUSES) expect(TRANSITIONS[status]).toEqual([]);
  });

  it('reads the final and failure statuses off the table', () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual([
      'fileDownloadFailed',
      'fileUploadFailed',
      'processed',
      'processingFailed',
    ]);
    expect(FAILURE_STATUSES).not.toContain('processed');
    expect(STATUSES.filter((s) => isTerminal(s))).toEqual(TERMINAL_STATUSES);
    expect(STATUSES.filter((s) => isFailure(s))).toEqual(FAILURE_STATUSES);
    // A failure status a newer server adds still reads as a failure, and unknown others as pending.
    expect(isFailure('transcodeFailed')).toBe(true);
    expect(isTerminal('transcoding')).toBe(false);
    expect(isTerminal(undefined)).toBe(false);
  });

  it('follows the upload, download and inline paths', () => {
    const path = (...steps: Array<(typeof STATUSES)[number]>) =>
      steps.slice(1).every((to, i) => canTransition(steps[i] as (typeof STATUSES)[number], to));
    expect(
      path(
        'declared',
        'filePendingUpload',
        'fileUploading',
        'fileUploaded',
        'pendingProcessing',
        'processing',
        'processed',
      ),
    ).toBe(true);
    expect(
      path('declared', 'filePendingDownload', 'fileDownloading', 'fileDownloaded', 'pendingProcessing'),
    ).toBe(true);
    expect(path('declared', 'pendingProcessing', 'processing', 'processingFailed')).toBe(true);
    expect(canTransition('filePendingUpload', 'processing')).toBe(false);
    expect(canTransition('processed', 'processing')).toBe(false);
  });

  it('only failed uploads come from fileUploading', () => {
    expect(sourcesOf('fileUploadFailed')).toEqual(['fileUploading']);
    expect(sourcesOf('fileDownloadFailed')).toEqual(['fileDownloading']);
  });
});
