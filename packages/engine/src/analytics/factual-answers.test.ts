/**
 * Minimal pairs for verification answers: a customer who reads out a date of birth, an account
 * number, a postcode or an address is answering a question, not complaining, so the customer's
 * Sentiment stays at neutral; the same facts inside a complaint still lower it. Read through the
 * customer's Sentiment (50 = neutral). Written before the model or the rules were changed for them.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../engine.js';
import type { EnlightenBundle, ParticipantScope } from '../types.js';
import { createAnalyzer } from './index.js';
import { conversationOf } from './pairs.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? resolve(here, '../../../../../shared/models');

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer({ modelsDir });
});

function customer(turns: readonly string[]): number {
  const result: Record<ParticipantScope, EnlightenBundle[]> = analyzer.analyze(conversationOf(turns));
  const score = result.participantTwo
    .find((b) => b.name === 'Customer Satisfaction')
    ?.models.find((m) => m.name === 'Sentiment')?.score;
  if (score === undefined) throw new Error('no customer Sentiment');
  return score;
}

/** How far from neutral a plain answer may read: a rounding of the tone, not an opinion. */
const NEAR_NEUTRAL = 2;

/** [agent's question, the customer's plain answer, a complaint with the same facts]. */
const PAIRS: Array<[string, string, string]> = [
  [
    'A: Can I take your date of birth, please?',
    'C: The fourth of May, 1981.',
    'C: I have been waiting since the fourth of May and nobody has called me back.',
  ],
  [
    'A: And your date of birth?',
    'C: My date of birth is the fourth of May 1981.',
    'C: I rang on the fourth of May and you still have not sorted it.',
  ],
  [
    'A: What date did you place the order?',
    'C: It was the ninth of June.',
    'C: I ordered it on the ninth of June and it never came, this is ridiculous.',
  ],
  [
    'A: Could you confirm your date of birth for me?',
    'C: Twenty-third of October, nineteen eighty-eight.',
    'C: I was promised a refund by the twenty-third of October and it is still not here.',
  ],
  [
    'A: Can you read me the account number?',
    'C: The account number is 30 91 47 62.',
    'C: Account 30 91 47 62 has been charged twice and I am sick of chasing it.',
  ],
  [
    'A: And the postcode?',
    'C: My postcode is M1 4BT.',
    'C: You keep sending my post to M1 4BT when I told you I moved, it is so frustrating.',
  ],
  [
    'A: What is the first line of the address?',
    'C: It is 14 Station Road, Leeds.',
    'C: The engineer never turned up at 14 Station Road and I took the day off for nothing.',
  ],
  [
    'A: Which reference is on the letter?',
    'C: The reference is KX 4471 02.',
    'C: Reference KX 4471 02 has been open for a month and nobody will tell me anything.',
  ],
  [
    'A: What email address do we have for you?',
    'C: It is sarah dot jones at gmail dot com.',
    'C: I have emailed from sarah dot jones at gmail dot com five times and had no reply.',
  ],
  [
    'A: Can I have the last four digits of the card?',
    'C: The last four digits are 5521.',
    'C: The card ending 5521 was declined again and I am fed up with it.',
  ],
];

describe('verification answers', () => {
  it.each(PAIRS)('read as neutral for the customer: %s / %s', (question, answer) => {
    expect(Math.abs(customer([question, answer]) - 50)).toBeLessThanOrEqual(NEAR_NEUTRAL);
  });

  it.each(PAIRS)(
    'are well above a complaint that names the same facts: %s / %s / %s',
    (question, answer, complaint) => {
      const plain = customer([question, answer]);
      const complaining = customer([question, complaint]);
      expect(complaining).toBeLessThan(45);
      expect(plain - complaining).toBeGreaterThanOrEqual(10);
    },
  );

  it('leave a whole verification exchange at neutral for the customer', () => {
    const turns = PAIRS.flatMap(([question, answer]) => [question, answer]);
    expect(Math.abs(customer(turns) - 50)).toBeLessThanOrEqual(NEAR_NEUTRAL);
  });

  it('do not soften a complaint that follows them', () => {
    const complaint = 'C: This is the third time I have called about this bill and it is still wrong.';
    const alone = customer(['A: How can I help?', complaint]);
    const afterVerification = customer([
      ...PAIRS.slice(0, 5).flatMap(([question, answer]) => [question, answer]),
      'A: Thank you, how can I help?',
      complaint,
    ]);
    expect(afterVerification).toBeLessThan(45);
    expect(Math.abs(afterVerification - alone)).toBeLessThanOrEqual(5);
  });
});
