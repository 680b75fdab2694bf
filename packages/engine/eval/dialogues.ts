/**
 * The dialogues conversation-level scores are measured and tuned on, as agent and customer
 * turns: TWEETSUMM customer care (customer negativity and gratitude) and the four USS sets (user
 * satisfaction 1–5). eval:analytics reports on the held-out half of each and tune:sentiment
 * chooses settings on the other half.
 */
import { join } from 'node:path';
import type { ChatInput } from '@parley/engine';
import { readJsonl, sharedDir } from './train/datasets.js';

const dataDir = join(sharedDir, 'data');

export type Side = 'agent' | 'customer';
export interface Turn {
  side: Side;
  text: string;
}

export interface TweetsummDialogue {
  id: string;
  turns: Turn[];
  customerNegative: 0 | 1;
  customerGratitude: 0 | 1;
}

export function tweetsummDialogues(): TweetsummDialogue[] {
  return readJsonl<{
    dialog_id: string;
    turns: Array<{ role: Side; text: string }>;
    customer_negative: 0 | 1;
    customer_gratitude: 0 | 1;
  }>(join(dataDir, 'tweetsumm-customer-care/dev.jsonl')).map((d) => ({
    id: d.dialog_id,
    turns: d.turns.map((t) => ({ side: t.role, text: t.text })),
    customerNegative: d.customer_negative,
    customerGratitude: d.customer_gratitude,
  }));
}

export const USS_SETS = ['multiwoz', 'sgd', 'redial', 'ccpe'] as const;
export type UssSet = (typeof USS_SETS)[number];

export interface UssDialogue {
  id: string;
  turns: Turn[];
  /** The mean of the annotators' satisfaction, 1–5. */
  satisfaction: number;
}

export function ussDialogues(set: UssSet): UssDialogue[] {
  return readJsonl<{
    dialog_id: string;
    turns: Array<{ role: 'user' | 'system'; text: string }>;
    overall_sat_mean: number;
  }>(join(dataDir, `uss-satisfaction/${set}.dev.jsonl`)).map((d) => ({
    id: d.dialog_id,
    turns: d.turns.map((t) => ({ side: t.role === 'user' ? 'customer' : 'agent', text: t.text })),
    satisfaction: d.overall_sat_mean,
  }));
}

/**
 * The data sets carry no times: messages are placed 20 s apart, which is what a chat of this
 * length looks like. Timing models are therefore "not measurable" here, as for any chat.
 */
export function chatOf(turns: readonly Turn[]): ChatInput {
  const base = Date.UTC(2026, 0, 1);
  return {
    participants: [
      { participantId: 'agent', role: 'Agent' },
      { participantId: 'customer', role: 'Customer' },
    ],
    messages: turns
      .filter((t) => t.text.trim() !== '')
      .map((t, i) => ({
        participantId: t.side,
        timestamp: new Date(base + i * 20_000).toISOString(),
        content: t.text,
      })),
  };
}
