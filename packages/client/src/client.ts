import { readEnv } from './env.js';
import { ParleyError } from './errors.js';
import { send } from './http.js';
import type { FetchLike, RequestOptions, RequestSpec, TransportOptions } from './http.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import { ROUTES, routePath } from './routes.js';
import type { RouteName } from './routes.js';
import type {
  AiResults,
  Chat,
  DeclareAudioRequest,
  DeclareChatRequest,
  DeclareCommon,
  DeclaredInteraction,
  DeclareRequest,
  DeclareResponse,
  DeclareTranscriptRequest,
  InteractionPage,
  InteractionStatus,
  InteractionSummary,
  InteractionType,
  ListInteractionsParams,
  PhraseByPhraseTranscript,
  PunctuatedTranscript,
  TranscriptInput,
  WebhookSettings,
  WebhookUpdate,
} from './types.js';
import { listQuery } from './list-query.js';
import { multipartBody } from './uploadable.js';
import type { Uploadable } from './uploadable.js';
import { waitUntilProcessed } from './wait.js';
import type { WaitOptions } from './wait.js';

/**
 * Where the SDK talks to when neither the options nor `PARLEY_BASE_URL` say: a Parley server on
 * this machine with its default port. Hosted ElevateAI is one option away:
 * `baseUrl: 'https://api.elevateai.com/v1'`.
 */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/v1';
export const ELEVATEAI_BASE_URL = 'https://api.elevateai.com/v1';
/** Per request, not per wait: generous because an upload of a long call can take minutes. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10 * 60_000;

export interface ParleyOptions {
  /** Defaults to `PARLEY_BASE_URL`, then `http://127.0.0.1:8080/v1`. Include the `/v1`. */
  baseUrl?: string;
  /** Sent as `X-API-Token`. Defaults to `PARLEY_API_TOKEN`, then `ELEVATEAI_API_TOKEN`. */
  token?: string;
  /** Per-request timeout (default 10 minutes). */
  timeoutMs?: number;
  /** Retries after a 408, 429, 5xx or connection failure (default 2). */
  maxRetries?: number;
  /** Longest pause between retries; a longer `Retry-After` is not waited for (default 60 s). */
  maxRetryDelayMs?: number;
  /**
   * Retry declares too. Off by default: a declare whose answer was lost may have created an
   * interaction (and counted against a quota), and a retry would create a second one.
   */
  retryDeclare?: boolean;
  /** Another fetch implementation, e.g. one with a proxy agent. */
  fetch?: FetchLike;
  defaultHeaders?: Record<string, string>;
}

/** Declare fields with the usual defaults filled in: `languageTag: 'en-us'`, `vertical: 'default'`. */
export type DeclareParams = Partial<DeclareCommon>;

export interface DeclareOptions extends RequestOptions {
  /** Overrides the client's `retryDeclare` for this call. */
  retry?: boolean;
}

export interface UploadOptions extends RequestOptions {
  /** The file name with its extension; the server reads the format from it. Defaults to a File's name. */
  filename?: string;
  contentType?: string;
}

export type ProcessStage = 'declared' | 'uploaded' | 'status' | 'results';

export interface ProcessOptions extends DeclareParams {
  /** Deadline for waiting on processing (default 30 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  pollIntervalMs?: number;
  /** Reports each step, for progress displays. */
  onProgress?: (event: {
    stage: ProcessStage;
    interactionIdentifier: string;
    status?: InteractionStatus;
  }) => void;
}

/** Everything a processed interaction produced. `ai` is null when it was declared without AI results. */
export interface ProcessedInteraction {
  interactionIdentifier: string;
  status: InteractionStatus;
  transcript: PhraseByPhraseTranscript;
  punctuated: PunctuatedTranscript;
  ai: AiResults | null;
}

const EMPTY_PHRASES = (): PhraseByPhraseTranscript => ({
  allParticipants: { phrases: [], phraseSegments: [] },
  participantOne: { phrases: [], phraseSegments: [] },
  participantTwo: { phrases: [], phraseSegments: [] },
  redactionSegments: [],
});

/**
 * The interactions resource: one method per v1 endpoint, the wait helper, and one-call helpers
 * that declare, upload, wait and fetch the results.
 */
export class Interactions {
  constructor(protected readonly client: Parley) {}

  /** POST /v1/interactions. Not retried unless `retry` or the client's `retryDeclare` says so. */
  async declare(body: DeclareRequest, options: DeclareOptions = {}): Promise<DeclareResponse> {
    const { retry, ...request } = options;
    return this.client.request<DeclareResponse>('declare', undefined, request, {
      json: body,
      idempotent: retry ?? this.client.retryDeclare,
    });
  }

