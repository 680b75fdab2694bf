/**
 * Calls synthesised from held-out dialogues with two distinct espeak-ng voices (the agent a male
 * voice, the customer a female one), mixed to mono and to stereo with the customer on either
 * channel. Needs the Debian packages espeak-ng and sox.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface SynthTurn {
  agent: boolean;
  text: string;
}

export interface SynthCall {
  mono: string;
  /** Agent on channel 0, customer on channel 1. */
  agentLeft: string;
  /** Customer on channel 0, agent on channel 1. */
  agentRight: string;
}

export function haveSynthesis(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const VOICES = {
  agent: ['-v', 'en-us+m3', '-p', '35', '-s', '165'],
  customer: ['-v', 'en-us+f4', '-p', '70', '-s', '150'],
};

/** Writes the call's three mixes under `dir` (created) and returns their paths. */
export function synthesizeCall(dir: string, turns: readonly SynthTurn[]): SynthCall {
  mkdirSync(dir, { recursive: true });
  const agentParts: string[] = [];
  const customerParts: string[] = [];
  const monoParts: string[] = [];
  turns.forEach((turn, i) => {
    const raw = join(dir, `turn${i}-raw.wav`);
    const speech = join(dir, `turn${i}.wav`);
    const quiet = join(dir, `turn${i}-quiet.wav`);
    execFileSync('espeak-ng', [...(turn.agent ? VOICES.agent : VOICES.customer), '-w', raw, turn.text]);
    // 16 kHz mono with 0.6 s of silence after each turn, as between turns on a call.
    execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', speech, 'pad', '0', '0.6']);
    execFileSync('sox', [speech, quiet, 'vol', '0']);
    monoParts.push(speech);
    (turn.agent ? agentParts : customerParts).push(speech);
    (turn.agent ? customerParts : agentParts).push(quiet);
  });
  const agentTrack = join(dir, 'agent-track.wav');
  const customerTrack = join(dir, 'customer-track.wav');
  const call: SynthCall = {
    mono: join(dir, 'mono.wav'),
    agentLeft: join(dir, 'agent-left.wav'),
    agentRight: join(dir, 'agent-right.wav'),
  };
  execFileSync('sox', [...monoParts, call.mono]);
  execFileSync('sox', [...agentParts, agentTrack]);
  execFileSync('sox', [...customerParts, customerTrack]);
  execFileSync('sox', ['-M', agentTrack, customerTrack, call.agentLeft]);
  execFileSync('sox', ['-M', customerTrack, agentTrack, call.agentRight]);
  return call;
}
