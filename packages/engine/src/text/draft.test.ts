import { describe, expect, it } from 'vitest';
import type { Word } from '../types.js';
import { draftFromTokens, maskSentenceText, maskToken } from './draft.js';

const word = (text: string): Word => ({
  text,
  startMs: 0,
  endMs: 0,
  confidence: 1,
  participant: 'participantTwo',
});

describe('masking', () => {
  it('masks a token but keeps its surrounding punctuation', () => {
    expect(maskToken('1111.')).toBe('#.');
    expect(maskToken('(4111-1111)')).toBe('(#)');
    expect(maskToken('-')).toBe('#');
  });

  it('masks words in a written sentence and hides the separators between them', () => {
    const parts = ['My', 'card', 'is', '4111', '1111', 'ok'].map(word);
    const draft = {
      participant: 'participantTwo' as const,
      startMs: 0,
      endMs: 0,
      text: 'My card: 4111-1111, ok?',
      words: [
        { word: parts[0]!, start: 0, end: 2 },
        { word: parts[1]!, start: 3, end: 7 },
        { word: parts[3]!, start: 9, end: 13 },
        { word: parts[4]!, start: 14, end: 18 },
        { word: parts[5]!, start: 20, end: 22 },
      ],
    };
    expect(maskSentenceText(draft, new Set([parts[3]!, parts[4]!]))).toBe('My card: # #, ok?');
    expect(maskSentenceText(draft, new Set())).toBe(draft.text);
  });

  it('builds a draft from written tokens with spans on their letters', () => {
    const items = [
      { word: word('sure'), written: 'Sure,' },
      { word: word('1234'), written: '1234.' },
    ];
    const draft = draftFromTokens('participantTwo', items);
    expect(draft.text).toBe('Sure, 1234.');
    expect(draft.words.map((span) => draft.text.slice(span.start, span.end))).toEqual(['Sure', '1234']);
    expect(maskSentenceText(draft, new Set([items[1]!.word]))).toBe('Sure, #.');
  });
});
