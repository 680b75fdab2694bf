export * from './core/index.js';
export * from './wire.js';
