import { describe, expect, it } from 'vitest';
import { declarationFromJson } from './inputs.js';

const params = { includeAiResults: true };

describe('declarationFromJson', () => {
  it('recognises a chat by participants and messages', () => {
    const chat = { participants: [], messages: [] };
    expect(declarationFromJson(chat, params, 'c.json')).toEqual({
      type: 'chat',
      languageTag: 'en-us',
      vertical: 'default',
      includeAiResults: true,
      chat,
    });
  });

  it('recognises a transcript by its participant lists', () => {
    const transcript = { participantOne: { phrases: [], phraseSegments: [] } };
    expect(declarationFromJson(transcript, { languageTag: 'es-419' }, 't.json')).toMatchObject({
      type: 'transcript',
      languageTag: 'es-419',
      transcript,
    });
  });

  it('sends a full declare body as it is, filling in only what it lacks', () => {
    const body = { type: 'chat', languageTag: 'en', chat: { participants: [], messages: [] } };
    expect(declarationFromJson(body, params, 'b.json')).toEqual({
      ...body,
      vertical: 'default',
      includeAiResults: true,
    });
  });

  it('explains what shapes it expects', () => {
    expect(() => declarationFromJson({ hello: 1 }, params, 'x.json')).toThrow(/x.json is not a chat/);
    expect(() => declarationFromJson([], params, 'x.json')).toThrow(/must hold a JSON object/);
    expect(() => declarationFromJson({ type: 'audio' }, params, 'a.json')).toThrow(/without "downloadUri"/);
    expect(() => declarationFromJson({ type: 'video' }, params, 'v.json')).toThrow(/use "audio", "chat"/);
  });
});
