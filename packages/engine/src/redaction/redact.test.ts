import { describe, expect, it } from 'vitest';
import type { ParticipantScope, RedactionKind, Word } from '../types.js';
import { findRedactions } from './redact.js';

const AGENT: ParticipantScope = 'participantOne';
const CUSTOMER: ParticipantScope = 'participantTwo';

/** Lines of a conversation, each word 300 ms long, lines 1 s apart, as a recogniser would give them. */
function conversation(lines: ReadonlyArray<[ParticipantScope, string]>): Word[] {
  const words: Word[] = [];
  let at = 0;
  for (const [participant, line] of lines) {
    for (const text of line.split(' ')) {
      words.push({ text, startMs: at, endMs: at + 300, confidence: 0.9, participant });
      at += 300;
    }
    at += 1000;
  }
  return words;
}

function redacted(words: readonly Word[]): { kinds: RedactionKind[]; masked: string[] } {
  const { masked, segments } = findRedactions(words);
  return {
    kinds: segments.map((segment) => segment.result),
    masked: words.filter((word) => masked.has(word)).map((word) => word.text),
  };
}

describe('findRedactions: card numbers', () => {
  const cases: Array<[string, string]> = [
    ['grouped digits', 'my card number is 4111 1111 1111 1111 thanks'],
    ['one dashed token', 'it is 4111-1111-1111-1111 thanks'],
    ['one long token', 'it is 4111111111111111 thanks'],
    ['single digits', 'it is 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 thanks'],
    ['words', 'it is four one one one one one one one one one one one one one one one thanks'],
    ['double and mixed', 'it is double five double five 5555 five five five five four four 44 thanks'],
    ['compounds', 'it is forty one eleven, eleven eleven, eleven eleven, eleven eleven. thanks'],
    ['hyphenated words', 'it is forty-one eleven one-one-one-one one-one-one-one one one one one thanks'],
    [
      'amex with triple and hesitation',
      'it is three seven eight two uh eight two two four six three one triple oh five thanks',
    ],
  ];
  it.each(cases)('masks a card number said as %s, and only it', (_, line) => {
    const words = conversation([[CUSTOMER, line]]);
    const result = redacted(words);
    expect(result.kinds).toEqual(['Credit Card']);
    const digitsOrNumberWords =
      /\d|^(?:(?:oh|one|two|three|four|five|six|seven|eight|forty|eleven|double|triple|uh)-?)+\W*$/u;
    const expected = words.map((word) => word.text).filter((text) => digitsOrNumberWords.test(text));
    expect(result.masked).toEqual(expected);
  });

  it('reports the span from the first to the last digit word', () => {
    const words = conversation([[CUSTOMER, 'sure it is 4111 1111 1111 1111 okay']]);
    const { segments } = findRedactions(words);
    expect(segments).toEqual([
      { startTimeOffset: 900, endTimeOffset: 2100, result: 'Credit Card', score: 0.9 },
    ]);
  });

  it('finds the card inside a longer run of digits and keeps the words around it', () => {
    const words = conversation([[CUSTOMER, 'um 7 4111 1111 1111 1111 okay']]);
    expect(redacted(words).masked).toEqual(['4111', '1111', '1111', '1111']);
  });
});

describe('findRedactions: security codes', () => {
  it('masks digits after a security-code question from the other participant', () => {
    const words = conversation([
      [AGENT, 'and what is the security code on the back'],
      [CUSTOMER, 'seven three seven'],
    ]);
    expect(redacted(words)).toEqual({ kinds: ['CVV'], masked: ['seven', 'three', 'seven'] });
  });

  it('masks a four-digit code after "cvv" and three digits right after a card number', () => {
    expect(redacted(conversation([[CUSTOMER, 'the cvv is 1234 okay']]))).toEqual({
      kinds: ['CVV'],
      masked: ['1234'],
    });
    expect(redacted(conversation([[CUSTOMER, 'card 4111 1111 1111 1111 123']])).kinds).toEqual([
      'Credit Card',
      'CVV',
    ]);
  });

  it('does not take an expiry date for a security code', () => {
    const words = conversation([[CUSTOMER, '4111 1111 1111 1111 expires four twenty six']]);
    expect(redacted(words).kinds).toEqual(['Credit Card']);
  });
});

describe('findRedactions: social security numbers', () => {
  const cases: Array<[string, string, string[]]> = [
    ['written 3-2-4 with a cue', 'my social security number is 078-05-1120 okay', ['078-05-1120']],
    ['grouped 3 2 4 without a cue', 'it is 078 05 1120 okay', ['078', '05', '1120']],
    [
      'spoken with a cue',
      'my ssn is oh seven eight oh five one one two oh okay',
      ['oh', 'seven', 'eight', 'oh', 'five', 'one', 'one', 'two', 'oh'],
    ],
    ['nine digits with a cue', 'social is 078051120 okay', ['078051120']],
  ];
  it.each(cases)('masks an SSN %s', (_, line, masked) => {
    expect(redacted(conversation([[CUSTOMER, line]]))).toEqual({ kinds: ['Social Security'], masked });
  });

  it('masks the last four after the agent asks for them', () => {
    const words = conversation([
      [AGENT, 'can you confirm the last four of your social'],
      [CUSTOMER, 'one one two oh'],
    ]);
    expect(redacted(words)).toEqual({ kinds: ['Social Security'], masked: ['one', 'one', 'two', 'oh'] });
  });
});

