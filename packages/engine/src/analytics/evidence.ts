/**
 * Turns the rule sets of the catalog into per-sentence evidence: for each model, how strongly a
 * sentence shows the behaviour (`for`) and its opposite (`against`), 0..1, with the phrases that
 * decided it so a score can be explained.
 */
import { PhraseIndex, isClauseEnd, isNegated, parsePhrase, subjectBefore } from './reader.js';
import { WORD_CLASSES, type Rule, type RuleSet } from './rules.js';

export interface SentenceEvidence {
  for: number;
  against: number;
  /** The phrases that counted, as written in the sentence; "not …" when a negation flipped one. */
  cues: string[];
  /** P(label) of the model's trained sentence classifier, when it has one. */
  graded?: number;
}

interface Tag {
  model: string;
  role: 'for' | 'against';
  rule: Rule;
  ruleId: number;
}

export interface SentenceContext {
  tokens: readonly string[];
  isQuestion: boolean;
}

export class EvidenceReader {
  private readonly index = new PhraseIndex<Tag>();
  readonly models: readonly string[];

  constructor(ruleSets: ReadonlyMap<string, RuleSet>) {
    let ruleId = 0;
    for (const [model, set] of ruleSets) {
      for (const role of ['for', 'against'] as const) {
        for (const rule of set[role] ?? []) {
          const tag: Tag = { model, role, rule, ruleId: ruleId++ };
          for (const phrase of new Set(rule.phrases)) this.index.add(parsePhrase(phrase, WORD_CLASSES), tag);
        }
      }
    }
    this.models = [...ruleSets.keys()];
  }

  read(sentence: SentenceContext): Map<string, SentenceEvidence> {
    const { tokens, isQuestion } = sentence;
    const counted = new Set<string>();
    const result = new Map<string, SentenceEvidence>();
    const evidenceOf = (model: string): SentenceEvidence => {
      let e = result.get(model);
      if (!e) {
        e = { for: 0, against: 0, cues: [] };
        result.set(model, e);
      }
      return e;
    };
    for (const match of this.index.matches(tokens)) {
      const { rule, model } = match.tag;
      if (rule.mood === 'question' && !isQuestion) continue;
      if (rule.mood === 'statement' && isQuestion) continue;
      if (rule.clauseEnd && !isClauseEnd(tokens, match.end)) continue;
      if (rule.notFollowedBy?.includes(tokens[match.end] ?? '')) continue;
      if (match.start > 0 && rule.notPrecededBy?.includes(tokens[match.start - 1] ?? '')) continue;
      if (rule.subject && subjectBefore(tokens, match.start) !== rule.subject) continue;
      let role = match.tag.role;
      const negation = rule.negation ?? 'block';
      if (negation !== 'ignore' && isNegated(tokens, match.start, match.end)) {
        if (negation === 'block') continue;
        role = role === 'for' ? 'against' : 'for';
      }
      const key = rule.everyMatch
        ? `${match.tag.ruleId}:${role}:${match.start}`
        : `${match.tag.ruleId}:${role}`;
      if (counted.has(key)) continue;
      counted.add(key);
      const e = evidenceOf(model);
      const weight = rule.weight ?? 1;
      const text = tokens.slice(match.start, match.end).join(' ');
      if (role === 'for') e.for = 1 - (1 - e.for) * (1 - weight);
      else e.against = 1 - (1 - e.against) * (1 - weight);
      e.cues.push(role === match.tag.role ? text : `not: ${text}`);
    }
    return result;
  }
}
