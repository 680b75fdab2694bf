export { findRedactions, type Redaction } from './redact.js';
export * from './policies.js';
