import { describe, expect, it } from 'vitest';
import { ProcessingError } from '../errors.js';
import { chatToText } from '../text/chat.js';
import type { ParticipantScope, Word } from '../types.js';
import { resolveRedactionPolicies } from './policies.js';
import { findRedactions } from './redact.js';

const AGENT: ParticipantScope = 'participantOne';
const CUSTOMER: ParticipantScope = 'participantTwo';
const ALL = resolveRedactionPolicies(['all']);

function spoken(lines: ReadonlyArray<[ParticipantScope, string]>): Word[] {
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

function chat(...messages: Array<[ParticipantScope, string]>): Word[] {
  return chatToText({
    participants: [
      { participantId: 'a', role: 'agent' },
      { participantId: 'c', role: 'customer' },
    ],
    messages: messages.map(([who, content], i) => ({
      participantId: who === AGENT ? 'a' : 'c',
      timestamp: new Date(Date.UTC(2024, 0, 1, 10, 0, i * 20)).toISOString(),
      content,
    })),
  }).words;
}

function masked(words: readonly Word[], policies = ALL): { kinds: string[]; masked: string[] } {
  const result = findRedactions(words, policies);
  return {
    kinds: result.segments.map((s) => s.result),
    masked: words.filter((w) => result.masked.has(w)).map((w) => w.text),
  };
}

describe('redaction policies', () => {
  it('keeps ElevateAI three by default and adds the named ones', () => {
    expect([...resolveRedactionPolicies(undefined)]).toEqual(['creditCard', 'cvv', 'socialSecurity']);
    expect([...resolveRedactionPolicies(['email'])]).toContain('email');
    expect(resolveRedactionPolicies(['all']).size).toBe(13);
  });

  it('rejects an unknown name, naming it and the known ones', () => {
    expect(() => resolveRedactionPolicies(['emial'])).toThrow(ProcessingError);
    expect(() => resolveRedactionPolicies(['emial'])).toThrow(/unknown redaction policy "emial".*"email"/u);
  });

  it('redacts nothing new unless asked: an email stays in clear by default', () => {
    const words = chat([CUSTOMER, 'it is john.smith@gmail.com thanks']);
    expect(masked(words, resolveRedactionPolicies([]))).toEqual({ kinds: [], masked: [] });
    expect(masked(words, resolveRedactionPolicies(['email']))).toEqual({
      kinds: ['Email'],
      masked: ['john.smith', '@gmail.com'],
    });
  });

  it('redacts only the asked-for kinds', () => {
    const words = spoken([
      [
        CUSTOMER,
        'my email is jo dot lee at gmail dot com and my number is oh seven seven oh oh nine oh oh one two three',
      ],
    ]);
    expect(masked(words, resolveRedactionPolicies(['phone'])).kinds).toEqual(['Phone Number']);
  });
});

describe('spoken forms', () => {
  it('reads a spoken email address and keeps the words around it', () => {
    expect(masked(spoken([[CUSTOMER, "yeah it's john dot smith at gmail dot com thanks"]]))).toEqual({
      kinds: ['Email'],
      masked: ['john', 'dot', 'smith', 'at', 'gmail', 'dot', 'com'],
    });
  });

  it('does not take "at the dot com page" for an email address', () => {
    expect(masked(spoken([[CUSTOMER, "i'm looking at the dot com page now"]]))).toEqual({
      kinds: [],
      masked: [],
    });
  });

  it('reads a spelled IBAN, checks its checksum, and does not call its digits a card', () => {
    const iban = 'g b eight two w e s t one two three four five six nine eight seven six five four three two';
    expect(masked(spoken([[CUSTOMER, `the iban is ${iban}`]])).kinds).toEqual(['IBAN']);
    const wrong = iban.replace('eight two', 'eight three');
    expect(masked(spoken([[CUSTOMER, `the iban is ${wrong}`]])).kinds).not.toContain('IBAN');
  });

  it('reads a date of birth said after the question, but not an appointment date', () => {
    const dob = spoken([
      [AGENT, 'can i take your date of birth'],
      [CUSTOMER, 'twelfth of march nineteen eighty five'],
    ]);
    expect(masked(dob)).toEqual({
      kinds: ['Date of Birth'],
      masked: ['twelfth', 'of', 'march', 'nineteen', 'eighty', 'five'],
    });
    const appointment = spoken([[AGENT, 'the engineer comes on the twelfth of march nineteen eighty five']]);
    expect(masked(appointment)).toEqual({ kinds: [], masked: [] });
  });

  it('reads a spelled postcode and a spoken street line', () => {
    expect(masked(spoken([[CUSTOMER, 'it is fourteen elm grove leeds l s six two a b']]))).toEqual({
      kinds: ['Postal Address', 'Postal Address'],
      masked: ['fourteen', 'elm', 'grove', 'l', 's', 'six', 'two', 'a', 'b'],
    });
    expect(masked(spoken([[CUSTOMER, 'i live near the high street']]))).toEqual({ kinds: [], masked: [] });
  });
});

describe('numbers: which kind, from the cue said before', () => {
  it('tells a phone number from an order number of the same shape', () => {
    expect(
      masked(spoken([[CUSTOMER, 'my number is oh seven nine one one one two three four five six']])).kinds,
    ).toEqual(['Phone Number']);
    expect(
      masked(spoken([[CUSTOMER, 'my order number is oh seven nine one one one two three four five six']])),
    ).toEqual({
      kinds: [],
      masked: [],
    });
  });

  it('reads a sort code and an account number said together', () => {
    const words = chat(
      [AGENT, 'Can you confirm the account the direct debit comes from?'],
      [CUSTOMER, '20-45-77 90817263'],
    );
    expect(masked(words).kinds).toEqual(['Sort Code', 'Bank Account']);
  });

  it('leaves an account reference on a gas bill alone', () => {
    expect(masked(chat([CUSTOMER, 'account reference 00012345 on my gas bill']))).toEqual({
      kinds: [],
      masked: [],
    });
  });
});

describe('person names', () => {
  it('finds a name after an introduction, with later mentions', () => {
    const words = spoken([
      [AGENT, 'thank you for calling this is emma how can i help'],
      [CUSTOMER, 'hi emma my name is raj patel'],
    ]);
    expect(masked(words)).toEqual({
      kinds: ['Person Name', 'Person Name', 'Person Name'],
      masked: ['emma', 'emma', 'raj', 'patel'],
    });
  });

  it('does not take what follows "my name is" or "this is" for a name when it is not one', () => {
    expect(masked(chat([CUSTOMER, 'My name is on the bill but my husband pays it']))).toEqual({
      kinds: [],
      masked: [],
    });
    expect(masked(spoken([[CUSTOMER, 'this is virgin media right']]))).toEqual({ kinds: [], masked: [] });
  });
});

describe('hostile input with every policy', () => {
  it('redacts 200,000 characters of digits, periods, @ or emoji in linear time', () => {
    for (const text of [
      '4'.repeat(200_000),
      '1 '.repeat(100_000),
      '.'.repeat(200_000),
      '@'.repeat(200_000),
      'a@b.co '.repeat(30_000),
      '💳'.repeat(100_000),
      'at dot '.repeat(30_000),
      'g b '.repeat(50_000),
    ]) {
      const words = chat([CUSTOMER, text]);
      const started = performance.now();
      findRedactions(words, ALL);
      // Quadratic passes take minutes on these; a linear one takes well under a second.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });

  it('redacts 100,000 spoken words that keep every detector reading in linear time', () => {
    for (const line of ['one', 'at dot', 'my name is', 'date of birth twelfth of', 'flat one two road']) {
      const words = spoken([
        [CUSTOMER, Array.from({ length: 100_000 / line.split(' ').length }, () => line).join(' ')],
      ]);
      const started = performance.now();
      findRedactions(words, ALL);
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
