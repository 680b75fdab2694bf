import { featureDifference, type RoleTurn } from './features.js';
import { ROLE_MODEL } from './role-model.js';

export type { RoleTurn } from './features.js';

export interface RoleDecision {
  /** The side judged to be the agent, or undefined when the evidence is too weak to say. */
  agent: 0 | 1 | undefined;
  /** Probability that the chosen side is the agent (0.5..1); 0.5 when nothing was said. */
  confidence: number;
}

/**
 * Below this the decision is left to the default: a wrong swap of agent and customer is worse
 * than keeping the recorder's convention, so only a clear majority of the evidence moves it.
 */
export const MIN_ROLE_CONFIDENCE = 0.7;

/** Which of two sides is the agent, from what each says (see features.ts). */
export function decideAgent(turns: readonly RoleTurn[]): RoleDecision {
  const spoken = [0, 1].map((side) =>
    turns.some((turn) => turn.side === side && turn.text.trim().length > 0),
  );
  if (!spoken[0] && !spoken[1]) return { agent: undefined, confidence: 0.5 };
  const difference = featureDifference(turns);
  const logit = difference.reduce((sum, value, i) => sum + value * (ROLE_MODEL.weights[i] ?? 0), 0);
  const probabilitySideZero = 1 / (1 + Math.exp(-logit));
  const confidence = Math.max(probabilitySideZero, 1 - probabilitySideZero);
  if (confidence < MIN_ROLE_CONFIDENCE) return { agent: undefined, confidence };
  return { agent: probabilitySideZero >= 0.5 ? 0 : 1, confidence };
}