describe('findRedactions: numbers that are not sensitive', () => {
  const cases: Array<[string, string]> = [
    ['an order number failing Luhn', 'my order number is 1234 5678 1234 5678'],
    [
      'a long order number failing Luhn, spoken',
      'order one two three four five six seven eight one two three four five six seven eight',
    ],
    ['a phone number', 'call me back at 555 123 4567 please'],
    ['a spoken phone number', 'call me at five five five one two three four five six seven'],
    ['a year', 'I bought it back in 2019 or twenty nineteen'],
    ['an age', "I'm twenty two"],
    ['nine digits without context or SSN grouping', 'my account is 123456789'],
    ['an amount', 'it was 5.00 dollars and 300 dollars'],
    ['mentions whose digits would pass Luhn together', '@136912 @132459 @136958 hello'],
  ];
  it.each(cases)('leaves %s alone', (_, line) => {
    expect(redacted(conversation([[CUSTOMER, line]]))).toEqual({ kinds: [], masked: [] });
  });

  it('never joins one participant digits with the other participant digits', () => {
    const words = conversation([
      [CUSTOMER, '4111 1111'],
      [AGENT, '1111 1111'],
    ]).map((word, index) => ({ ...word, startMs: index * 10, endMs: index * 10 + 5 }));
    expect(redacted(words).kinds).toEqual([]);
  });
});

describe('findRedactions: where a spoken number ends', () => {
  it('does not join digits across a question from the other participant', () => {
    // 4111 1111 1111 1111 7 would not be a card; joined with the CVV answer the run would hide it.
    const words = conversation([
      [CUSTOMER, '4111 1111 1111 1111'],
      [AGENT, 'and the security code please'],
      [CUSTOMER, '737'],
    ]);
    const { segments } = findRedactions(words);
    expect(segments.map((s) => s.result)).toEqual(['Credit Card', 'CVV']);
    expect(segments[1]?.startTimeOffset).toBe(words.find((word) => word.text === '737')?.startMs);
  });
});

describe('findRedactions: misheard card numbers', () => {
  it('takes 16 digits right after "card number" for a card even when one digit is wrong', () => {
    const words = conversation([
      [CUSTOMER, 'my card number is four one one one one one one one one one one one one one one two'],
    ]);
    expect(redacted(words).kinds).toEqual(['Credit Card']);
    // All sixteen digit words, not only a checksum-valid part of them.
    expect(redacted(words).masked).toHaveLength(16);
    expect(findRedactions(words).segments[0]?.score).toBeLessThan(0.9);
  });

  it('needs the cue close by: an order number later in the call stays', () => {
    const words = conversation([
      [CUSTOMER, 'i paid by card last week and nothing arrived so i am calling about it'],
      [CUSTOMER, 'the order number is 1234 5678 1234 5678'],
    ]);
    expect(redacted(words).kinds).toEqual([]);
  });
});

describe('findRedactions: what the social security cue reaches', () => {
  it('does not take an order number said after "social media" for a social security number', () => {
    const words = conversation([
      [
        CUSTOMER,
        'i saw it on social media and my order number is one two three four five six seven eight nine',
      ],
    ]);
    expect(redacted(words)).toEqual({ kinds: [], masked: [] });
  });

  it('does not carry "social media" across the agent question to the order number', () => {
    const words = conversation([
      [CUSTOMER, 'i found you on social media'],
      [AGENT, 'okay can i take the order number'],
      [CUSTOMER, 'two three four five six seven eight nine one'],
    ]);
    expect(redacted(words)).toEqual({ kinds: [], masked: [] });
  });

  it('does not take four digits after "social media" for the last four of a social', () => {
    const words = conversation([
      [CUSTOMER, 'i saw the offer on social media'],
      [AGENT, 'what is the reference on the voucher'],
      [CUSTOMER, 'one one two oh'],
    ]);
    expect(redacted(words)).toEqual({ kinds: [], masked: [] });
  });

  it('does not take a number announced as an order number for an SSN because of its 3-2-4 grouping', () => {
    const words = conversation([[CUSTOMER, 'I found you on social media. The order number is 123-45-6789.']]);
    expect(redacted(words)).toEqual({ kinds: [], masked: [] });
  });

  it('does not read "social worker" as a social security cue', () => {
    const words = conversation([
      [CUSTOMER, "my social worker's number is five five five one two three four five six"],
    ]);
    expect(redacted(words)).toEqual({ kinds: [], masked: [] });
  });

  it('still takes a bare "social" asked by the agent as the cue', () => {
    const words = conversation([
      [AGENT, "what's your social"],
      [CUSTOMER, 'oh seven eight oh five one one two oh'],
    ]);
    expect(redacted(words).kinds).toEqual(['Social Security']);
  });

  it('still masks an SSN said after an order number when its own cue comes later', () => {
    const words = conversation([
      [CUSTOMER, 'my order number is 71003345 and my social security number is 078 05 1120'],
    ]);
    expect(redacted(words)).toEqual({ kinds: ['Social Security'], masked: ['078', '05', '1120'] });
  });
});
