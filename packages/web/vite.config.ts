import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// The dashboard is served by the Parley server under /app and talks to the API on the same origin.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  resolve: {
    // Build the SDK from its TypeScript sources, so the dashboard never bundles a stale dist/.
    conditions: ['@parley/source', ...defaultClientConditions],
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  server: {
    // `npm run dev`: the page comes from Vite, the API from a running Parley server.
    proxy: { '/v1': process.env.PARLEY_URL ?? 'http://127.0.0.1:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
