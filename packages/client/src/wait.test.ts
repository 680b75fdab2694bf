import { describe, expect, it } from 'vitest';
import { InteractionFailedError } from './errors.js';
import type { InteractionStatus, InteractionStatusValue } from './types.js';
import { defaultPollIntervalMs, waitUntilProcessed } from './wait.js';

function statusOf(status: InteractionStatusValue, errorMessage: string | null = null): InteractionStatus {
  return {
    identifier: 'i-1',
    status,
    declared: '',
    uploaded: null,
    downloaded: null,
    processed: null,
    errorMessage,
  };
}

/** Status answers in order, and a count of the type look-ups. */
function scripted(baseUrl: string, ...statuses: InteractionStatus[]) {
  const calls = { status: 0, type: 0 };
  return {
    calls,
    deps: {
      baseUrl,
      getStatus: async () => statuses[Math.min(calls.status++, statuses.length - 1)] as InteractionStatus,
      getType: async () => {
        calls.type++;
        return 'chat' as const;
      },
    },
  };
}

describe('defaultPollIntervalMs', () => {
  it('follows ElevateAI advice on the hosted service and polls faster on Parley', () => {
    expect(defaultPollIntervalMs('audio', 'https://api.elevateai.com/v1')).toBe(30_000);
    expect(defaultPollIntervalMs('chat', 'https://api.elevateai.com/v1')).toBe(5_000);
    expect(defaultPollIntervalMs('transcript', 'https://api.elevateai.com/v1')).toBe(5_000);
    expect(defaultPollIntervalMs('audio', 'http://127.0.0.1:8080/v1')).toBe(2_000);
    expect(defaultPollIntervalMs('chat', 'http://parley.internal/v1')).toBe(500);
  });
});

describe('waitUntilProcessed', () => {
  it('looks the type up once when the status does not tell it', async () => {
    const { deps, calls } = scripted('http://x/v1', statusOf('pendingProcessing'), statusOf('processed'));
    const final = await waitUntilProcessed(deps, 'i-1');
    expect(final.status).toBe('processed');
    expect(calls).toEqual({ status: 2, type: 1 });
  });

  it('needs no look-up when an upload status shows it is audio, or when the interval is given', async () => {
    const first = scripted(
      'http://x/v1',
      statusOf('filePendingUpload'),
      statusOf('processingFailed', 'bad audio'),
    );
    await expect(waitUntilProcessed(first.deps, 'i-1')).rejects.toThrow(InteractionFailedError);
    expect(first.calls.type).toBe(0);

    const second = scripted('http://x/v1', statusOf('processing'), statusOf('processed'));
    await waitUntilProcessed(second.deps, 'i-1', { pollIntervalMs: 1 });
    expect(second.calls.type).toBe(0);
  });

  it('stops on any failure status with its message', async () => {
    const { deps } = scripted('http://x/v1', statusOf('fileDownloadFailed', 'host refused'));
    const error = await waitUntilProcessed(deps, 'i-1').catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 'fileDownloadFailed',
      errorMessage: 'host refused',
      interactionIdentifier: 'i-1',
    });
  });
});
