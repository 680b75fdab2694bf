import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '@parley/server';

const apps: FastifyInstance[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serve(root: string): Promise<FastifyInstance> {
  // The same router options as the Parley app, whose trailing-slash handling the routes must suit.
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true } });
  apps.push(app);
  await app.register(dashboardRoutes, { root });
  await app.ready();
  return app;
}

function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'parley-dashboard-'));
  dirs.push(root);
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Parley</title><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  return root;
}

describe('dashboard plugin', () => {
  it('serves index.html at /app and for every page path, and built files as they are', async () => {
    const app = await serve(fakeBuild());
    for (const url of [
      '/app',
      '/app/',
      '/app/new',
      '/app/interactions/3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44',
    ]) {
      const page = await app.inject({ url });
      expect(page.statusCode, `${url} ${page.body}`).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('<div id="root">');
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    }
    const script = await app.inject({ url: '/app/assets/index-abc123.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toContain('immutable');
  });

  it('answers 404 for a missing asset instead of the page', async () => {
    const app = await serve(fakeBuild());
    const missing = await app.inject({ url: '/app/assets/gone-000.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ errorMessage: expect.stringContaining('npm run build') });
  });

  it('says to run the build when there is no build', async () => {
    const root = join(tmpdir(), `parley-no-dashboard-${process.pid}`);
    const app = await serve(root);
    for (const url of ['/app', '/app/', '/app/new']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().errorMessage).toContain('npm run build');
    }
  });
});
