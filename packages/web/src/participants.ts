import { DEFAULT_SPEAKER_LABELS } from '@parley/client';

/**
 * Speaker names as the SDK prints them (agent on participantOne, customer on participantTwo),
 * so the page, the CLI and exported subtitles agree.
 */
export function participantLabel(scope: string): string {
  return scope in DEFAULT_SPEAKER_LABELS
    ? DEFAULT_SPEAKER_LABELS[scope as keyof typeof DEFAULT_SPEAKER_LABELS]
    : scope;
}
