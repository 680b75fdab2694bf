export { createPunctuator, modelFeatures, PUNCTUATION_MODEL_FOLDER } from './model.js';
export { createRulePunctuator } from './rules.js';
export { buildSentences, looksPunctuated, LONG_PAUSE_MS } from './sentences.js';
export type { Mark, PunctuatedWord, Punctuator } from './types.js';
