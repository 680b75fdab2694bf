export { findRedactions, type Redaction } from './redact.js';
