import { describe, expect, it } from 'vitest';
import { compileCues } from './cues.js';
import { normalizeText } from './normalize.js';

const matches = (phrases: string[], text: string): boolean => compileCues(phrases).test(normalizeText(text));

describe('compileCues', () => {
  it('matches whole tokens only', () => {
    expect(matches(['hi'], 'Hi there')).toBe(true);
    expect(matches(['hi'], 'This is fine')).toBe(false);
    expect(matches(['sorry to hear'], "I'm so sorry to hear that.")).toBe(true);
  });

  it('normalises phrases like the text (case, curly apostrophes, clitics)', () => {
    expect(matches(['I’ll take care'], "Don't worry, I'll take care of it")).toBe(true);
    expect(matches(["can't afford"], 'I CAN’T AFFORD this')).toBe(true);
  });

  it('supports word prefixes and numbers', () => {
    expect(matches(['apologi*'], 'We apologise for the delay')).toBe(true);
    expect(matches(['within # days'], 'You will get it within 3 days')).toBe(true);
    expect(matches(['within # days'], 'You will get it within a few days')).toBe(false);
  });

  it('matches nothing for an empty list', () => {
    expect(compileCues([]).test('anything')).toBe(false);
  });
});
