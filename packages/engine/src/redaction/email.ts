import type { Detection, TokenStream } from './detection.js';

/** Endings an email domain has; a spoken "at ... dot" that ends otherwise is not an address. */
const TOP_LEVEL_DOMAINS: ReadonlySet<string> = new Set([
  'com',
  'net',
  'org',
  'edu',
  'gov',
  'mil',
  'int',
  'info',
  'biz',
  'io',
  'co',
  'me',
  'uk',
  'us',
  'ca',
  'au',
  'nz',
  'ie',
  'de',
  'fr',
  'es',
  'it',
  'nl',
  'be',
  'ch',
  'at',
  'se',
  'no',
  'dk',
  'fi',
  'pl',
  'pt',
  'in',
  'za',
  'mx',
  'br',
  'jp',
  'eu',
  'ac',
  'ltd',
  'app',
  'dev',
  'online',
  'email',
  'mail',
]);

/** Words that sit before or inside a spoken address but are not part of it. */
const NOT_ADDRESS_WORDS: ReadonlySet<string> = new Set([
  'is',
  "it's",
  'its',
  'it',
  'email',
  'e-mail',
  'address',
  'me',
  'to',
  'at',
  'my',
  'the',
  'a',
  'an',
  'yeah',
  'yes',
  'sure',
  'please',
  'and',
  'send',
  'on',
  'file',
  'was',
  "that's",
  'that',
  'use',
  'still',
  'of',
  'um',
  'uh',
  'er',
  'erm',
  'ok',
  'okay',
  'so',
  'new',
  'old',
  'from',
  'with',
  'i',
  "i'm",
  'you',
  'your',
  'can',
  'be',
  'just',
  'reach',
  'contact',
  'this',
  'here',
  'home',
  'work',
  'moment',
  'look',
  'looking',
  'page',
  'now',
  'shops',
  'top',
  'right',
  'left',
  'bottom',
]);

/** Spoken separators inside an address, with the character they stand for. */
const SPOKEN_SEPARATORS: Readonly<Record<string, string>> = {
  dot: '.',
  underscore: '_',
  dash: '-',
  hyphen: '-',
};

const MAX_LOCAL_WORDS = 8;
const MAX_DOMAIN_WORDS = 4;
const MAX_DOT_PARTS = 3;

function isEmailChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 97 && code <= 122) ||
    code === 46 || // .
    code === 95 || // _
    code === 45 || // -
    code === 43 || // +
    code === 37 // %
  );
}

/** "name@example.com" as one token: one "@", a dot in the domain, letters after the last dot. */
export function isWrittenEmail(token: string): boolean {
  const at = token.indexOf('@');
  return (
    at > 0 && at === token.lastIndexOf('@') && isDomain(token.slice(at + 1)) && isLocal(token.slice(0, at))
  );
}

function isLocal(text: string): boolean {
  if (text.length === 0) return false;
  for (let k = 0; k < text.length; k += 1) if (!isEmailChar(text.charCodeAt(k))) return false;
  return true;
}

function isDomain(text: string): boolean {
  const lastDot = text.lastIndexOf('.');
  if (lastDot <= 0 || lastDot === text.length - 1) return false;
  for (let k = 0; k < text.length; k += 1) {
    const code = text.charCodeAt(k);
    if (!isEmailChar(code) || code === 95 || code === 43) return false;
  }
  const tld = text.slice(lastDot + 1);
  for (let k = 0; k < tld.length; k += 1) {
    const code = tld.charCodeAt(k);
    if (code < 97 || code > 122) return false;
  }
  return true;
}

/**
 * Email addresses written ("jo.smith@mail.com", or split by chat tokenising into "jo.smith" and
 * "@mail.com") and spoken ("jo dot smith at mail dot com", "j o n e s at aol dot co dot uk").
 */
export function findEmails(stream: TokenStream): Detection[] {
  const { tokens } = stream;
  const found: Detection[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (token.includes('@')) {
      if (isWrittenEmail(token)) {
        found.push({ first: i, last: i, result: 'Email', score: 0.95 });
      } else if (token.startsWith('@') && isDomain(token.slice(1))) {
        // Chat tokenising splits at "@"; the local part is the word just before, if it can be one.
        const before = tokens[i - 1];
        const joined = before !== undefined && stream.sameSpeaker(i - 1, i) && isLocal(before);
        found.push({ first: joined ? i - 1 : i, last: i, result: 'Email', score: 0.9 });
      }
      continue;
    }
    if (token === 'at') {
      const spoken = spokenEmailAt(stream, i);
      if (spoken !== undefined) {
        found.push(spoken);
        i = spoken.last;
      }
    }
  }
  return found;
}

function isAddressWord(token: string | undefined): token is string {
  return token !== undefined && token.length > 0 && !NOT_ADDRESS_WORDS.has(token) && !token.includes('@');
}

/** "... at DOMAIN dot TLD (dot TLD)" around the "at" at word `at`, or undefined. */
function spokenEmailAt(stream: TokenStream, at: number): Detection | undefined {
  const { tokens } = stream;
  // The domain: one to a few words, then "dot" and known endings.
  let k = at + 1;
  let domainWords = 0;
  while (k < tokens.length && domainWords < MAX_DOMAIN_WORDS && tokens[k] !== 'dot') {
    if (!isAddressWord(tokens[k]) || !stream.sameSpeaker(at, k)) return undefined;
    domainWords += 1;
    k += 1;
  }
  if (domainWords === 0) return undefined;
  let last = -1;
  for (let parts = 0; parts < MAX_DOT_PARTS && tokens[k] === 'dot'; parts += 1) {
    const ending = tokens[k + 1];
    if (ending === undefined || !TOP_LEVEL_DOMAINS.has(ending) || !stream.sameSpeaker(at, k + 1)) break;
    last = k + 1;
    k += 2;
  }
  if (last < 0) return undefined;
  // The local part: the words before "at", back to the first word that cannot be in an address.
  let first = at;
  while (first - 1 >= 0 && at - (first - 1) <= MAX_LOCAL_WORDS && stream.sameSpeaker(first - 1, at)) {
    const word = tokens[first - 1];
    if (!isAddressWord(word) && !(word !== undefined && word in SPOKEN_SEPARATORS && first - 2 >= 0)) break;
    first -= 1;
  }
  if (first === at) return undefined;
  return { first, last, result: 'Email', score: 0.9 };
}
