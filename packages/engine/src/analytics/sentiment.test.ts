/**
 * Sentiment fit for calls: an agent's apology or empathy is not negative about the interaction,
 * customer sentiment follows the customer's state (not the agent's words), one clear line moves
 * the band, and neutral talk neither drags nor lifts a score. Written before the outputs were seen.
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

function sentiment(turns: readonly string[], scope: ParticipantScope): number {
  const result: Record<ParticipantScope, EnlightenBundle[]> = analyzer.analyze(conversationOf(turns));
  const score = result[scope]
    .find((b) => b.name === 'Customer Satisfaction')
    ?.models.find((m) => m.name === 'Sentiment')?.score;
  if (score === undefined) throw new Error(`no Sentiment in ${scope}`);
  return score;
}
const agent = (turns: readonly string[]): number => sentiment(turns, 'participantOne');
const customer = (turns: readonly string[]): number => sentiment(turns, 'participantTwo');

/** Agent replies to the same customer line: apology or empathy against a rude or dismissive one. */
const APOLOGY_VS_RUDE: Array<[string, string, string]> = [
  [
    'C: My card was declined twice at the till and I was mortified.',
    'A: I am so sorry, that must have been really embarrassing. Let me look at what happened.',
    'A: Not our problem, you probably typed the PIN wrong.',
  ],
  [
    'C: The engineer never turned up and I took the day off work.',
    "A: I'm really sorry you lost a day's pay waiting for us, that's not acceptable and I understand your frustration.",
    'A: Engineers are busy, you will just have to wait like everyone else.',
  ],
  [
    "C: I've been on hold for forty minutes.",
    'A: I apologise for the wait, I know how frustrating that is.',
    'A: Well, you should have called earlier then.',
  ],
  [
    'C: My claim was rejected and I do not understand why.',
    "A: I'm sorry, I can hear how worrying this is. I'll go through the letter with you.",
    "A: Read the policy, it's all in there. I haven't got time to explain it.",
  ],
  [
    'C: The parcel arrived smashed.',
    "A: Oh no, I'm sorry to hear that, that's really disappointing after waiting all week.",
    'A: Whatever, these things happen. Stop complaining.',
  ],
];

describe('agent apologies and empathy', () => {
  it.each(APOLOGY_VS_RUDE)('are not negative, and well above a rude reply: %s', (context, kind, rude) => {
    const kindScore = agent([context, kind]);
    const rudeScore = agent([context, rude]);
    expect(kindScore).toBeGreaterThanOrEqual(50);
    expect(kindScore - rudeScore).toBeGreaterThanOrEqual(10);
  });
});

describe('customer sentiment follows the customer', () => {
  const ANGRY = [
    'C: This is the third time I have called about this bill and it is still wrong.',
    'C: Honestly your service is a joke and I am fed up with being ignored.',
  ];
  const PLEASED = [
    'C: Brilliant, that is sorted then, thank you so much.',
    'C: You have been really helpful, I appreciate it.',
  ];
  const APOLOGETIC_AGENT =
    "A: I'm so sorry, that is awful and I completely understand how upsetting this is.";
  const CHEERFUL_AGENT = 'A: Wonderful, great to hear, have a lovely day!';

  it('reads an angry customer as negative even when the agent is warm', () => {
    expect(customer([ANGRY[0] ?? '', CHEERFUL_AGENT, ANGRY[1] ?? ''])).toBeLessThan(40);
  });

  it('reads a pleased customer as positive even when the agent apologises', () => {
    expect(customer([PLEASED[0] ?? '', APOLOGETIC_AGENT, PLEASED[1] ?? ''])).toBeGreaterThan(60);
  });

  it('does not move with what the agent says', () => {
    const withApology = customer([ANGRY[0] ?? '', APOLOGETIC_AGENT, ANGRY[1] ?? '']);
    const withCheer = customer([ANGRY[0] ?? '', CHEERFUL_AGENT, ANGRY[1] ?? '']);
    expect(withApology).toBe(withCheer);
  });

  it('puts one clearly angry line below the neutral band and one clearly pleased line above it', () => {
    expect(customer(["C: This is a disgrace, I'm sick of your useless service."])).toBeLessThanOrEqual(40);
    expect(customer(['C: Thank you so much, that is fantastic, you have been brilliant.'])).toBeGreaterThan(
      60,
    );
  });

  it('reads complaints about the company as negative though their words are plain', () => {
    const complaint = customer([
      'C: I have rung four times now and nobody has called me back.',
      'C: I was promised a refund two weeks ago and it still has not arrived.',
    ]);
    const plain = customer([
      'C: I have rung to check the refund.',
      'C: I was told it would take two weeks and it arrived this morning.',
    ]);
    expect(plain - complaint).toBeGreaterThanOrEqual(10);
  });
});

describe('neutral talk', () => {
  const NEUTRAL = Array.from({ length: 60 }, (_, i) =>
    i % 2 === 0 ? 'A: Can you confirm the first line of the address?' : 'C: It is 22 Mill Lane.',
  );
  const CALLS: string[][] = [
    [
      'C: I have been charged twice and nobody will fix it, this is ridiculous.',
      'A: I am sorry about that, I can see both payments and I will refund one today.',
      'C: Fine, but I am fed up of chasing this.',
    ],
    [
      'C: Hi, I want to upgrade my broadband.',
      'A: Great choice, the new package is faster and cheaper.',
      'C: Perfect, thank you, that is exactly what I wanted.',
    ],
  ];
  it.each(CALLS)(
    'moves neither side by more than 10 points when 60 verification turns come first (%s)',
    (...call) => {
      for (const scope of ['participantOne', 'participantTwo'] as const) {
        const before = sentiment(call, scope);
        const after = sentiment([...NEUTRAL, ...call], scope);
        expect(Math.abs(after - before)).toBeLessThanOrEqual(10);
      }
    },
  );
});
