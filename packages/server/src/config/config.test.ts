import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies safe defaults', () => {
    const { config } = loadConfig({}, { cwd: '/srv/parley' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/parley/data',
      retentionDays: 45,
      allowPrivateDownloads: false,
      role: 'all',
      apiTokens: [],
    });
    expect(config.workerConcurrency).toBeGreaterThanOrEqual(1);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PARLEY_PORT: 'eighty',
        PARLEY_ALLOW_PRIVATE_DOWNLOADS: 'maybe',
        PARLEY_LOG_LEVEL: 'loud',
        PARLEY_RETENTION_DAYS: '0',
        PARLEY_API_TOKENS: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PARLEY_PORT',
      'PARLEY_ALLOW_PRIVATE_DOWNLOADS',
      'PARLEY_LOG_LEVEL',
      'PARLEY_RETENTION_DAYS',
      'PARLEY_API_TOKENS',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).toContain('"eighty"');
  });

  it('splits comma-separated tokens and warns about unknown PARLEY_ names', () => {
    const { config, warnings } = loadConfig({
      PARLEY_API_TOKENS: ' aaaaaaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbbbbbb,',
      PARLEY_PROT: '1',
    });
    expect(config.apiTokens).toEqual(['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb']);
    expect(warnings.join()).toContain('PARLEY_PROT');
  });

  it('reads PARLEY_REDACTION_POLICIES as a list, empty by default, and names an unknown policy', () => {
    expect(loadConfig({}).config.redactionPolicies).toEqual([]);
    expect(loadConfig({ PARLEY_REDACTION_POLICIES: ' email, phone ,' }).config.redactionPolicies).toEqual([
      'email',
      'phone',
    ]);
    expect(() => loadConfig({ PARLEY_REDACTION_POLICIES: 'email,emails' })).toThrow(ConfigError);
    try {
      loadConfig({ PARLEY_REDACTION_POLICIES: 'email,emails' });
    } catch (error) {
      expect((error as ConfigError).problems.join()).toMatch(/PARLEY_REDACTION_POLICIES.*unknown: emails/u);
    }
  });

  it('reads the metrics settings: no token and no own port by default, the port bound where the API is', () => {
    expect(loadConfig({}).config).toMatchObject({
      metricsToken: undefined,
      metricsPort: undefined,
      metricsHost: '127.0.0.1',
    });
    expect(
      loadConfig({
        PARLEY_HOST: '0.0.0.0',
        PARLEY_METRICS_PORT: '9464',
        PARLEY_METRICS_TOKEN: 'metrics-token-0123456789',
      }).config,
    ).toMatchObject({ metricsToken: 'metrics-token-0123456789', metricsPort: 9464, metricsHost: '0.0.0.0' });
    expect(loadConfig({ PARLEY_METRICS_HOST: '10.0.0.2' }).config.metricsHost).toBe('10.0.0.2');
    let error: unknown;
    try {
      loadConfig({ PARLEY_METRICS_PORT: 'nine', PARLEY_METRICS_TOKEN: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('PARLEY_METRICS_PORT must be an integer'))).toBe(true);
    expect(problems.some((p) => p.startsWith('PARLEY_METRICS_TOKEN must be at least 16'))).toBe(true);
  });
});
