import { describe, expect, it } from 'vitest';
import { STATUSES, TERMINAL_STATUSES } from './statuses.js';
import { TRANSITIONS, sourcesOf } from './transitions.js';

const canTransition = (from: (typeof STATUSES)[number], to: (typeof STATUSES)[number]) =>
  TRANSITIONS[from].includes(to);

describe('status transitions', () => {
  it('covers all 13 statuses', () => {
    expect(STATUSES).toHaveLength(13);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATUSES].sort());
  });

  it('lets nothing leave a final status', () => {
    for (const status of TERMINAL_STATUSES) expect(TRANSITIONS[status]).toEqual([]);
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
