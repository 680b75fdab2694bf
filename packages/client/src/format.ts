/**
 * Renders a punctuated transcript for people and players: readable text lines, SubRip (SRT) and
 * WebVTT, one cue per sentence with the speaker's label in front.
 */
import type { ParticipantScope, PunctuatedTranscript, SentenceSegment } from './types.js';

export type SpeakerLabels = Record<ParticipantScope, string>;

/**
 * Parley puts the agent on participantOne (stereo channel 0, chat role `agent`) and the customer
 * on participantTwo; undiarized audio belongs to allParticipants.
 */
export const DEFAULT_SPEAKER_LABELS: SpeakerLabels = {
  participantOne: 'Agent',
  participantTwo: 'Customer',
  allParticipants: 'Speaker',
};

export type TranscriptFormat = 'text' | 'srt' | 'vtt' | 'json';
export const TRANSCRIPT_FORMATS: readonly TranscriptFormat[] = ['text', 'srt', 'vtt', 'json'];

/** A cue shorter than this is stretched so players show it (chat messages have no duration). */
const MIN_CUE_MS = 1000;

/** `[mm:ss.t]` style clock for text lines: `01:02.3`, or `1:02:03.4` past an hour. */
export function formatClock(ms: number): string {
  const tenths = Math.floor(Math.max(0, ms) / 100);
  const hours = Math.floor(tenths / 36_000);
  const minutes = Math.floor((tenths % 36_000) / 600);
  const seconds = Math.floor((tenths % 600) / 10);
  const base = `${pad(minutes, 2)}:${pad(seconds, 2)}.${tenths % 10}`;
  return hours > 0 ? `${hours}:${base}` : base;
}

/** `hh:mm:ss<sep>mmm`: SRT uses a comma before the milliseconds, WebVTT a dot. */
export function formatCueTime(ms: number, separator: ',' | '.'): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${separator}${pad(total % 1000, 3)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function ordered(transcript: PunctuatedTranscript): SentenceSegment[] {
  return [...transcript.sentenceSegments].sort((a, b) => a.startTimeOffset - b.startTimeOffset);
}

function labelOf(segment: SentenceSegment, labels: SpeakerLabels): string {
  return labels[segment.participant] ?? segment.participant;
}

/** One line per sentence: `[00:01.4] Agent: Thanks for calling.` */
export function toText(
  transcript: PunctuatedTranscript,
  labels: SpeakerLabels = DEFAULT_SPEAKER_LABELS,
): string {
  return ordered(transcript)
    .map((s) => `[${formatClock(s.startTimeOffset)}] ${labelOf(s, labels)}: ${oneLine(s.phrase)}\n`)
    .join('');
}

interface Cue {
  startMs: number;
  endMs: number;
  label: string;
  text: string;
}

function cues(transcript: PunctuatedTranscript, labels: SpeakerLabels): Cue[] {
  return ordered(transcript).map((s) => ({
    startMs: s.startTimeOffset,
    endMs: Math.max(s.endTimeOffset, s.startTimeOffset + MIN_CUE_MS),
    label: labelOf(s, labels),
    text: oneLine(s.phrase),
  }));
}

/** Collapses line breaks: a blank line inside a cue would end it early in both formats. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** SubRip: numbered cues, `Agent: ` in front of each sentence. */
export function toSrt(
  transcript: PunctuatedTranscript,
  labels: SpeakerLabels = DEFAULT_SPEAKER_LABELS,
): string {
  return cues(transcript, labels)
    .map(
      (cue, index) =>
        `${index + 1}\n${formatCueTime(cue.startMs, ',')} --> ${formatCueTime(cue.endMs, ',')}\n` +
        `${cue.label}: ${cue.text.replace(/-->/g, '->')}\n`,
    )
    .join('\n');
}

function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * WebVTT: each cue carries the speaker twice, as a voice span (`<v Agent>`, which tools read)
 * and as a visible `Agent: ` prefix (browsers do not display voice names).
 */
export function toVtt(
  transcript: PunctuatedTranscript,
  labels: SpeakerLabels = DEFAULT_SPEAKER_LABELS,
): string {
  const body = cues(transcript, labels)
    .map((cue) => {
      const label = escapeVtt(cue.label);
      return (
        `${formatCueTime(cue.startMs, '.')} --> ${formatCueTime(cue.endMs, '.')}\n` +
        `<v ${label}>${label}: ${escapeVtt(cue.text)}\n`
      );
    })
    .join('\n');
  return body === '' ? 'WEBVTT\n' : `WEBVTT\n\n${body}`;
}

export function formatTranscript(
  transcript: PunctuatedTranscript,
  format: TranscriptFormat,
  labels: SpeakerLabels = DEFAULT_SPEAKER_LABELS,
): string {
  switch (format) {
    case 'text':
      return toText(transcript, labels);
    case 'srt':
      return toSrt(transcript, labels);
    case 'vtt':
      return toVtt(transcript, labels);
    case 'json':
      return `${JSON.stringify(transcript, null, 2)}\n`;
  }
}
