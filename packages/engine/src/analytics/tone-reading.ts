import { TONE_RULES } from './rules.js';

/** What the tone models read of one sentence, and how much of their tone stands. */
export interface ToneReading {
  /**
   * The normalised sentence without the idioms whose negator cancels a negative word and without
   * the words whose sense the rules decide.
   */
  text: string;
  tokens: readonly string[];
  /**
   * Multiplies the sentence's tone: 0 for a bare acknowledgement (whose words are then not read at
   * all) or where nothing is left, less for a downtoned remark.
   */
  scale: number;
}

const split = (phrases: readonly string[]): string[][] =>
  [...phrases].map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
const CANCELLED = split(TONE_RULES.cancelledNegatives);
const DOWNTONERS = split(TONE_RULES.downtoners);
const ACKNOWLEDGEMENTS = new Set<string>(TONE_RULES.acknowledgements);
const COURTESY = new Set<string>(TONE_RULES.courtesyFormulas);
const RULE_DECIDED = new Set<string>(TONE_RULES.ruleDecided);

function matchesAt(tokens: readonly string[], at: number, phrase: readonly string[]): boolean {
  return phrase.every((word, k) => tokens[at + k] === word);
}

const isWord = (token: string): boolean => /[a-z0-9]/.test(token);

/** One pass over the tokens per phrase list; phrases are a few words, so this stays linear. */
export function toneReading(tokens: readonly string[]): ToneReading {
  const words = tokens.filter(isWord);
  if (
    words.length > 0 &&
    words.length <= TONE_RULES.acknowledgementWords &&
    words.every((w) => ACKNOWLEDGEMENTS.has(w))
  ) {
    return { text: '', tokens: [], scale: 0 };
  }
  const formula = words.join(' ');
  if (COURTESY.has(formula)) return { text: tokens.join(' '), tokens, scale: TONE_RULES.courtesyScale };
  const kept: string[] = [];
  let downtoned = false;
  for (let i = 0; i < tokens.length;) {
    const idiom = CANCELLED.find((p) => matchesAt(tokens, i, p));
    if (idiom) {
      i += idiom.length;
      continue;
    }
    if (RULE_DECIDED.has(tokens[i] ?? '')) {
      i++;
      continue;
    }
    if (!downtoned && DOWNTONERS.some((p) => matchesAt(tokens, i, p))) downtoned = true;
    kept.push(tokens[i] ?? '');
    i++;
  }
  const scale = !kept.some(isWord) ? 0 : downtoned ? TONE_RULES.downtonerScale : 1;
  return { text: kept.join(' '), tokens: kept, scale };
}
