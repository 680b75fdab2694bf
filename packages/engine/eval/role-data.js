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
function jsonl(path) {
    return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line));
}
function hashOf(id) {
    return createHash('sha256').update(id).digest().readUInt32BE(0);
}
function toDialogue(source, id, turns, agentRoles) {
    // The agent's side is a coin flip seeded by the id: the same every run, half on each side.
    const agent = (hashOf(`side:${id}`) % 2);
    return {
        source,
        agent,
        turns: turns.map((turn) => ({
            side: (agentRoles.includes(turn.role) ? agent : 1 - agent),
            // Twitter handles name the company and the customer; a call has none.
            text: turn.text.replace(/@\w+/gu, ' ').trim(),
        })),
    };
}
export function roleDialogues(dataDir, part) {
    const out = [];
    for (const row of jsonl(join(dataDir, 'tweetsumm-customer-care/dev.jsonl'))) {
        if ((row.tweetsumm_split === 'train') === (part === 'train')) {
            out.push(toDialogue('tweetsumm customer care', row.dialog_id, row.turns, ['agent']));
        }
    }
    if (part === 'train') {
        for (const row of jsonl(join(dataDir, 'train/sgd-service/train.jsonl'))) {
            out.push(toDialogue('SGD service', row.dialogue_id, row.turns, ['system']));
        }
    }
    else {
        for (const row of jsonl(join(dataDir, 'uss-satisfaction/sgd.dev.jsonl'))) {
            out.push(toDialogue('SGD service', row.dialog_id, row.turns, ['system']));
        }
    }
    for (const row of jsonl(join(dataDir, 'train/taskmaster4-coffee/train.jsonl'))) {
        const heldOut = hashOf(row.dialogue_id) % 5 === 0;
        if (heldOut === (part === 'heldOut'))
            out.push(toDialogue('Taskmaster ordering', row.dialogue_id, row.turns, ['agent']));
    }
    return out;
}
//# sourceMappingURL=role-data.js.map