import type { ParticipantScope, VoiceActivitySegment, Word } from '../types.js';

/**
 * Words closer together than this are one stretch of voice: gaps between words of one phrase
 * are not silences anyone would mark.
 */
const JOIN_GAP_MS = 500;

function timeline(words: readonly Word[], durationMs: number): VoiceActivitySegment[] {
  const voiced: Array<{ start: number; end: number }> = [];
  for (const word of [...words].sort((a, b) => a.startMs - b.startMs)) {
    const last = voiced[voiced.length - 1];
    if (last && word.startMs - last.end < JOIN_GAP_MS) last.end = Math.max(last.end, word.endMs);
    else voiced.push({ start: word.startMs, end: word.endMs });
  }
  const segments: VoiceActivitySegment[] = [];
  let cursor = 0;
  for (const { start, end } of voiced) {
    if (start > cursor) segments.push({ startTimeOffset: cursor, endTimeOffset: start, result: 'silence' });
    segments.push({ startTimeOffset: start, endTimeOffset: end, result: 'voice' });
    cursor = Math.max(cursor, end);
  }
  if (segments.length > 0 && durationMs > cursor) {
    segments.push({ startTimeOffset: cursor, endTimeOffset: durationMs, result: 'silence' });
  }
  return segments;
}

/**
 * Voice activity for a transcript, which has no audio: a scope is speaking while its phrases
 * run (phrases less than half a second apart joined), silent otherwise, from 0 to the end of
 * the interaction. allParticipants is voiced when anyone speaks. A scope without words has no
 * timeline (empty array), as for mono audio's participantOne/participantTwo.
 */
export function voiceActivityFromWords(
  words: readonly Word[],
  durationMs: number,
): Record<ParticipantScope, VoiceActivitySegment[]> {
  return {
    allParticipants: timeline(words, durationMs),
    participantOne: timeline(
      words.filter((word) => word.participant === 'participantOne'),
      durationMs,
    ),
    participantTwo: timeline(
      words.filter((word) => word.participant === 'participantTwo'),
      durationMs,
    ),
  };
}

export function noVoiceActivity(): Record<ParticipantScope, VoiceActivitySegment[]> {
  return { allParticipants: [], participantOne: [], participantTwo: [] };
}
