import { describe, expect, it } from 'vitest';
import { canonicalize } from './canonicalize.js';
import { DeclareBodySchema } from '@parley/contract';

describe('canonicalize', () => {
  it('maps keys case-insensitively to the schema names at every level', () => {
    expect(
      canonicalize(DeclareBodySchema, {
        TYPE: 'chat',
        languagetag: 'en-us',
        Chat: { Messages: [{ PARTICIPANT_ID: 'a', TimeStamp: 't', content: 'x' }], participants: [] },
      }),
    ).toEqual({
      type: 'chat',
      languageTag: 'en-us',
      chat: { messages: [{ participantId: 'a', timestamp: 't', content: 'x' }], participants: [] },
    });
  });

  it('applies aliases, and lets the exact name win over an alias', () => {
    expect(canonicalize(DeclareBodySchema, { downloadUrl: 'a' })).toEqual({ downloadUri: 'a' });
    expect(canonicalize(DeclareBodySchema, { downloadUrl: 'a', downloadUri: 'b' })).toEqual({
      downloadUri: 'b',
    });
    expect(canonicalize(DeclareBodySchema, { downloadUri: 'b', downloadUrl: 'a' })).toEqual({
      downloadUri: 'b',
    });
    expect(canonicalize(DeclareBodySchema, { downloadUri: null, downloadUrl: 'a' })).toEqual({
      downloadUri: 'a',
    });
  });

  it('drops unknown keys and nulls on optional properties, keeps nulls on required ones', () => {
    expect(canonicalize(DeclareBodySchema, { type: null, chat: null, extra: 1, model: null })).toEqual({
      type: null,
    });
  });

  it('leaves free-form objects such as metadata untouched', () => {
    const metadata = { Agent: { ID: '7' }, custom: { integers: { integer8: '42' } } };
    expect(canonicalize(DeclareBodySchema, { metadata })).toEqual({ metadata });
  });

  it('leaves values that are not objects as they are, for validation to refuse', () => {
    expect(canonicalize(DeclareBodySchema, 'text')).toBe('text');
    expect(canonicalize(DeclareBodySchema, [1])).toEqual([1]);
  });
});
