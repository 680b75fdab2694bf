import type {
  ParticipantKey,
  ParticipantScope,
  SpeakerSummary,
  VoiceActivitySegment,
  Word,
} from '../types.js';
import { decideAgent, type RoleTurn } from './decide.js';

/**
 * Puts the agent in participantOne, whatever the separation: the words and voice activity of the
 * two sides are swapped when the agent was found in participantTwo.
 *
 * Precedence: the interaction's own hint, then the server's default, then what is said (see
 * decide.ts), then the convention of the medium (stereo: channel 0; mono: the first speaker,
 * since the agent answers the call).
 */
export interface AgentPlacementInput {
  words: Word[];
  voiceActivity: Record<ParticipantScope, VoiceActivitySegment[]>;
  separation: SpeakerSummary['separation'];
  /**
   * The side the transcriber put in participantOne was chosen by this hint (0/1 already applied
   * for stereo channels); for mono diarization, 0 names the first speaker and 1 the second.
   */
  hint?: { agentChannel: 0 | 1; from: 'hint' | 'default' };
}

export interface AgentPlacement {
  words: Word[];
  voiceActivity: Record<ParticipantScope, VoiceActivitySegment[]>;
  speakers: SpeakerSummary;
}

const other = (key: ParticipantKey): ParticipantKey =>
  key === 'participantOne' ? 'participantTwo' : 'participantOne';

/** Consecutive words of one side make a turn. */
function turnsOf(words: readonly Word[]): RoleTurn[] {
  const turns: RoleTurn[] = [];
  let current: { side: 0 | 1; words: string[] } | undefined;
  for (const word of words) {
    if (word.participant === 'allParticipants') continue;
    const side = word.participant === 'participantOne' ? 0 : 1;
    if (current?.side !== side) {
      if (current !== undefined) turns.push({ side: current.side, text: current.words.join(' ') });
      current = { side, words: [] };
    }
    current.words.push(word.text);
  }
  if (current !== undefined) turns.push({ side: current.side, text: current.words.join(' ') });
  return turns;
}

function swapped(input: AgentPlacementInput): Pick<AgentPlacement, 'words' | 'voiceActivity'> {
  return {
    words: input.words.map((word) =>
      word.participant === 'allParticipants' ? word : { ...word, participant: other(word.participant) },
    ),
    voiceActivity: {
      allParticipants: input.voiceActivity.allParticipants,
      participantOne: input.voiceActivity.participantTwo,
      participantTwo: input.voiceActivity.participantOne,
    },
  };
}

export function placeAgent(input: AgentPlacementInput): AgentPlacement {
  const { separation } = input;
  const keep = { words: input.words, voiceActivity: input.voiceActivity };
  if (separation === 'none') {
    return { ...keep, speakers: { separation, agentDecidedBy: 'none', agentConfidence: null } };
  }
  if (input.hint !== undefined) {
    // Stereo hints were applied when channels were named; a mono hint counts speakers by order.
    const swap = separation === 'diarization' && input.hint.agentChannel === 1;
    return {
      ...(swap ? swapped(input) : keep),
      speakers: { separation, agentDecidedBy: input.hint.from, agentConfidence: null },
    };
  }
  const decision = decideAgent(turnsOf(input.words));
  if (decision.agent === undefined) {
    return {
      ...keep,
      speakers: { separation, agentDecidedBy: 'convention', agentConfidence: round(decision.confidence) },
    };
  }
  return {
    ...(decision.agent === 1 ? swapped(input) : keep),
    speakers: { separation, agentDecidedBy: 'content', agentConfidence: round(decision.confidence) },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
