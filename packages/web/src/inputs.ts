import type { Chat, TranscriptInput } from '@parley/client';

/** Thrown for pasted JSON the dashboard can tell is wrong before sending it. */
export class InputError extends Error {
  override name = 'InputError';
}

function parseObject(text: string): Record<string, unknown> {
  if (!text.trim()) throw new InputError('Paste the JSON or load a file first.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`This is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('Expected a JSON object.');
  }
  return value as Record<string, unknown>;
}

/**
 * A chat as pasted: either the `chat` object itself or a whole declare body around it. Only the
 * outline is checked here; the server validates every field and says what to fix.
 */
export function parseChat(text: string): Chat {
  const object = parseObject(text);
  const chat = (typeof object.chat === 'object' && object.chat !== null ? object.chat : object) as Record<
    string,
    unknown
  >;
  if (!Array.isArray(chat.participants) || !Array.isArray(chat.messages)) {
    throw new InputError('A chat needs a "participants" array and a "messages" array.');
  }
  return chat as unknown as Chat;
}

const SCOPES = ['allParticipants', 'participantOne', 'participantTwo'] as const;

/** A third-party transcript as pasted: the phrase-by-phrase object, or a declare body around it. */
export function parseTranscript(text: string): TranscriptInput {
  const object = parseObject(text);
  const transcript = (
    typeof object.transcript === 'object' && object.transcript !== null ? object.transcript : object
  ) as Record<string, unknown>;
  if (!SCOPES.some((scope) => typeof transcript[scope] === 'object' && transcript[scope] !== null)) {
    throw new InputError(
      'A transcript needs at least one of "allParticipants", "participantOne" or "participantTwo", each with "phrases" and "phraseSegments".',
    );
  }
  return transcript as TranscriptInput;
}
