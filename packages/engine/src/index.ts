export * from './types.js';
export * from './errors.js';
export * from './engine.js';
export { createEngine } from './create-engine.js';
export * from './analytics/index.js';
export * from './audio/index.js';
export * from './diarization/index.js';
export { decideAgent, MIN_ROLE_CONFIDENCE, type RoleDecision, type RoleTurn } from './roles/decide.js';
export { FEATURE_NAMES, featureDifference, sideFeatures } from './roles/features.js';
