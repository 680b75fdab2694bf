import { isRedactionPolicyName, REDACTION_POLICY_NAMES } from '@parley/contract';
import { availableParallelism, hostname } from 'node:os';
import { resolve } from 'node:path';

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
const DATABASE_URL = 'PARLEY_DATABASE_URL';

/** How a setting reads its variable: each call names the variable and notes a bad value. */
interface Reader {
  /** Base for relative paths. */
  cwd: string;
  cores: number;
  get(name: string): string | undefined;
  int(name: string, fallback: number, min: number, max?: number): number;
  bool(name: string, fallback: boolean): boolean;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  url(name: string, schemes: string[]): string | undefined;
  /** A comma-separated list, blanks dropped. */
  list(name: string): string[];
  problem(message: string): void;
}

/**
 * The one schema of the configuration: each setting names its variable once, with its default
 * and its bounds; `Config` is derived from it.
 */
const SETTINGS = {
  host: (r: Reader) => r.get('PARLEY_HOST') ?? '127.0.0.1',
  port: (r: Reader) => r.int('PARLEY_PORT', 8080, 0, 65535),
  dataDir: (r: Reader) => resolve(r.cwd, r.get('PARLEY_DATA_DIR') ?? './data'),
  /** Tokens given by the operator; each is its own tenant. */
  apiTokens: (r: Reader) => {
    const tokens = r.list('PARLEY_API_TOKENS');
    const short = tokens.find((t) => t.length < 16);
    if (short !== undefined) {
      r.problem(`PARLEY_API_TOKENS: every token must be at least 16 characters (one has ${short.length})`);
    }
    return tokens;
  },
  /** The same default as `npm run models:download`, so downloaded models are found with no setting. */
  modelsDir: (r: Reader) => resolve(r.cwd, r.get('PARLEY_MODELS_DIR') ?? './models'),
  /** Which side is the agent when an interaction does not say; undefined: decided from what is said. */
  defaultAgentChannel: (r: Reader): 0 | 1 | undefined => {
    const side = r.oneOf('PARLEY_AGENT_CHANNEL', ['auto', '0', '1'], 'auto');
    return side === 'auto' ? undefined : side === '0' ? 0 : 1;
  },
  /** PARLEY_OFFLINE: never fetch a speech recogniser, even when one is missing. */
  offline: (r: Reader) => r.bool('PARLEY_OFFLINE', false),
  /** PARLEY_MODELS_BASE_URL: a mirror of the model publishers' files; unset means the publishers. */
  modelsBaseUrl: (r: Reader) => r.url('PARLEY_MODELS_BASE_URL', ['http:', 'https:']),
  maxUploadBytes: (r: Reader) => r.int('PARLEY_MAX_UPLOAD_BYTES', 512 * 1024 * 1024, 1),
  maxJsonBytes: (r: Reader) => r.int('PARLEY_MAX_JSON_BYTES', 16 * 1024 * 1024, 1024),
  maxDownloadBytes: (r: Reader) => r.int('PARLEY_MAX_DOWNLOAD_BYTES', 512 * 1024 * 1024, 1),
  downloadTimeoutMs: (r: Reader) => r.int('PARLEY_DOWNLOAD_TIMEOUT_MS', 120_000, 100),
  maxDownloadRedirects: (r: Reader) => r.int('PARLEY_MAX_DOWNLOAD_REDIRECTS', 5, 0, 20),
  allowPrivateDownloads: (r: Reader) => r.bool('PARLEY_ALLOW_PRIVATE_DOWNLOADS', false),
  /** Chats and transcripts processed at once by this process (queue `interaction.process`). */
  workerConcurrency: (r: Reader) => r.int('PARLEY_WORKER_CONCURRENCY', r.cores, 1, 256),
  /**
   * Audio interactions processed at once by this process (queue `interaction.transcribe`), apart
   * from chats. Each call's channels are recognised on threads, so one call per core keeps the
   * cores busy, and chats have slots of their own.
   */
  audioConcurrency: (r: Reader) => r.int('PARLEY_AUDIO_CONCURRENCY', r.cores, 1, 256),
  /**
   * Names this process's job leases, so its next start hands their jobs on at once. With a shared
   * database, two processes on one host must not share it (each would hand on the other's jobs
   * when it starts), so the default there gets the process id.
   */
  workerId: (r: Reader) =>
    r.get('PARLEY_WORKER_ID') ??
    (r.get(DATABASE_URL) === undefined ? hostname() : `${hostname()}-${process.pid}`),
  jobLeaseMs: (r: Reader) => r.int('PARLEY_JOB_LEASE_MS', 60_000, 1000),
  jobTimeoutMs: (r: Reader) => r.int('PARLEY_JOB_TIMEOUT_MS', 30 * 60_000, 1000),
  /** Worker threads for text processing (sentences, redaction, analytics); 0 runs it on the event loop. */
  textThreads: (r: Reader) => r.int('PARLEY_TEXT_THREADS', Math.min(r.cores, 4), 0, 64),
  /** A text-processing step running longer than this is stopped and fails the interaction. */
  textTimeoutMs: (r: Reader) => r.int('PARLEY_TEXT_TIMEOUT_MS', 60_000, 100),
  maxJobAttempts: (r: Reader) => r.int('PARLEY_MAX_JOB_ATTEMPTS', 5, 1, 100),
  retryBaseMs: (r: Reader) => r.int('PARLEY_RETRY_BASE_MS', 2000, 1),
  shutdownGraceMs: (r: Reader) => r.int('PARLEY_SHUTDOWN_GRACE_MS', 15_000, 0),
  retentionDays: (r: Reader) => r.int('PARLEY_RETENTION_DAYS', 45, 1, 36500),
  retentionSweepMs: (r: Reader) => r.int('PARLEY_RETENTION_SWEEP_MS', 60 * 60_000, 1000),
  logLevel: (r: Reader) => r.oneOf('PARLEY_LOG_LEVEL', LOG_LEVELS, 'info'),
  role: (r: Reader) => r.oneOf('PARLEY_ROLE', ROLES, 'all'),
  /** The scale-out deployment's PostgreSQL; unset means embedded SQLite. */
  databaseUrl: (r: Reader) => r.url(DATABASE_URL, ['postgres:', 'postgresql:']),
  /** The scale-out deployment's S3 bucket; unset means files under dataDir. */
  blobUrl: (r: Reader) => r.url('PARLEY_BLOB_URL', ['s3:']),
  /** Webhook deliveries: attempts before giving up. */
  webhookMaxAttempts: (r: Reader) => r.int('PARLEY_WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
  /** Webhook deliveries: the first retry's delay (later ones double). */
  webhookRetryBaseMs: (r: Reader) => r.int('PARLEY_WEBHOOK_RETRY_BASE_MS', 5000, 1),
  /** Webhook deliveries: how long a receiver has to answer. */
  webhookTimeoutMs: (r: Reader) => r.int('PARLEY_WEBHOOK_TIMEOUT_MS', 10_000, 100),
  /** How often workers give a job to unfinished interactions and pending webhooks that lost theirs. */
  reconcileIntervalMs: (r: Reader) => r.int('PARLEY_RECONCILE_INTERVAL_MS', 60_000, 100),
  /** With a shared database: an upload still in progress this long after the declare is taken as dead. */
  uploadStaleMs: (r: Reader) => r.int('PARLEY_UPLOAD_STALE_MS', 60 * 60_000, 1000),
  /**
   * Redaction policies for interactions declared without `redactionPolicies`, besides ElevateAI's
   * three, which always apply; empty: just those three.
   */
  redactionPolicies: (r: Reader) => {
    const names = r.list('PARLEY_REDACTION_POLICIES');
    const unknown = names.filter((policy) => !isRedactionPolicyName(policy));
    if (unknown.length === 0) return names;
    r.problem(
      `PARLEY_REDACTION_POLICIES must be a comma-separated list of ${REDACTION_POLICY_NAMES.join(', ')}; unknown: ${unknown.join(', ')}`,
    );
    return [];
  },
  /**
   * Who may read /metrics: with a token, any client sending `Authorization: Bearer <token>`;
   * without one, only clients on this host (loopback addresses).
   */
  metricsToken: (r: Reader) => {
    const token = r.get('PARLEY_METRICS_TOKEN');
    if (token !== undefined && token.length < 16) {
      r.problem(`PARLEY_METRICS_TOKEN must be at least 16 characters (it has ${token.length})`);
    }
    return token;
  },
  /**
   * A listener of its own for /metrics (any role; the only way a worker-only process serves
   * metrics); the API port then no longer serves /metrics. Undefined: /metrics on the API port.
   */
  metricsPort: (r: Reader) =>
    r.get('PARLEY_METRICS_PORT') === undefined ? undefined : r.int('PARLEY_METRICS_PORT', 0, 0, 65535),
  /** Where that listener binds; PARLEY_HOST unless set. */
  metricsHost: (r: Reader) => r.get('PARLEY_METRICS_HOST') ?? r.get('PARLEY_HOST') ?? '127.0.0.1',
};

/** Everything the service can be told by its environment, validated and typed. */
export type Config = { readonly [K in keyof typeof SETTINGS]: ReturnType<(typeof SETTINGS)[K]> };
export type Role = Config['role'];

/**
 * Reads the configuration from an environment, reporting every bad variable at once. Returns the
 * config and warnings (unknown PARLEY_* names, usually typos).
 */
export function loadConfig(env: Env, options: { cwd?: string } = {}): { config: Config; warnings: string[] } {
  const problems: string[] = [];
  // Every name read is a setting; any other PARLEY_* variable is reported as a likely typo.
  const known = new Set<string>();
  const get = (name: string): string | undefined => {
    known.add(name);
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const reader: Reader = {
    cwd: options.cwd ?? process.cwd(),
    cores: availableParallelism(),
    get,
    problem: (message) => problems.push(message),
    int(name, fallback, min, max = Number.MAX_SAFE_INTEGER) {
      const raw = get(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
        problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
        return fallback;
      }
      return value;
    },
    bool(name, fallback) {
      const raw = get(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      if (['true', '1', 'yes'].includes(raw)) return true;
      if (['false', '0', 'no'].includes(raw)) return false;
      problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
      return fallback;
    },
    oneOf(name, allowed, fallback) {
      const raw = get(name);
      if (raw === undefined) return fallback;
      if ((allowed as readonly string[]).includes(raw)) return raw as (typeof allowed)[number];
      problems.push(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
      return fallback;
    },
    url(name, schemes) {
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
    },
    list: (name) =>
      (get(name) ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
  };

  const config = Object.fromEntries(
    Object.entries(SETTINGS).map(([key, read]) => [key, read(reader)]),
  ) as Config;
  if (problems.length > 0) throw new ConfigError(problems);
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith('PARLEY_') && !known.has(name))
    .map((name) => `${name} is not a Parley setting (misspelt?); it is ignored`);
  return { config: Object.freeze(config), warnings };
}
