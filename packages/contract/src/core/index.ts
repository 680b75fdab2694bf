/**
 * The dependency-free part of the contract: plain TypeScript constants and functions that run
 * anywhere (the SDK compiles this folder into its own build, so it has no run-time dependencies).
 */
export * from './statuses.js';
export * from './errors.js';
export * from './names.js';
export * from './catalog.js';
