/**
 * Dialogues with known agent/customer roles from shared/data, split into training and held-out
 * parts. Roles are hidden from the decision: it sees side 0 and side 1 only, with the agent
 * put on either side at random (seeded), so a rule like "the first speaker is the agent" earns
 * nothing it does not deserve.
 *
 * Training: tweetsumm (its train split), SGD service dialogues (train/sgd-service), 80% of
 * Taskmaster-4 coffee orders. Held out: tweetsumm valid+test, USS-SGD dev dialogues, the other
 * 20% of Taskmaster-4 (by a hash of the dialogue id).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoleTurn } from '@parley/engine';

export interface RoleDialogue {
  source: string;
  turns: RoleTurn[];
  /** The side that is the agent. */
  agent: 0 | 1;
}

interface RawTurn {
  role: string;
  text: string;
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

function hashOf(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0);
}

function toDialogue(
  source: string,
  id: string,
  turns: RawTurn[],
  agentRoles: readonly string[],
): RoleDialogue {
  // The agent's side is a coin flip seeded by the id: the same every run, half on each side.
  const agent = (hashOf(`side:${id}`) % 2) as 0 | 1;
  return {
    source,
    agent,
    turns: turns.map((turn) => ({
      side: (agentRoles.includes(turn.role) ? agent : 1 - agent) as 0 | 1,
      // Twitter handles name the company and the customer; a call has none.
      text: turn.text.replace(/@\w+/gu, ' ').trim(),
    })),
  };
}

export function roleDialogues(dataDir: string, part: 'train' | 'heldOut'): RoleDialogue[] {
  const out: RoleDialogue[] = [];
  for (const row of jsonl<{ dialog_id: string; tweetsumm_split: string; turns: RawTurn[] }>(
    join(dataDir, 'tweetsumm-customer-care/dev.jsonl'),
  )) {
    if ((row.tweetsumm_split === 'train') === (part === 'train')) {
      out.push(toDialogue('tweetsumm customer care', row.dialog_id, row.turns, ['agent']));
    }
  }
  if (part === 'train') {
    for (const row of jsonl<{ dialogue_id: string; turns: RawTurn[] }>(
      join(dataDir, 'train/sgd-service/train.jsonl'),
    )) {
      out.push(toDialogue('SGD service', row.dialogue_id, row.turns, ['system']));
    }
  } else {
    for (const row of jsonl<{ dialog_id: string; turns: RawTurn[] }>(
      join(dataDir, 'uss-satisfaction/sgd.dev.jsonl'),
    )) {
      out.push(toDialogue('SGD service', row.dialog_id, row.turns, ['system']));
    }
  }
  for (const row of jsonl<{ dialogue_id: string; turns: RawTurn[] }>(
    join(dataDir, 'train/taskmaster4-coffee/train.jsonl'),
  )) {
    const heldOut = hashOf(row.dialogue_id) % 5 === 0;
    if (heldOut === (part === 'heldOut'))
      out.push(toDialogue('Taskmaster ordering', row.dialogue_id, row.turns, ['agent']));
  }
  return out;
}
