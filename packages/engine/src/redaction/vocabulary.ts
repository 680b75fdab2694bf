/**
 * The words redaction knows, kept as data: how people say digits, which words may sit inside a
 * spoken number, and which phrases announce a card, a security code or a social security number.
 * All entries are lower case; words are compared after lower-casing and stripping punctuation.
 */

/** Words for a single digit. "oh" and "o" are how people read 0 in card and phone numbers. */
export const DIGIT_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  oh: 0,
  o: 0,
  nought: 0,
  naught: 0,
  nil: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};

export const TEEN_WORDS: Readonly<Record<string, number>> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

export const TENS_WORDS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** "double four" is 44, "triple seven" 777. */
export const REPEAT_WORDS: Readonly<Record<string, number>> = { double: 2, triple: 3 };

/** "four hundred" is 400, "four hundred twelve" 412. */
export const HUNDRED_WORD = 'hundred';

/**
 * Words that may sit between the digits of one spoken number without ending it: hesitations
 * and spoken separators. Punctuation-only tokens ("-", ",") are treated the same way.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'uh',
  'um',
  'umm',
  'er',
  'erm',
  'ah',
  'hmm',
  'mm',
  'dash',
  'hyphen',
  'space',
]);

/** How many filler words in a row a spoken number may contain before it counts as ended. */
export const MAX_FILLERS_IN_NUMBER = 2;

export type CueKind =
  | 'card'
  | 'cvv'
  | 'ssn'
  | 'expiry'
  | 'phone'
  | 'account'
  | 'sortCode'
  | 'passport'
  | 'licence'
  | 'dob'
  | 'postcode'
  | 'name'
  | 'other';

/**
 * Phrases that say what the next number is. An expiry cue is there so that "expires oh four
 * twenty six" after a card number is not mistaken for its security code; an `other` cue ("order
 * number", "reference") says the next number is none of the sensitive kinds. Where phrases end
 * on the same word the longest wins, so "order number" is `other`, never `phone`.
 */
export const CUE_PHRASES: Readonly<Record<CueKind, readonly string[]>> = {
  card: [
    'card number',
    'credit card',
    'debit card',
    'card',
    'visa',
    'mastercard',
    'master card',
    'amex',
    'american express',
    'discover card',
    'long number',
  ],
  cvv: [
    'cvv',
    'cvv2',
    'cvc',
    'cvc2',
    'csc',
    'cid',
    'security code',
    'security number',
    'security digits',
    'verification code',
    'verification number',
    'card verification',
    'three digits',
    'three digit',
    '3 digits',
    '3 digit',
    'four digit code',
    'digits on the back',
    'number on the back',
    'code on the back',
    'back of the card',
    'back of your card',
  ],
  ssn: [
    'social security',
    'social security number',
    'social',
    'ssn',
    's s n',
    'socials',
    'tax id',
    'taxpayer id',
    'itin',
  ],
  expiry: ['expiry', 'expiration', 'expires', 'expire', 'exp', 'valid thru', 'valid through', 'expiry date'],
  phone: [
    'phone',
    'phone number',
    'telephone',
    'mobile',
    'mobile number',
    'cell',
    'cell phone',
    'landline',
    'number',
    'contact number',
    'callback number',
    'call back number',
    'call me',
    'call me back',
    'call',
    'ring',
    'ring me',
    'text me',
    'reach me',
    'reach you',
    'get you',
  ],
  account: [
    'account',
    'account number',
    'account no',
    'acct',
    'acct no',
    'acc',
    'acc no',
    'a c c',
    'checking account',
    'savings account',
    'bank account',
    'account is',
  ],
  sortCode: ['sort code', 'sort', 'sortcode', 'bank code'],
  passport: ['passport', 'passport number', 'passport no'],
  licence: [
    'licence',
    'license',
    'licence number',
    'license number',
    'licence no',
    'license no',
    'driving licence',
    'driving license',
    "driver's license",
    "driver's licence",
    'drivers license',
    'drivers licence',
    'driver license',
    'dl',
  ],
  dob: ['date of birth', 'dob', 'd o b', 'birth date', 'birthdate', 'born', 'birthday', 'born on'],
  postcode: ['postcode', 'post code', 'postal code', 'zip', 'zip code', 'zipcode'],
  name: [],
  other: [
    'order',
    'order number',
    'order no',
    'order id',
    'reference',
    'reference number',
    'ref',
    'tracking',
    'tracking number',
    'case number',
    'case reference',
    'ticket',
    'ticket number',
    'invoice',
    'invoice number',
    'policy',
    'policy number',
    'claim',
    'claim number',
    'customer number',
    'customer id',
    'account reference',
    'meter',
    'meter reading',
    'serial',
    'serial number',
    'parcel',
    'routing',
    'routing number',
    'confirmation number',
    'booking',
    'booking number',
    'voucher',
    'membership number',
    'model number',
    'ends in',
    'ending',
  ],
};

/**
 * A bare "social" announces a social security number only when what follows could not be
 * something else ("social media", "social worker"): nothing, a number, or one of these words.
 */
export const SOCIAL_MAY_BE_FOLLOWED_BY: ReadonlySet<string> = new Set([
  'number',
  'no',
  'is',
  "it's",
  'its',
  'ends',
  'please',
  'was',
  'and',
  'then',
  'again',
  'digits',
  'for',
  'on',
  'so',
  'yes',
  'yeah',
  'ok',
  'okay',
]);

/** Cues whose word may stand for something else unless what follows allows the reading. */
export const GUARDED_CUES: Readonly<Record<string, ReadonlySet<string>>> = {
  social: SOCIAL_MAY_BE_FOLLOWED_BY,
  socials: SOCIAL_MAY_BE_FOLLOWED_BY,
};

/** How many words (any participant) before a number a cue may be and still apply to it. */
export const CUE_WINDOW_WORDS = 20;

/**
 * A 13-19 digit number that fails the card checksum is still taken for a card when a card cue
 * is at most this many words before it ("my card number is ..."): recognisers mishear digits.
 */
export const CARD_CUE_ONLY_WINDOW_WORDS = 6;

/**
 * A spoken number ends when the other participant says this many words before it goes on (a
 * question, not a backchannel like "mhm" or "okay go on"), or after this long a silence.
 */
export const RUN_BREAK_OTHER_WORDS = 3;
export const RUN_BREAK_GAP_MS = 10_000;
