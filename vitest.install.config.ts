import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The fresh-install test alone: it clones the repository, runs npm ci and npm start (minutes).
export default mergeConfig(
  { ...base, test: { ...base.test, projects: undefined } },
  defineConfig({
    test: { include: ['test/fresh-install.test.ts'], testTimeout: 300_000, hookTimeout: 900_000 },
  }),
);
