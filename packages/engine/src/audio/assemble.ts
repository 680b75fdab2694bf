import type { AudioTranscription } from '../engine.js';
import { ProcessingError } from '../errors.js';
import type { ParticipantScope, VoiceActivitySegment, Word } from '../types.js';
import { assignSpeakers, type DiarizationSession } from '../diarization/index.js';
import { formatDuration } from './clip-schedule.js';
import { removeCrosstalk } from './crosstalk.js';
import { voiceActivityTimeline, type SpanMs } from './timeline.js';

/**
 * Stage: transcription assembly. The recognised channels become one transcription: words tagged
 * by participant (by channel for stereo, by diarized speaker for mono), voice activity per
 * participant, and which separation was used.
 */

/** What one channel's stages left for assembly. */
export interface RecognizedChannel {
  participant: ParticipantScope;
  voiced: SpanMs[];
  /** Mono only: the audio's speaker separation, fed as it decoded. */
  diarization?: DiarizationSession;
}

/** What recognising all channels found. */
export interface Recognition {
  /** Per channel, in channel order. */
  words: Word[];
  /** Samples per channel. */
  frames: number;
  /** Second-channel regions that matched the first channel sample for sample. */
  mirrored: SpanMs[];
  /** The two channels never differed. */
  dualMono: boolean;
}

export interface AssemblyInput {
  /** The duration the file's header declares, when it does. */
  declaredDurationMs: number | undefined;
  channels: RecognizedChannel[];
  recognition: Recognition;
  durationMs: number;
  punctuated: boolean;
}

const byTime = (a: Word, b: Word): number => a.startMs - b.startMs || a.endMs - b.endMs;

export async function assembleTranscription(
  input: AssemblyInput,
): Promise<Omit<AudioTranscription, 'wordTimes'>> {
  const { channels, recognition, durationMs, punctuated } = input;
  const declared = input.declaredDurationMs;
  // Decoders stop quietly at the end of a cut-off file; its header still tells the real length.
  if (declared !== undefined && durationMs < declared - Math.max(1000, declared * 0.02)) {
    throw new ProcessingError(
      'audio_truncated',
      `the audio is cut short: its header declares ${formatDuration(declared)} but only ${formatDuration(durationMs)} could be decoded; upload the complete file`,
    );
  }
  const timeline = (spans: SpanMs[]): VoiceActivitySegment[] => voiceActivityTimeline(spans, durationMs);
  const [first, second] = channels as [RecognizedChannel, RecognizedChannel | undefined];

  if (second === undefined && first.diarization !== undefined) {
    const separated = await separateSpeakers(first.diarization, first.voiced, recognition.words, durationMs);
    if (separated !== undefined) return { ...separated, durationMs, punctuated };
  }
  if (second === undefined || recognition.dualMono) {
    return {
      words: recognition.words.map((w) => ({ ...w, participant: 'allParticipants' as const })).sort(byTime),
      voiceActivity: { allParticipants: timeline(first.voiced), participantOne: [], participantTwo: [] },
      durationMs,
      speakerSeparation: 'none',
      punctuated,
    };
  }
  const copies = recognition.mirrored.flatMap((span) =>
    recognition.words
      .filter(
        (w) => w.participant === first.participant && w.startMs >= span.startMs && w.endMs <= span.endMs,
      )
      .map((w) => ({ ...w, participant: second.participant })),
  );
  // Copies of mirrored regions are meant; copies heard through echo or bleed are not.
  const words = [...removeCrosstalk(recognition.words), ...copies].sort(byTime);
  const byParticipant = (p: ParticipantScope): SpanMs[] =>
    channels.filter((c) => c.participant === p).flatMap((c) => c.voiced);
  return {
    words,
    voiceActivity: {
      allParticipants: timeline(channels.flatMap((c) => c.voiced)),
      participantOne: timeline(byParticipant('participantOne')),
      participantTwo: timeline(byParticipant('participantTwo')),
    },
    durationMs,
    speakerSeparation: 'channels',
    punctuated,
  };
}

/**
 * Splits a mono recording's words and voice activity between its two main speakers, numbered
 * by who speaks first (participantOne first; which of them is the agent is decided later).
 * Undefined when one voice is all there is. A third voice joins the speaker nearest in time.
 */
async function separateSpeakers(
  session: DiarizationSession,
  voiced: SpanMs[],
  words: Word[],
  durationMs: number,
): Promise<Pick<AudioTranscription, 'words' | 'voiceActivity' | 'speakerSeparation'> | undefined> {
  const { turns, speakers } = await session.finish(voiced);
  if (speakers < 2) return undefined;
  // The two who talk most are the call's parties; others (a transfer, a recorded message) are
  // folded into them by time, since ElevateAI has no third participant.
  const talk = new Map<number, number>();
  for (const turn of turns) talk.set(turn.speaker, (talk.get(turn.speaker) ?? 0) + turn.endMs - turn.startMs);
  const main = [...talk.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([speaker]) => speaker);
  const firstSpoken = turns.find((turn) => main.includes(turn.speaker))?.speaker;
  const sideOf = (speaker: number): ParticipantScope =>
    speaker === firstSpoken ? 'participantOne' : 'participantTwo';
  const mainTurns = turns.filter((turn) => main.includes(turn.speaker));
  const others = turns.filter((turn) => !main.includes(turn.speaker));
  const folded = assignSpeakers(others, mainTurns);
  const sided = [
    ...mainTurns.map((turn) => ({ ...turn, side: sideOf(turn.speaker) })),
    ...others.map((turn, i) => ({ ...turn, side: sideOf(folded[i] ?? turn.speaker) })),
  ];
  const wordSpeakers = assignSpeakers(
    words,
    sided.map((turn) => ({ ...turn, speaker: turn.side === 'participantOne' ? 0 : 1 })),
  );
  const spansOf = (side: ParticipantScope): SpanMs[] => sided.filter((turn) => turn.side === side);
  return {
    words: words
      .map((word, i) => ({
        ...word,
        participant: (wordSpeakers[i] === 0 ? 'participantOne' : 'participantTwo') as ParticipantScope,
      }))
      .sort(byTime),
    voiceActivity: {
      allParticipants: voiceActivityTimeline(voiced, durationMs),
      participantOne: voiceActivityTimeline(spansOf('participantOne'), durationMs),
      participantTwo: voiceActivityTimeline(spansOf('participantTwo'), durationMs),
    },
    speakerSeparation: 'diarization',
  };
}
