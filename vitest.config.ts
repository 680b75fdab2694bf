import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources in tests, so a test never runs stale dist/ output.
    conditions: ['@parley/source'],
  },
  // Tests run in Vite's server (ssr) environment, which takes its conditions from here, not from resolve.
  // Without 'module' (a bundler-only condition): with it, packages such as @aws-sdk/* resolve to
  // builds that Node itself cannot load, since tests import dependencies the way Node does.
  ssr: {
    resolve: {
      conditions: ['@parley/source', ...defaultServerConditions.filter((c) => c !== 'module')],
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'default', include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'] },
      },
      {
        // The server's end-to-end suite again, on PostgreSQL + pg-boss + S3 (see packages/server/test/backend.ts).
        // The restart, chaos and admin-command tests pick their deployments themselves (they build
        // and run the entry points, which two projects must not build at once), so they run once.
        extends: true,
        test: {
          name: 'server-shared',
          include: ['packages/server/test/**/*.test.ts'],
          exclude: [
            'packages/server/test/restart.test.ts',
            'packages/server/test/chaos.test.ts',
            'packages/server/test/admin.test.ts',
          ],
          env: { PARLEY_TEST_BACKEND: 'shared' },
        },
      },
    ],
  },
});
