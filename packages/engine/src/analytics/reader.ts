/**
 * Reads a normalised sentence the way a person would before deciding whether a behaviour
 * happened: which words are in the scope of a negation, who the subject of a clause is, and
 * whether a phrase of a rule list occurs there. Everything here is one pass over the tokens.
 */
import { normalizeText } from './normalize.js';

/** Tokens that close a clause: negation and subjects do not reach across them. */
export const CLAUSE_BREAKS: ReadonlySet<string> = new Set([
  ',',
  ';',
  ':',
  '.',
  '!',
  '?',
  '"',
  '(',
  ')',
  '-',
  'but',
  'although',
  'though',
  'however',
  'whereas',
  'yet',
]);

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'without',
  'neither',
  'nor',
  'nobody',
  'nothing',
  'none',
  'nowhere',
  'hardly',
  'cannot',
]);

/** How far back (in tokens, within the clause) a negation reaches. */
const NEGATION_REACH = 5;

export function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

const FIRST_PERSON = new Set([
  'i',
  "i'm",
  "i'll",
  "i've",
  "i'd",
  'we',
  "we're",
  "we'll",
  "we've",
  "we'd",
  'let',
  'me',
]);
const SECOND_PERSON = new Set(['you', "you're", "you'll", "you've", "you'd", 'your', 'yourself']);
const THIRD_PERSON = new Set([
  'he',
  'she',
  'it',
  "it's",
  'they',
  "they're",
  'this',
  'that',
  "that's",
  'there',
  "there's",
  'someone',
  'somebody',
]);

export type Subject = 'first' | 'second' | 'third' | 'none';

export function clauseStart(tokens: readonly string[], index: number): number {
  let i = index - 1;
  while (i >= 0 && !CLAUSE_BREAKS.has(tokens[i] ?? '')) i--;
  return i + 1;
}

/** The nearest personal subject before `index` in its clause. */
export function subjectBefore(tokens: readonly string[], index: number): Subject {
  const start = clauseStart(tokens, index);
  for (let i = index - 1; i >= start; i--) {
    const t = tokens[i] ?? '';
    if (FIRST_PERSON.has(t)) return 'first';
    if (SECOND_PERSON.has(t)) return 'second';
    if (THIRD_PERSON.has(t)) return 'third';
  }
  return 'none';
}

/** A negator in the few tokens before the span (same clause), or "not"/"never" right after it. */
export function isNegated(tokens: readonly string[], start: number, end: number): boolean {
  const from = Math.max(clauseStart(tokens, start), start - NEGATION_REACH);
  for (let i = from; i < start; i++) if (isNegator(tokens[i] ?? '')) return true;
  const next = tokens[end];
  return next === 'not' || next === 'never';
}

export function isClauseEnd(tokens: readonly string[], index: number): boolean {
  return index >= tokens.length || CLAUSE_BREAKS.has(tokens[index] ?? '');
}

export function tokensOf(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

// ---------------------------------------------------------------------------------------------
// Phrase patterns
// ---------------------------------------------------------------------------------------------

const NUMBER_WORDS = new Set([
  'a',
  'an',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'fifteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'hundred',
  'thousand',
  'few',
  'couple',
]);

type PatternToken =
  | { kind: 'literal'; value: string }
  | { kind: 'prefix'; value: string }
  | { kind: 'number' }
  | { kind: 'class'; words: ReadonlySet<string> };

function tokenMatches(p: PatternToken, token: string): boolean {
  switch (p.kind) {
    case 'literal':
      return token === p.value;
    case 'prefix':
      return token.startsWith(p.value);
    case 'number':
      return /^[0-9]/.test(token) || NUMBER_WORDS.has(token);
    case 'class':
      return p.words.has(token);
  }
}

/** Parses catalog phrase syntax: `word*` prefix, `#` a number, `@name` a word class. */
export function parsePhrase(
  phrase: string,
  classes: Readonly<Record<string, readonly string[]>>,
): PatternToken[] {
  const out: PatternToken[] = [];
  for (const raw of phrase.trim().split(/\s+/)) {
    if (raw === '#') out.push({ kind: 'number' });
    else if (raw.startsWith('@')) {
      const words = classes[raw.slice(1)];
      if (!words) throw new Error(`unknown word class ${raw} in "${phrase}"`);
      out.push({ kind: 'class', words: new Set(words) });
    } else if (raw.endsWith('*') && raw.length > 1)
      out.push({ kind: 'prefix', value: normalizeText(raw.slice(0, -1)) });
    else for (const t of tokensOf(normalizeText(raw))) out.push({ kind: 'literal', value: t });
  }
  return out;
}

export interface PhraseMatch<T> {
  start: number;
  end: number;
  tag: T;
}

/**
 * Many phrases, each tagged, matched at every token position. Phrases are indexed by their first
 * literal token (or a prefix's first three letters), so a sentence costs about one lookup per token.
 */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, { pattern: PatternToken[]; tag: T }[]>();
  private readonly byPrefix3 = new Map<string, { pattern: PatternToken[]; tag: T }[]>();
  private readonly wild: { pattern: PatternToken[]; tag: T }[] = [];

  add(pattern: PatternToken[], tag: T): void {
    const first = pattern[0];
    if (!first) return;
    const entry = { pattern, tag };
    if (first.kind === 'literal') push(this.byFirst, first.value, entry);
    else if (first.kind === 'prefix' && first.value.length >= 3)
      push(this.byPrefix3, first.value.slice(0, 3), entry);
    else if (first.kind === 'class') for (const word of first.words) push(this.byFirst, word, entry);
    else this.wild.push(entry);
  }

  matches(tokens: readonly string[]): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const candidates = [
        ...(this.byFirst.get(token) ?? []),
        ...(this.byPrefix3.get(token.slice(0, 3)) ?? []),
        ...this.wild,
      ];
      for (const { pattern, tag } of candidates) {
        if (i + pattern.length > tokens.length) continue;
        let ok = true;
        for (let k = 0; k < pattern.length && ok; k++) {
          const p = pattern[k];
          ok = p !== undefined && tokenMatches(p, tokens[i + k] ?? '');
        }
        if (ok) found.push({ start: i, end: i + pattern.length, tag });
      }
    }
    return found;
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
