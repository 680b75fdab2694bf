import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';

describe('normalizeText (the fastText training normaliser)', () => {
  it('lower-cases, splits punctuation and keeps clitics on their word', () => {
    expect(normalizeText('I CAN’T log in, it`s broken!!')).toBe("i can't log in , it's broken ! !");
  });

  it('re-attaches clitics split PTB-style', () => {
    expect(normalizeText("I do n't think it 's fine")).toBe("i don't think it's fine");
  });

  it('replaces URLs and user mentions (the mention splits into "@ user", as in training)', () => {
    expect(normalizeText('@AppleSupport see https://t.co/abc and www.example.com')).toBe(
      '@ user see url and url',
    );
  });

  it('turns emoji and symbols into their own tokens', () => {
    expect(normalizeText('great😀 £5')).toBe('great 😀 £ 5');
  });
});
