export * from './types.js';
export * from './errors.js';
export * from './engine.js';
export { createEngine } from './create-engine.js';
export * from './analytics/index.js';
export * from './audio/index.js';
export { chatProblem } from './text/chat.js';
