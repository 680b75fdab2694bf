/**
 * The minimal-pairs suite: conversations that differ in one thing (a negation, a word sense, who
 * said it, 58 more neutral turns), and the direction the named model must move between them.
 * The suite is data (eval/minimal-pairs.json); this module builds the conversations and scores it.
 */
import type { Analyzer } from '../engine.js';
import type { Conversation, ParticipantScope, Sentence } from '../types.js';

export interface PairItem {
  id: string;
  category: string;
  domain: string;
  model: string;
  side: 'agent' | 'customer';
  /** Turns written `A: …` (agent) or `C: …` (customer). */
  high?: string[];
  low?: string[];
  /** For `length` items: the line(s) placed after 2 and after 60 neutral turns. */
  line?: string[];
  direction?: 'up' | 'down';
}

export interface PairSuite {
  margin: number;
  lengthTolerance: number;
  neutralTurns: string[];
  pairs: PairItem[];
}

export interface PairResult {
  item: PairItem;
  passed: boolean;
  /** What was compared, for the report: high/low scores, or short/long/neutral-only scores. */
  detail: string;
}

const SIDE: Record<'agent' | 'customer', ParticipantScope> = {
  agent: 'participantOne',
  customer: 'participantTwo',
};

const TURN_MS = 5000;

/** Splits a turn at sentence-final punctuation followed by a space; one pass, linear. */
function splitSentences(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '.' || c === '!' || c === '?') && text[i + 1] === ' ') {
      parts.push(text.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

/** A chat conversation from `A: …` / `C: …` turns, one turn every 5 s. */
export function conversationOf(turns: readonly string[]): Conversation {
  const sentences: Sentence[] = [];
  turns.forEach((turn, i) => {
    const participant = turn.startsWith('A:') ? SIDE.agent : SIDE.customer;
    const text = turn.slice(2).trim();
    const parts = splitSentences(text);
    parts.forEach((part, k) => {
      const startMs = i * TURN_MS + Math.round((k * TURN_MS) / (parts.length + 1));
      const endMs = startMs + Math.round(TURN_MS / (parts.length + 1));
      sentences.push({ participant, startMs, endMs, text: part, confidence: 1, words: [] });
    });
  });
  return {
    medium: 'chat',
    languageTag: 'en-US',
    durationMs: turns.length * TURN_MS,
    words: [],
    sentences,
    redactions: [],
    voiceActivity: { allParticipants: [], participantOne: [], participantTwo: [] },
    speakerSeparation: 'roles',
  };
}

export function scoreOf(
  analyzer: Analyzer,
  turns: readonly string[],
  model: string,
  side: PairItem['side'],
): number {
  const result = analyzer.analyze(conversationOf(turns));
  for (const bundle of result[SIDE[side]]) {
    const found = bundle.models.find((m) => m.name === model);
    if (found) return found.score;
  }
  throw new Error(`model ${model} has no score for the ${side}`);
}

function neutral(suite: PairSuite, count: number): string[] {
  return Array.from({ length: count }, (_, i) => suite.neutralTurns[i % suite.neutralTurns.length] ?? '');
}

export function runPair(analyzer: Analyzer, suite: PairSuite, item: PairItem): PairResult {
  const score = (turns: readonly string[]): number => scoreOf(analyzer, turns, item.model, item.side);
  if (item.category === 'length') {
    const line = item.line ?? [];
    const short = score([...neutral(suite, 2), ...line]);
    const long = score([...neutral(suite, 60), ...line]);
    const none = score(neutral(suite, 60));
    const moved = item.direction === 'down' ? none - long : long - none;
    const passed = Math.abs(short - long) <= suite.lengthTolerance && moved >= suite.margin;
    return {
      item,
      passed,
      detail: `after 2: ${short.toFixed(1)}, after 60: ${long.toFixed(1)}, 60 neutral only: ${none.toFixed(1)}`,
    };
  }
  const high = score(item.high ?? []);
  const low = score(item.low ?? []);
  return {
    item,
    passed: high - low >= suite.margin,
    detail: `high ${high.toFixed(1)} vs low ${low.toFixed(1)}`,
  };
}

export interface CategoryScore {
  category: string;
  passed: number;
  total: number;
}

export function runSuite(
  analyzer: Analyzer,
  suite: PairSuite,
): { results: PairResult[]; categories: CategoryScore[] } {
  const results = suite.pairs.map((item) => runPair(analyzer, suite, item));
  const byCategory = new Map<string, CategoryScore>();
  for (const r of results) {
    const entry = byCategory.get(r.item.category) ?? { category: r.item.category, passed: 0, total: 0 };
    entry.total++;
    if (r.passed) entry.passed++;
    byCategory.set(r.item.category, entry);
  }
  return { results, categories: [...byCategory.values()] };
}
