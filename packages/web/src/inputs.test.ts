import { describe, expect, it } from 'vitest';
import { InputError, parseChat, parseTranscript } from './inputs.js';

const chat = { participants: [{ participant_id: 'a', role: 'agent' }], messages: [] };

describe('pasted JSON', () => {
  it('takes a chat alone or inside a declare body', () => {
    expect(parseChat(JSON.stringify(chat))).toEqual(chat);
    expect(parseChat(JSON.stringify({ type: 'chat', languageTag: 'en-us', chat }))).toEqual(chat);
  });

  it('takes a transcript alone or inside a declare body', () => {
    const transcript = { participantOne: { phrases: ['hi'], phraseSegments: [] } };
    expect(parseTranscript(JSON.stringify(transcript))).toEqual(transcript);
    expect(parseTranscript(JSON.stringify({ type: 'transcript', transcript }))).toEqual(transcript);
  });

  it('says what is wrong with input it cannot use', () => {
    expect(() => parseChat('')).toThrow('Paste the JSON');
    expect(() => parseChat('{"participants": [')).toThrow(/not valid JSON/);
    expect(() => parseChat('[1]')).toThrow('Expected a JSON object');
    expect(() => parseChat('{"participants": []}')).toThrow('"messages" array');
    expect(() => parseTranscript('{"phrases": []}')).toThrow(InputError);
  });
});