  /** Declares an audio interaction; upload it next, unless `downloadUri` is given. */
  declareAudio(
    params: DeclareParams & Partial<Pick<DeclareAudioRequest, 'downloadUri' | 'model'>> = {},
    options?: DeclareOptions,
  ): Promise<DeclareResponse> {
    const body: DeclareAudioRequest = { ...withDefaults(params), type: 'audio' };
    return this.declare(body, options);
  }

  declareChat(chat: Chat, params: DeclareParams = {}, options?: DeclareOptions): Promise<DeclareResponse> {
    const body: DeclareChatRequest = { ...withDefaults(params), type: 'chat', chat };
    return this.declare(body, options);
  }

  declareTranscript(
    transcript: TranscriptInput,
    params: DeclareParams = {},
    options?: DeclareOptions,
  ): Promise<DeclareResponse> {
    const body: DeclareTranscriptRequest = { ...withDefaults(params), type: 'transcript', transcript };
    return this.declare(body, options);
  }

  /**
   * POST /v1/interactions/{id}/upload as multipart. Blobs and bytes are retried like any idempotent
   * call; a stream is read once and so never retried.
   */
  async upload(id: string, file: Uploadable, options: UploadOptions = {}): Promise<void> {
    const { filename, contentType, ...request } = options;
    const name = filename ?? (typeof File !== 'undefined' && file instanceof File ? file.name : undefined);
    if (name === undefined) {
      throw new ParleyError(
        'invalid_argument',
        'upload needs options.filename (e.g. "call.wav") for this input.',
      );
    }
    await this.client.request<undefined>('upload', id, request, {
      body: multipartBody(file, name, contentType),
      idempotent: true,
      expect: 'empty',
    });
  }

  /** GET /v1/interactions/{id}/status. */
  status(id: string, options?: RequestOptions): Promise<InteractionStatus> {
    return this.client.request('status', id, options);
  }

  /** GET /v1/interactions/{id}: the parameters it was declared with. */
  retrieve(id: string, options?: RequestOptions): Promise<DeclaredInteraction> {
    return this.client.request('retrieve', id, options);
  }

  /** GET /v1/interactions/{id}/transcript. An empty transcript (204) comes back as empty lists. */
  async transcript(id: string, options?: RequestOptions): Promise<PhraseByPhraseTranscript> {
    const data = await this.client.request<PhraseByPhraseTranscript | undefined>('transcript', id, options);
    return data ?? EMPTY_PHRASES();
  }

  /** GET /v1/interactions/{id}/transcripts/punctuated. */
  async punctuatedTranscript(id: string, options?: RequestOptions): Promise<PunctuatedTranscript> {
    const data = await this.client.request<PunctuatedTranscript | undefined>(
      'punctuatedTranscript',
      id,
      options,
    );
    return data ?? { sentenceSegments: [], redactionSegments: [] };
  }

  /** GET /v1/interactions/{id}/ai. */
  ai(id: string, options?: RequestOptions): Promise<AiResults> {
    return this.client.request('ai', id, options);
  }

  /**
   * GET /v1/interactions (Parley extension): one page of the tenant's interactions, newest first.
   * Hosted ElevateAI has no such endpoint and answers with `NotFoundError`.
   */
  async list(params: ListInteractionsParams = {}, options?: RequestOptions): Promise<InteractionPage> {
    return this.client.request('list', undefined, options, { query: listQuery(params) });
  }

