/**
 * What tells a contact-centre agent from a customer in what they say: service formulas (greeting,
 * identification, offers of help, holds, apologies, closings), customer formulas (wants, needs,
 * problems), who is addressed (you/your against I/my), who asks, and who talks more.
 *
 * Every feature is a rate per turn, per word or a share, measured for each side; the decision
 * reads the difference between the two sides, so it is the same whichever side comes first.
 * Who speaks first is deliberately not a feature: agents open phone calls, customers open chats
 * and tweets, and every labelled dialogue set here opens with the customer.
 */

const AGENT_PHRASES = [
  'thank you for calling',
  'thanks for calling',
  'thank you for contacting',
  'thanks for contacting',
  'thanks for reaching out',
  'thank you for reaching out',
  'thank you for waiting',
  'thanks for waiting',
  'thank you for your patience',
  'welcome to',
  'my name is',
  'you are speaking with',
  "you're speaking with",
  'how can i help',
  'how may i help',
  'how can i assist',
  'how may i assist',
  'how can we help',
  'what can i do for you',
  'what can i help',
  'let me',
  'allow me',
  'i can help',
  'i will help',
  "i'll help",
  'happy to help',
  'glad to help',
  'i found',
  'i have found',
  "i've found",
  'would you like',
  'do you want me',
  'shall i',
  'should i',
  'is there anything else',
  'anything else i can',
  'one moment',
  'just a moment',
  'please hold',
  'bear with me',
  'i apologize',
  'we apologize',
  'sorry for the inconvenience',
  'sorry to hear',
  'i understand',
  'can you confirm',
  'could you confirm',
  'can i have your',
  'may i have your',
  'could you please',
  'can you please',
  'your order',
  'your account',
  'your booking',
  'your reservation',
  'for you',
  'have a great day',
  'have a nice day',
  'have a good day',
  'have a wonderful day',
  "you're welcome",
  'you are welcome',
  'my pleasure',
  'glad i could help',
  'is the order',
  'is this correct',
  'is that correct',
  'does that sound',
  'reach out',
  'send us',
  'dm us',
  'we can',
  "we'll",
  'we will',
  'our team',
] as const;

const CUSTOMER_PHRASES = [
  'i want',
  'i need',
  "i'd like",
  'i would like',
  'can i get',
  'could i get',
  'can i have',
  'could i have',
  'i am looking for',
  "i'm looking for",
  'looking for',
  'find me',
  'help me',
  'can you help',
  'could you help',
  'i have a problem',
  'i have an issue',
  'i have a question',
  'my account',
  'my order',
  'my bill',
  'my phone',
  'my card',
  'i was charged',
  "i've been",
  'i have been',
  'not working',
  "doesn't work",
  "isn't working",
  "won't",
  "can't",
  'still',
  'why',
  'thanks',
  'thank you',
  'that works',
  'sounds good',
  'yes please',
  'no thanks',
  'that is all',
  "that's all",
  'that will be all',
  "that's it",
] as const;

const YOU = new Set(['you', 'your', "you're", 'yours', "you've", "you'll", 'yourself']);
const ME = new Set(['i', 'my', 'me', "i'm", "i've", 'mine', 'myself', "i'd"]);
const QUESTION_STARTS = new Set([
  'what',
  'which',
  'where',
  'when',
  'who',
  'how',
  'would',
  'could',
  'can',
  'do',
  'does',
  'did',
  'is',
  'are',
  'shall',
  'should',
  'may',
]);

export const FEATURE_NAMES = [
  'agentPhrases',
  'customerPhrases',
  'youRate',
  'meRate',
  'questions',
  'talkShare',
  'openingAgentPhrase',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Lower-case word tokens; apostrophes kept inside words ("i'm"). One pass over the text. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const char of text.toLowerCase()) {
    const letter = (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9');
    if (letter || ((char === "'" || char === '’') && current.length > 0)) {
      current += letter ? char : "'";
    } else if (current.length > 0) {
      out.push(current.replace(/'+$/u, ''));
      current = '';
    }
  }
  if (current.length > 0) out.push(current.replace(/'+$/u, ''));
  return out;
}

type PhraseIndex = Map<string, string[][]>;

function index(phrases: readonly string[]): PhraseIndex {
  const byFirst: PhraseIndex = new Map();
  for (const phrase of phrases) {
    const words = tokens(phrase);
    const first = words[0] as string;
    byFirst.set(first, [...(byFirst.get(first) ?? []), words]);
  }
  return byFirst;
}

const AGENT_INDEX = index(AGENT_PHRASES);
const CUSTOMER_INDEX = index(CUSTOMER_PHRASES);

/** Occurrences of the indexed phrases; a phrase is matched once where it starts. */
function count(words: readonly string[], phrases: PhraseIndex): number {
  let found = 0;
  for (let i = 0; i < words.length; i++) {
    for (const phrase of phrases.get(words[i] as string) ?? []) {
      if (phrase.every((word, k) => words[i + k] === word)) found++;
    }
  }
  return found;
}

/** One stretch of talk by one side (a chat message, a run of sentences, a dialogue turn). */
export interface RoleTurn {
  side: 0 | 1;
  text: string;
}

export type SideFeatures = Record<FeatureName, number>;

/** Features of each side; a side that never speaks gets zeros. */
export function sideFeatures(turns: readonly RoleTurn[]): [SideFeatures, SideFeatures] {
  const sides = [0, 1].map(() => ({
    turns: 0,
    words: 0,
    agent: 0,
    customer: 0,
    you: 0,
    me: 0,
    questions: 0,
    opening: 0,
  }));
  let openingSeen = [false, false];
  for (const turn of turns) {
    const words = tokens(turn.text);
    if (words.length === 0) continue;
    const s = sides[turn.side] as (typeof sides)[number];
    s.turns++;
    s.words += words.length;
    const agent = count(words, AGENT_INDEX);
    s.agent += agent;
    s.customer += count(words, CUSTOMER_INDEX);
    for (const word of words) {
      if (YOU.has(word)) s.you++;
      if (ME.has(word)) s.me++;
    }
    if (turn.text.includes('?') || QUESTION_STARTS.has(words[0] as string)) s.questions++;
    // A service formula in a side's first turn (the greeting) says more than one later on.
    if (!openingSeen[turn.side]) {
      if (agent > 0) s.opening = 1;
      openingSeen = openingSeen.map((seen, i) => seen || i === turn.side);
    }
  }
  const totalWords = Math.max(1, (sides[0]?.words ?? 0) + (sides[1]?.words ?? 0));
  return sides.map((s) => ({
    agentPhrases: s.agent / Math.max(1, s.turns),
    customerPhrases: s.customer / Math.max(1, s.turns),
    youRate: (10 * s.you) / Math.max(1, s.words),
    meRate: (10 * s.me) / Math.max(1, s.words),
    questions: s.questions / Math.max(1, s.turns),
    talkShare: s.words / totalWords,
    openingAgentPhrase: s.opening,
  })) as [SideFeatures, SideFeatures];
}

/** Side 0's features minus side 1's, in FEATURE_NAMES order. */
export function featureDifference(turns: readonly RoleTurn[]): number[] {
  const [a, b] = sideFeatures(turns);
  return FEATURE_NAMES.map((name) => a[name] - b[name]);
}
