import { ProcessingError } from '../errors.js';
import { chatSides } from '../roles/chat-sides.js';
import type { ChatInput, ParticipantKey, SpeakerSummary, Word } from '../types.js';
import type { DraftSentence, WordSpan } from './draft.js';
import { segmentWords } from './segment.js';

export { sideOfRole } from '../roles/chat-sides.js';

/**
 * Chat timing. A message appears at its timestamp and is given the time it takes to read it at
 * about 150 words a minute (60 ms per character), ending earlier if the next message arrives
 * first; sentences and words share the message's span in proportion to their characters. This
 * keeps offsets monotonic and keeps long gaps between messages as silence rather than speech.
 */
const MS_PER_CHARACTER = 60;

export interface ChatText {
  words: Word[];
  sentences: DraftSentence[];
  durationMs: number;
  /** How the sides were told apart (see roles/chat-sides.ts). */
  speakers: SpeakerSummary;
}

/** What is wrong with a chat, and where: `path` names the field as the request spells it. */
export interface ChatProblem {
  path: string;
  detail: string;
}

/**
 * Why a chat's structure cannot be processed (a participant id listed twice, a message from an id
 * not listed, a timestamp that is not a date-time), or null when it can. Pure, so the server
 * refuses such a chat at declare with exactly the check processing applies.
 */
export function chatProblem(chat: ChatInput): ChatProblem | null {
  const quote = (value: string) => JSON.stringify(value.slice(0, 80));
  const ids = new Set<string>();
  for (const participant of chat.participants) {
    if (ids.has(participant.participantId)) {
      return {
        path: 'chat.participants',
        detail: `lists participant id ${quote(participant.participantId)} twice; give each participant one entry.`,
      };
    }
    ids.add(participant.participantId);
  }
  for (const [index, message] of chat.messages.entries()) {
    if (!ids.has(message.participantId)) {
      return {
        path: `chat.messages[${index}]`,
        detail: `is from participant id ${quote(message.participantId)}, which is not in chat.participants; add it there or fix the message.`,
      };
    }
    if (Number.isNaN(Date.parse(message.timestamp))) {
      return {
        path: `chat.messages[${index}].timestamp`,
        detail: `${quote(message.timestamp)} is not an ISO 8601 date-time such as 2024-03-01T10:00:20Z.`,
      };
    }
  }
  return null;
}

interface TimedMessage {
  index: number;
  atMs: number;
  participant: ParticipantKey;
  content: string;
}

function timedMessages(chat: ChatInput, sides: ReadonlyMap<string, ParticipantKey>): TimedMessage[] {
  const problem = chatProblem(chat);
  if (problem !== null) throw new ProcessingError('chat_invalid', `${problem.path} ${problem.detail}`);
  const messages = chat.messages.map((message, index): TimedMessage => ({
    index,
    atMs: Date.parse(message.timestamp),
    // chatProblem found every message's participant listed.
    participant: sides.get(message.participantId) ?? 'participantTwo',
    content: message.content,
  }));
  if (!messages.some((message) => message.content.trim().length > 0)) {
    throw new ProcessingError(
      'chat_invalid',
      'chat.messages has no message with text; there is nothing to process.',
    );
  }
  // Stable: messages sent in the same millisecond keep the order they were given in.
  return messages.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

/**
 * Turns a chat into words and draft sentences per participant. Sentences keep the author's own
 * punctuation and case; no punctuation model runs on chat.
 */
export function chatToText(chat: ChatInput, locale = 'en'): ChatText {
  const { sides, speakers } = chatSides(chat);
  const messages = timedMessages(chat, sides);
  const origin = messages[0]?.atMs ?? 0;
  const sentenceSegmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const wordSegmenter = new Intl.Segmenter(locale, { granularity: 'word' });

  const words: Word[] = [];
  const sentences: DraftSentence[] = [];
  let durationMs = 0;

  messages.forEach((message, position) => {
    const content = message.content;
    if (content.trim().length === 0) return;
    const startMs = message.atMs - origin;
    const next = messages[position + 1];
    const readEnd = startMs + Math.max(1, content.length * MS_PER_CHARACTER);
    const endMs = next === undefined ? readEnd : Math.min(readEnd, next.atMs - origin);
    const at = (offset: number): number =>
      Math.round(startMs + ((endMs - startMs) * offset) / content.length);
    durationMs = Math.max(durationMs, endMs);

    for (const piece of sentenceSegmenter.segment(content)) {
      const leading = piece.segment.length - piece.segment.trimStart().length;
      const text = piece.segment.trim();
      if (text.length === 0) continue;
      const base = piece.index + leading;
      const spans: WordSpan[] = [];
      for (const token of segmentWords(wordSegmenter, text)) {
        if (!token.isWordLike) continue;
        // A mention keeps its "@": "@136912" is a handle, not digits to join with the next ones.
        const start = text[token.index - 1] === '@' ? token.index - 1 : token.index;
        const end = token.index + token.segment.length;
        const word: Word = {
          text: text.slice(start, end),
          startMs: at(base + start),
          endMs: at(base + end),
          confidence: 1,
          participant: message.participant,
        };
        words.push(word);
        spans.push({ word, start, end });
      }
      sentences.push({
        participant: message.participant,
        startMs: at(base),
        endMs: at(base + text.length),
        text,
        words: spans,
      });
    }
  });

  return { words, sentences, durationMs, speakers };
}