  /**
   * Every interaction matching `params`, newest first, fetching page after page (of `params.limit`)
   * as the loop asks for more, from `params.cursor` when given. Pages are keyset-paginated on the
   * server, so interactions declared meanwhile are neither repeated nor make others skip.
   *
   * @example
   * for await (const item of parley.interactions.listAll({ status: 'processingFailed' })) {
   *   console.log(item.interactionIdentifier, item.errorMessage);
   * }
   */
  async *listAll(
    params: ListInteractionsParams = {},
    options?: RequestOptions,
  ): AsyncGenerator<InteractionSummary, void, undefined> {
    let cursor = params.cursor;
    do {
      const page = await this.list({ ...params, ...(cursor === undefined ? {} : { cursor }) }, options);
      yield* page.interactions;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** DELETE /v1/interactions/{id}: removes everything stored for it. */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.client.request<undefined>('delete', id, options, { expect: 'empty' });
  }

  /**
   * Polls until `processed` and returns that status. Throws `InteractionFailedError` on a
   * `*Failed` status, `WaitTimeoutError` at the deadline, `APIUserAbortError` when aborted.
   */
  waitUntilProcessed(id: string, options: WaitOptions = {}): Promise<InteractionStatus> {
    return waitUntilProcessed(
      {
        baseUrl: this.client.baseUrl,
        getStatus: (interactionId, request) => this.status(interactionId, request),
        getType: async (interactionId, request) => (await this.retrieve(interactionId, request)).type,
      },
      id,
      options,
    );
  }

  /** Fetches the transcripts, and the AI results when asked for. */
  async results(
    id: string,
    options: RequestOptions & { includeAi?: boolean } = {},
  ): Promise<Omit<ProcessedInteraction, 'status' | 'interactionIdentifier'>> {
    const { includeAi, ...request } = options;
    const [transcript, punctuated, ai] = await Promise.all([
      this.transcript(id, request),
      this.punctuatedTranscript(id, request),
      includeAi === false ? Promise.resolve(null) : this.ai(id, request),
    ]);
    return { transcript, punctuated, ai };
  }

  /** Declares audio that the service downloads from `downloadUri`, waits, and returns the results. */
  processUrl(downloadUri: string, options: ProcessOptions = {}): Promise<ProcessedInteraction> {
    return this.process('audio', options, (params) =>
      this.declareAudio({ ...params, downloadUri }, signalOf(options)),
    );
  }

  /** Declares audio, uploads it, waits, and returns the results. */
  processAudio(
    file: Uploadable,
    options: ProcessOptions & { filename?: string; contentType?: string },
  ): Promise<ProcessedInteraction> {
    const { filename, contentType, ...rest } = options;
    const name = filename ?? (typeof File !== 'undefined' && file instanceof File ? file.name : undefined);
    return this.process(
      'audio',
      rest,
      (params) =>
        this.declareAudio(
          { ...(name === undefined ? {} : { originalFilename: name }), ...params },
          signalOf(rest),
        ),
      async (id) => {
        await this.upload(id, file, {
          ...signalOf(rest),
          ...(name === undefined ? {} : { filename: name }),
          ...(contentType === undefined ? {} : { contentType }),
        });
      },
    );
  }

  /** Declares a chat, waits, and returns the results. */
  processChat(chat: Chat, options: ProcessOptions = {}): Promise<ProcessedInteraction> {
    return this.process('chat', options, (params) => this.declareChat(chat, params, signalOf(options)));
  }

  /** Declares a third-party transcript, waits, and returns the results. */
  processTranscript(
    transcript: TranscriptInput,
    options: ProcessOptions = {},
  ): Promise<ProcessedInteraction> {
    return this.process('transcript', options, (params) =>
      this.declareTranscript(transcript, params, signalOf(options)),
    );
  }

  /** Declares any body, uploads `file` when given, waits, and returns the results. */
  processDeclared(
    body: DeclareRequest,
    options: Omit<ProcessOptions, keyof DeclareParams> & { file?: Uploadable; filename?: string } = {},
  ): Promise<ProcessedInteraction> {
    const { file, filename, ...rest } = options;
    return this.process(
      body.type,
      { ...rest, includeAiResults: body.includeAiResults ?? false },
      () => this.declare(body, signalOf(rest)),
      file === undefined
        ? undefined
        : async (id) => {
            await this.upload(id, file, {
              ...signalOf(rest),
              ...(filename === undefined ? {} : { filename }),
            });
          },
    );
  }

  protected async process(
    type: InteractionType,
    options: ProcessOptions,
    declare: (params: DeclareParams) => Promise<DeclareResponse>,
    upload?: (id: string) => Promise<void>,
  ): Promise<ProcessedInteraction> {
    const { timeoutMs, signal, pollIntervalMs, onProgress, ...declareParams } = options;
    // Analytics are what most callers come for, so the helpers ask for them unless told not to.
    const params: DeclareParams = { includeAiResults: true, ...declareParams };
    const { interactionIdentifier: id } = await declare(params);
    onProgress?.({ stage: 'declared', interactionIdentifier: id });
    if (upload !== undefined) {
      await upload(id);
      onProgress?.({ stage: 'uploaded', interactionIdentifier: id });
    }
    const status = await this.waitUntilProcessed(id, {
      interactionType: type,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(signal === undefined ? {} : { signal }),
      ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      onStatus: (current) => onProgress?.({ stage: 'status', interactionIdentifier: id, status: current }),
    });
    const results = await this.results(id, {
      includeAi: params.includeAiResults === true,
      ...(signal === undefined ? {} : { signal }),
    });
    onProgress?.({ stage: 'results', interactionIdentifier: id, status });
    return { interactionIdentifier: id, status, ...results };
  }
}

/** The tenant's webhook settings (Parley extension; hosted ElevateAI answers `NotFoundError`). */
export class Webhook {
  constructor(protected readonly client: Parley) {}

  /** GET /v1/webhook: the default callback URL and the secret deliveries are signed with. */
  retrieve(options?: RequestOptions): Promise<WebhookSettings> {
    return this.client.request('webhookRetrieve', undefined, options);
  }

