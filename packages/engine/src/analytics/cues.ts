import { normalizeText } from './normalize.js';

/** Matches a list of cue phrases (catalog syntax: `word*` prefix, `#` any number) in normalised text. */
export interface CueMatcher {
  test(normalized: string): boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function phrasePattern(phrase: string): string {
  const parts: string[] = [];
  for (const raw of phrase.trim().split(/\s+/)) {
    if (raw === '#') {
      parts.push('[0-9]+');
    } else if (raw.endsWith('*') && raw.length > 1) {
      parts.push(`${escapeRegExp(normalizeText(raw.slice(0, -1)))}[a-z0-9']*`);
    } else {
      parts.push(escapeRegExp(normalizeText(raw)));
    }
  }
  return parts.join(' ');
}

/** One regular expression per list: a phrase matches only whole tokens of the normalised text. */
export function compileCues(phrases: readonly string[]): CueMatcher {
  if (phrases.length === 0) return { test: () => false };
  const alternatives = [...new Set(phrases.map(phrasePattern))].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?:^| )(?:${alternatives.join('|')})(?= |$)`);
  return { test: (normalized) => pattern.test(normalized) };
}
