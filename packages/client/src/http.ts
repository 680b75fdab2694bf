import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, makeApiError } from './errors.js';
import type { APIError } from './errors.js';
import { parseRetryAfter, retryDelayMs } from './retry.js';
import type { HttpMethod } from './routes.js';
import type { RetryPolicy } from './retry.js';
import { sleep } from './sleep.js';

type Body = NonNullable<RequestInit['body']>;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** What the transport needs from the client's options. */
export interface TransportOptions {
  baseUrl: string;
  token: string | undefined;
  fetch: FetchLike;
  timeoutMs: number;
  retry: RetryPolicy;
  defaultHeaders: Record<string, string>;
}

/** A body the transport can send again on a retry, or only once. */
export interface RequestBody {
  /** Builds the body for one attempt. Called again on a retry only when `replayable`. */
  make: () => Body;
  replayable: boolean;
  /** Streams need `duplex: 'half'` in fetch implementations that support streaming uploads. */
  streaming: boolean;
  contentType?: string;
}

export interface RequestSpec {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`, with its query string if any. */
  path: string;
  json?: unknown;
  body?: RequestBody;
  /** Whether repeating the request cannot do anything twice (GET, PUT, DELETE; declare only on opt-in). */
  idempotent: boolean;
  /** How to read a 2xx answer: parse JSON, or ignore the body. */
  expect: 'json' | 'empty';
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

export interface TransportResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** Per-request overrides every SDK method accepts. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * Sends one API request with the token, a per-attempt timeout, the caller's AbortSignal and
 * retries. A request is retried only when it is idempotent and its body can be sent again, and
 * only for 408, 429, 5xx and connection failures.
 */
export async function send<T>(options: TransportOptions, spec: RequestSpec): Promise<TransportResponse<T>> {
  const url = options.baseUrl + spec.path;
  const maxRetries = spec.maxRetries ?? options.retry.maxRetries;
  const canRetry = spec.idempotent && (spec.body === undefined || spec.body.replayable);
  const timeoutMs = spec.timeoutMs ?? options.timeoutMs;

  for (let attempt = 0; ; attempt++) {
    if (spec.signal?.aborted) throw new APIUserAbortError(undefined, { cause: spec.signal.reason });
    const outcome = await attemptOnce<T>(options, spec, url, timeoutMs);
    if (outcome.kind === 'ok') return outcome.response;

    const error = outcome.error;
    const retriesLeft = canRetry && attempt < maxRetries && error.retryable;
    if (!retriesLeft) throw error;
    const delay = retryDelayMs(attempt, 'retryAfterMs' in error ? error.retryAfterMs : undefined, {
      ...options.retry,
      maxRetries,
    });
    if (delay === undefined) throw error;
    await sleep(delay, spec.signal);
  }
}

type Outcome<T> =
  { kind: 'ok'; response: TransportResponse<T> } | { kind: 'failed'; error: APIError | APIConnectionError };

async function attemptOnce<T>(
  options: TransportOptions,
  spec: RequestSpec,
  url: string,
  timeoutMs: number,
): Promise<Outcome<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  spec.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const headers: Record<string, string> = { accept: 'application/json', ...options.defaultHeaders };
    if (options.token !== undefined) headers['x-api-token'] = options.token;
    let body: Body | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.body !== undefined) {
      if (spec.body.contentType !== undefined) headers['content-type'] = spec.body.contentType;
      body = spec.body.make();
    }
    // `duplex` is required by undici (Node) for stream bodies and unknown to older RequestInit types.
    const init: RequestInit & { duplex?: 'half' } = {
      method: spec.method,
      headers,
      signal: controller.signal,
    };
    if (body !== undefined) init.body = body;
    if (spec.body?.streaming === true) init.duplex = 'half';

    let response: Response;
    try {
      response = await options.fetch(url, init);
    } catch (cause) {
      return { kind: 'failed', error: transportError(url, spec, timedOut, timeoutMs, cause) };
    }

    try {
      if (response.ok) {
        if (spec.expect === 'empty' || response.status === 204) {
          await response.body?.cancel();
          return {
            kind: 'ok',
            response: { data: undefined as T, status: response.status, headers: response.headers },
          };
        }
        const data = (await response.json()) as T;
        return { kind: 'ok', response: { data, status: response.status, headers: response.headers } };
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return {
        kind: 'failed',
        error: makeApiError(response.status, parsed, response.headers, parseRetryAfter(response.headers)),
      };
    } catch (cause) {
      if (cause instanceof APIUserAbortError) throw cause;
      return { kind: 'failed', error: transportError(url, spec, timedOut, timeoutMs, cause) };
    }
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
  }
}

function transportError(
  url: string,
  spec: RequestSpec,
  timedOut: boolean,
  timeoutMs: number,
  cause: unknown,
): APIConnectionError {
  if (spec.signal?.aborted) throw new APIUserAbortError(undefined, { cause: spec.signal.reason });
  if (timedOut) return new APIConnectionTimeoutError(url, timeoutMs);
  return new APIConnectionError(url, `Could not reach ${url}: ${describeCause(cause)}`, { cause });
}

/** undici hides the useful part (ECONNREFUSED ...) in `cause`. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause;
  if (inner instanceof Error) {
    const code = (inner as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${inner.message})` : inner.message;
  }
  return cause.message;
}