  /**
   * PUT /v1/webhook: sets (or, with null, removes) the default callback URL, and replaces the
   * signing secret when `rotateSecret` is true. Answers with the settings now in force.
   */
  update(body: WebhookUpdate, options?: RequestOptions): Promise<WebhookSettings> {
    return this.client.request('webhookUpdate', undefined, options, { json: body });
  }
}

function withDefaults(params: DeclareParams): DeclareCommon {
  return { ...params, languageTag: params.languageTag ?? 'en-us', vertical: params.vertical ?? 'default' };
}

function signalOf(options: { signal?: AbortSignal }): RequestOptions {
  return options.signal === undefined ? {} : { signal: options.signal };
}

/**
 * A client for a Parley server or hosted ElevateAI: the same calls, told apart only by `baseUrl`.
 *
 * @example
 * const parley = new Parley({ baseUrl: 'http://127.0.0.1:8080/v1', token: 'my-token' });
 * const { interactionIdentifier } = await parley.interactions.declareChat(chat);
 * await parley.interactions.waitUntilProcessed(interactionIdentifier);
 */
export class Parley {
  readonly retryDeclare: boolean;
  readonly interactions: Interactions;
  readonly webhook: Webhook;
  readonly #transport: TransportOptions;

  constructor(options: ParleyOptions = {}) {
    const baseUrl = (options.baseUrl ?? readEnv('PARLEY_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    try {
      new URL(baseUrl);
    } catch {
      throw new ParleyError(
        'invalid_base_url',
        `baseUrl must be an absolute URL such as ${DEFAULT_BASE_URL}, got "${baseUrl}".`,
      );
    }
    this.retryDeclare = options.retryDeclare ?? false;
    const token = options.token ?? readEnv('PARLEY_API_TOKEN') ?? readEnv('ELEVATEAI_API_TOKEN');
    this.#transport = {
      baseUrl,
      token,
      // Bound late so a polyfill installed after the client was built is still used.
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      timeoutMs: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      retry: {
        ...DEFAULT_RETRY_POLICY,
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        ...(options.maxRetryDelayMs === undefined ? {} : { maxDelayMs: options.maxRetryDelayMs }),
      },
      defaultHeaders: options.defaultHeaders ?? {},
    };
    this.interactions = this.createInteractions();
    this.webhook = new Webhook(this);
  }

  /** The API's base URL: as given, with /v1 added once a server root has answered as Parley. */
  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  #rootProbe: Promise<void> | undefined;

  /**
   * A base URL with no path (what `npm start` prints first, `http://127.0.0.1:8080`) is a Parley
   * server's root when its /healthz says so; the API is then under /v1. Asked once, before the
   * first request; anything else (hosted ElevateAI, a proxy path, no answer) is left as given.
   */
  async #resolveServerRoot(): Promise<void> {
    if (new URL(this.#transport.baseUrl).pathname !== '/') return;
    this.#rootProbe ??= (async () => {
      try {
        const response = await this.#transport.fetch(`${this.#transport.baseUrl}/healthz`, {
          method: 'GET',
          signal: AbortSignal.timeout(Math.min(this.#transport.timeoutMs, 10_000)),
        });
        const body = (await response.json()) as { service?: unknown; api?: unknown };
        if (response.ok && body.service === 'parley' && body.api === '/v1') this.#transport.baseUrl += '/v1';
      } catch {
        // Not Parley, or not reachable yet: the request itself reports what is wrong.
      }
    })();
    await this.#rootProbe;
  }

  /** Whether a token was configured; the CLI uses it to explain a 401. */
  get hasToken(): boolean {
    return this.#transport.token !== undefined;
  }

  protected createInteractions(): Interactions {
    return new Interactions(this);
  }

  /** Sends one request to a route of the table in `routes.ts`. Exposed for resources, not callers. */
  async request<T>(
    route: RouteName,
    id: string | undefined,
    options: RequestOptions | undefined,
    extra: Partial<Pick<RequestSpec, 'json' | 'body' | 'idempotent' | 'expect'>> & {
      /** `?a=b...` appended to the path, already encoded. */
      query?: string;
    } = {},
  ): Promise<T> {
    const method = ROUTES[route].method;
    const spec: RequestSpec = {
      method,
      path: routePath(route, id) + (extra.query ?? ''),
      idempotent: extra.idempotent ?? method !== 'POST',
      expect: extra.expect ?? 'json',
      signal: options?.signal,
      timeoutMs: options?.timeoutMs,
      maxRetries: options?.maxRetries,
      ...(extra.json === undefined ? {} : { json: extra.json }),
      ...(extra.body === undefined ? {} : { body: extra.body }),
    };
    await this.#resolveServerRoot();
    const response = await send<T>(this.#transport, spec);
    return response.data;
  }
}
