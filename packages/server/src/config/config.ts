import { REDACTION_POLICY_NAMES } from '@parley/engine';
import { availableParallelism, hostname } from 'node:os';
import { resolve } from 'node:path';

export type Role = 'all' | 'api' | 'worker';

/** Everything the service can be told by its environment, validated and typed. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Tokens given by the operator; each is its own tenant. */
  apiTokens: string[];
  modelsDir: string;
  /** Which side is the agent when an interaction does not say; undefined: decided from what is said. */
  defaultAgentChannel: 0 | 1 | undefined;
  /** PARLEY_OFFLINE: never fetch a speech recogniser, even when one is missing. */
  offline: boolean;
  /** PARLEY_MODELS_BASE_URL: a mirror of the model publishers' files; unset means the publishers. */
  modelsBaseUrl: string | undefined;
  maxUploadBytes: number;
  maxJsonBytes: number;
  maxDownloadBytes: number;
  downloadTimeoutMs: number;
  maxDownloadRedirects: number;
  allowPrivateDownloads: boolean;
  /** Chats and transcripts processed at once by this process (queue `interaction.process`). */
  workerConcurrency: number;
  /** Audio interactions processed at once by this process (queue `interaction.transcribe`), apart from chats. */
  audioConcurrency: number;
  /** Names this process's job leases, so its next start hands their jobs on at once. */
  workerId: string;
  jobLeaseMs: number;
  jobTimeoutMs: number;
  /** Worker threads for text processing (sentences, redaction, analytics); 0 runs it on the event loop. */
  textThreads: number;
  /** A text-processing step running longer than this is stopped and fails the interaction. */
  textTimeoutMs: number;
  maxJobAttempts: number;
  retryBaseMs: number;
  shutdownGraceMs: number;
  retentionDays: number;
  retentionSweepMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  role: Role;
  /** Reserved for the scale-out deployment (PostgreSQL); unset means embedded SQLite. */
  databaseUrl: string | undefined;
  /** Reserved for the scale-out deployment (S3); unset means files under dataDir. */
  blobUrl: string | undefined;
  /** Webhook deliveries: attempts before giving up, first retry delay, receiver timeout. */
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  webhookTimeoutMs: number;
  /** With a shared database: how often workers re-queue unfinished interactions that lost their job. */
  reconcileIntervalMs: number;
  /** With a shared database: an upload still in progress this long after the declare is taken as dead. */
  uploadStaleMs: number;
  /**
   * Redaction policies for interactions declared without `redactionPolicies`, besides ElevateAI's
   * three, which always apply; empty: just those three.
   */
  redactionPolicies: string[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ROLES = ['all', 'api', 'worker'] as const;

/**
 * Reads the configuration from an environment, reporting every bad variable at once. Returns the
 * config and warnings (unknown PARLEY_* names, usually typos).
 */
export function loadConfig(env: Env, options: { cwd?: string } = {}): { config: Config; warnings: string[] } {
  const problems: string[] = [];
  const cwd = options.cwd ?? process.cwd();
  // Every name read below is a setting; any other PARLEY_* variable is reported as a likely typo.
  const known = new Set<string>();
  const get = (name: string): string | undefined => {
    known.add(name);
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = get(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const policyList = (name: string): string[] => {
    const names = (get(name) ?? '')
      .split(',')
      .map((policy) => policy.trim())
      .filter((policy) => policy.length > 0);
    const unknown = names.filter((policy) => !REDACTION_POLICY_NAMES.includes(policy));
    if (unknown.length > 0) {
      problems.push(
        `${name} must be a comma-separated list of ${REDACTION_POLICY_NAMES.join(', ')}; unknown: ${unknown.join(', ')}`,
      );
      return [];
    }
    return names;
  };
  const url = (name: string, schemes: string[]): string | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !schemes.includes(parsed.protocol)) {
      problems.push(`${name} must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);
    }
    return raw;
  };

  const apiTokens = (get('PARLEY_API_TOKENS') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const shortToken = apiTokens.find((t) => t.length < 16);
  if (shortToken !== undefined) {
    problems.push(
      `PARLEY_API_TOKENS: every token must be at least 16 characters (one has ${shortToken.length})`,
    );
  }

  const cores = availableParallelism();
  const databaseUrl = url('PARLEY_DATABASE_URL', ['postgres:', 'postgresql:']);
  const config: Config = {
    // With a shared database, two processes on one host must not share a lease owner name (each
    // would hand on the other's jobs when it starts), so the default name gets the process id.
    workerId:
      get('PARLEY_WORKER_ID') ?? (databaseUrl === undefined ? hostname() : `${hostname()}-${process.pid}`),
    host: get('PARLEY_HOST') ?? '127.0.0.1',
    port: int('PARLEY_PORT', 8080, 0, 65535),
    dataDir: resolve(cwd, get('PARLEY_DATA_DIR') ?? './data'),
    apiTokens,
    // The same default as `npm run models:download`, so downloaded models are found with no setting.
    modelsDir: resolve(cwd, get('PARLEY_MODELS_DIR') ?? './models'),
    defaultAgentChannel: (() => {
      const side = oneOf('PARLEY_AGENT_CHANNEL', ['auto', '0', '1'], 'auto');
      return side === 'auto' ? undefined : side === '0' ? 0 : 1;
    })(),
    offline: bool('PARLEY_OFFLINE', false),
    modelsBaseUrl: url('PARLEY_MODELS_BASE_URL', ['http:', 'https:']),
    maxUploadBytes: int('PARLEY_MAX_UPLOAD_BYTES', 512 * 1024 * 1024, 1),
    maxJsonBytes: int('PARLEY_MAX_JSON_BYTES', 16 * 1024 * 1024, 1024),
    maxDownloadBytes: int('PARLEY_MAX_DOWNLOAD_BYTES', 512 * 1024 * 1024, 1),
    downloadTimeoutMs: int('PARLEY_DOWNLOAD_TIMEOUT_MS', 120_000, 100),
    maxDownloadRedirects: int('PARLEY_MAX_DOWNLOAD_REDIRECTS', 5, 0, 20),
    allowPrivateDownloads: bool('PARLEY_ALLOW_PRIVATE_DOWNLOADS', false),
    workerConcurrency: int('PARLEY_WORKER_CONCURRENCY', cores, 1, 256),
    // Each call's channels are recognised on worker threads, so one call per core keeps the cores
    // busy; chats have slots of their own and never wait behind these.
    audioConcurrency: int('PARLEY_AUDIO_CONCURRENCY', cores, 1, 256),
    jobLeaseMs: int('PARLEY_JOB_LEASE_MS', 60_000, 1000),
    jobTimeoutMs: int('PARLEY_JOB_TIMEOUT_MS', 30 * 60_000, 1000),
    textThreads: int('PARLEY_TEXT_THREADS', Math.min(cores, 4), 0, 64),
    textTimeoutMs: int('PARLEY_TEXT_TIMEOUT_MS', 60_000, 100),
    maxJobAttempts: int('PARLEY_MAX_JOB_ATTEMPTS', 5, 1, 100),
    retryBaseMs: int('PARLEY_RETRY_BASE_MS', 2000, 1),
    shutdownGraceMs: int('PARLEY_SHUTDOWN_GRACE_MS', 15_000, 0),
    retentionDays: int('PARLEY_RETENTION_DAYS', 45, 1, 36500),
    retentionSweepMs: int('PARLEY_RETENTION_SWEEP_MS', 60 * 60_000, 1000),
    logLevel: oneOf('PARLEY_LOG_LEVEL', LOG_LEVELS, 'info'),
    role: oneOf('PARLEY_ROLE', ROLES, 'all'),
    databaseUrl,
    blobUrl: url('PARLEY_BLOB_URL', ['s3:']),
    webhookMaxAttempts: int('PARLEY_WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    webhookRetryBaseMs: int('PARLEY_WEBHOOK_RETRY_BASE_MS', 5000, 1),
    webhookTimeoutMs: int('PARLEY_WEBHOOK_TIMEOUT_MS', 10_000, 100),
    reconcileIntervalMs: int('PARLEY_RECONCILE_INTERVAL_MS', 60_000, 100),
    uploadStaleMs: int('PARLEY_UPLOAD_STALE_MS', 60 * 60_000, 1000),
    redactionPolicies: policyList('PARLEY_REDACTION_POLICIES'),
  };

  if (problems.length > 0) throw new ConfigError(problems);
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith('PARLEY_') && !known.has(name))
    .map((name) => `${name} is not a Parley setting (misspelt?); it is ignored`);
  return { config: Object.freeze(config), warnings };
}
