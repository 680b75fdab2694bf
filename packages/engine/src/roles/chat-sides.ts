import type { ChatInput, ParticipantKey, SpeakerSummary } from '../types.js';
import { decideAgent, type RoleTurn } from './decide.js';

/**
 * Roles that speak for the contact centre. Bots, system notices and supervisors write on the
 * company's side of the conversation, so their lines are analysed with the agent's (agent
 * behaviour scores), never as the customer's sentiment.
 */
const AGENT_SIDE_ROLES = new Set([
  'agent',
  'bot',
  'chatbot',
  'virtual agent',
  'virtual_agent',
  'assistant',
  'system',
  'supervisor',
  'representative',
  'rep',
  'advisor',
  'adviser',
  'operator',
  'employee',
  'staff',
  'support',
]);

/**
 * Which side a role belongs to: `agent` and the company-side roles above are participantOne,
 * `customer` and any other role are participantTwo, because platforms label their own staff and
 * bots explicitly while the person they talk to goes by many names (user, visitor, client...).
 */
export function sideOfRole(role: string): ParticipantKey {
  const normalised = role.trim().toLowerCase();
  return AGENT_SIDE_ROLES.has(normalised) ? 'participantOne' : 'participantTwo';
}

/** Which side each chat participant writes on, and how that was decided. */
export interface ChatSides {
  sides: Map<string, ParticipantKey>;
  speakers: SpeakerSummary;
}

/**
 * The chat's roles decide the sides whenever one of them names the company's side (agent, bot,
 * supervisor...). When none does (exports that call everyone "user", or label both sides
 * "customer"), the first two participants who wrote, in the order the chat lists them, are
 * weighed by what they wrote (the same role model as for calls, see decide.ts) and the likelier
 * agent goes to participantOne with `agentDecidedBy: "content"`. When the model is less than 70%
 * sure, the first of them listed is taken as the agent (`"convention"`: platforms list their own
 * side first), and `agentConfidence` says how weak that is. Anyone else writes as participantTwo.
 */
export function chatSides(chat: ChatInput): ChatSides {
  const byRole = new Map(chat.participants.map((p) => [p.participantId, sideOfRole(p.role)] as const));
  if ([...byRole.values()].includes('participantOne')) {
    return {
      sides: byRole,
      speakers: { separation: 'given', agentDecidedBy: 'given', agentConfidence: null },
    };
  }
  const wrote = new Set(chat.messages.filter((m) => m.content.trim().length > 0).map((m) => m.participantId));
  const [first, second] = chat.participants.map((p) => p.participantId).filter((id) => wrote.has(id));
  if (first === undefined || second === undefined) {
    return {
      sides: byRole,
      speakers: { separation: 'given', agentDecidedBy: 'none', agentConfidence: null },
    };
  }
  const turns: RoleTurn[] = [];
  const ordered = chat.messages
    .map((message, index) => ({ message, index, at: Date.parse(message.timestamp) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  for (const { message } of ordered) {
    const side = message.participantId === first ? 0 : message.participantId === second ? 1 : undefined;
    if (side === undefined) continue;
    const last = turns.at(-1);
    if (last?.side === side) last.text = `${last.text} ${message.content}`;
    else turns.push({ side, text: message.content });
  }
  const decision = decideAgent(turns);
  const agent = decision.agent === 1 ? second : first;
  const sides = new Map(
    chat.participants.map(
      (p) => [p.participantId, p.participantId === agent ? 'participantOne' : 'participantTwo'] as const,
    ),
  );
  return {
    sides,
    speakers: {
      separation: 'given',
      agentDecidedBy: decision.agent === undefined ? 'convention' : 'content',
      agentConfidence: Math.round(decision.confidence * 1000) / 1000,
    },
  };
}
