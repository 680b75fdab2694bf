/**
 * Logistic-regression weights over the feature differences of features.ts (FEATURE_NAMES
 * order). Made by `npm run eval:roles -- --write` from the training splits named in
 * eval/role-data.ts; regenerate after changing the features.
 */
export const ROLE_MODEL = {
  weights: [3.8986, -2.0329, 0.19, -1.805, -1.1893, 3.3414, 1.191],
};
