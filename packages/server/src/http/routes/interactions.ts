import { randomUUID } from 'node:crypto';
import { resolveRedactionPolicies } from '@parley/engine';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { chatProblem } from '@parley/engine';
import type { BlobStore } from '../../blobs/types.js';
import { BlobTooLargeError } from '../../blobs/types.js';
import { audioBlobKey } from '../../blobs/keys.js';
import { readSource } from '../../blobs/source-blobs.js';
import { SUPPORTED_DOWNLOAD_SCHEMES } from '../../download/fetch-to-blob.js';
import { ApiError } from '../../errors/api-error.js';
import type { Lifecycle } from '../../lifecycle/lifecycle.js';
import { isTerminal } from '../../lifecycle/statuses.js';
import { enqueueProcessing, type BackgroundWork } from '../../queue/port.js';
import { declareInteraction } from '../../services/declare.js';
import { removeInteraction } from '../../services/remove.js';
import type { InlineSource, InteractionRecord, InteractionStore, NewInteraction } from '../../store/types.js';
import { tenantOf } from '../auth.js';
import { checkCallbackUri } from './callback-uri.js';
import {
  AiResultsSchema,
  DeclareBodySchema,
  DeclaredResponseSchema,
  ErrorBodySchema,
  InteractionIdParamsSchema,
  InteractionResponseSchema,
  PunctuatedTranscriptSchema,
  StatusResponseSchema,
  TranscriptSchema,
  type DeclareBody,
} from '../schemas.js';

export interface InteractionRoutesDeps {
  interactions: InteractionStore;
  lifecycle: Lifecycle;
  queue: Pick<BackgroundWork, 'send' | 'cancel'>;
  blobs: BlobStore;
  maxUploadBytes: number;
  retentionDays: number;
  /** PARLEY_REDACTION_POLICIES: for declares without `redactionPolicies`. */
  defaultRedactionPolicies?: readonly string[];
}

type IdParams = Static<typeof InteractionIdParamsSchema>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { ...ErrorBodySchema, description: 'Error' }]));

const tags = ['interactions'];
const security = [{ apiToken: [] }];

/** Room for multipart boundaries and part headers around a file of the largest accepted size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * The upload body as OpenAPI documents it. It is not a validation schema: the multipart stream is
 * read part by part, and any field name is accepted because every ElevateAI SDK names it differently.
 */
const UPLOAD_DOCUMENTED_BODY = {
  type: 'object',
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description:
        'The audio file, with its file name. The first file part is taken, whatever its field name.',
    },
  },
  required: ['file'],
} as const;

/** The ElevateAI v1 interaction routes, registered under /v1. */
export async function interactionRoutes(app: FastifyInstance, deps: InteractionRoutesDeps): Promise<void> {
  const { interactions, lifecycle, queue, blobs } = deps;

  const load = async (request: FastifyRequest): Promise<InteractionRecord> => {
    // Validated against InteractionIdParamsSchema before the handler runs.
    const raw = (request.params as IdParams).interactionId;
    if (!GUID.test(raw)) {
      throw new ApiError(
        'not_found',
        `"${raw.slice(0, 80)}" is not an interaction identifier: identifiers are GUIDs such as 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44, as returned in interactionIdentifier by POST /v1/interactions.`,
      );
    }
    const found = await interactions.findForTenant(tenantOf(request).id, raw.toLowerCase());
    if (found === undefined) {
      throw new ApiError(
        'not_found',
        `No interaction ${raw} exists for this API token. It may have been deleted, purged after ${deps.retentionDays} days, or declared with another token.`,
      );
    }
    return found;
  };

  const requireProcessed = (interaction: InteractionRecord) => {
    if (interaction.status === 'processed') return;
    const poll = `GET /v1/interactions/${interaction.id}/status`;
    if (isTerminal(interaction.status)) {
      throw new ApiError(
        'results_unavailable',
        `Interaction ${interaction.id} ended with status ${interaction.status}, so it has no results: ${interaction.errorMessage ?? 'no reason recorded'}`,
      );
    }
    throw new ApiError(
      'results_not_ready',
      `Interaction ${interaction.id} is ${interaction.status}; results are available once its status is processed. Poll ${poll}.`,
    );
  };

  const resultsOf = async (request: FastifyRequest) => {
    const interaction = await load(request);
    requireProcessed(interaction);
    const results = await interactions.findResults(interaction.tenantId, interaction.id);
    if (results === undefined)
      throw new Error(`interaction ${interaction.id} is processed but has no stored results`);
    return results;
  };

  app.post(
    '/interactions',
    {
      schema: {
        tags,
        security,
        summary: 'Declare an audio, chat or transcript interaction',
        body: DeclareBodySchema,
        response: { 201: DeclaredResponseSchema, ...errors(400, 401, 413, 415) },
      },
    },
    async (request, reply) => {
      const body = request.body as DeclareBody;
      const { interaction, source } = toNewInteraction(
        body,
        tenantOf(request).id,
        deps.defaultRedactionPolicies,
      );
      await declareInteraction({ lifecycle, queue, blobs }, interaction, source);
      return reply.status(201).send({ interactionIdentifier: interaction.id });
    },
  );

  app.post(
    '/interactions/:interactionId/upload',
    {
      config: { documentedBody: UPLOAD_DOCUMENTED_BODY },
      schema: {
        tags,
        security,
        summary: 'Upload the audio of a declared interaction (multipart/form-data, one file part)',
        consumes: ['multipart/form-data'],
        params: InteractionIdParamsSchema,
        response: { 201: { type: 'null', description: 'Accepted' }, ...errors(400, 401, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      // A body that says it is too large is refused before it is read, not after the wait.
      const declaredLength = Number(request.headers['content-length']);
      if (
        Number.isFinite(declaredLength) &&
        declaredLength > deps.maxUploadBytes + MULTIPART_OVERHEAD_BYTES
      ) {
        void reply.header('connection', 'close');
        throw new ApiError(
          'payload_too_large',
          `The request body (${declaredLength} bytes) is larger than this server accepts for a file (${deps.maxUploadBytes} bytes, PARLEY_MAX_UPLOAD_BYTES). Upload a smaller file.`,
        );
      }
      const interaction = await load(request);
      if (interaction.type !== 'audio') {
        throw new ApiError(
          'upload_conflict',
          `Interaction ${interaction.id} is a ${interaction.type} interaction; only audio interactions take an upload.`,
        );
      }
      if (interaction.downloadUri !== null) {
        throw new ApiError(
          'upload_conflict',
          `Interaction ${interaction.id} was declared with a downloadUri; the server fetches the audio from there, so it takes no upload.`,
        );
      }
      if (interaction.status !== 'filePendingUpload') {
        throw new ApiError(
          'upload_conflict',
          `Interaction ${interaction.id} is ${interaction.status}; it takes one upload, while filePendingUpload. Declare a new interaction to send another file.`,
        );
      }
      if (!request.isMultipart()) {
        throw new ApiError(
          'unsupported_media_type',
          'Send the audio as multipart/form-data with one file part (any field name).',
        );
      }
      let part: MultipartFile | undefined;
      try {
        part = await request.file();
      } catch (error) {
        void reply.header('connection', 'close');
        throw new ApiError(
          'validation_failed',
          `The multipart body could not be read (${error instanceof Error ? error.message : String(error)}). Send multipart/form-data with a boundary= parameter that matches the body, CRLF line ends, a closing --boundary-- line, and one file part with Content-Disposition: form-data.`,
          { cause: error },
        );
      }
      if (part === undefined) {
        throw new ApiError(
          'missing_file',
          'The multipart body has no file part. Add the audio as a file part (any field name; the file name tells the format, e.g. call.wav).',
        );
      }
      if (!(await lifecycle.startUpload(interaction.id))) {
        part.file.resume();
        throw new ApiError(
          'upload_conflict',
          `Interaction ${interaction.id} is already receiving or has received its upload.`,
        );
      }
      const key = audioBlobKey(interaction.id);
      try {
        await blobs.put(key, part.file, { maxBytes: deps.maxUploadBytes });
        if (part.file.truncated) throw new BlobTooLargeError(deps.maxUploadBytes);
      } catch (error) {
        await blobs.delete(key);
        if (
          error instanceof BlobTooLargeError ||
          (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
        ) {
          await lifecycle.reopenUpload(interaction.id);
          throw new ApiError(
            'payload_too_large',
            `The file is larger than this server accepts (${deps.maxUploadBytes} bytes, PARLEY_MAX_UPLOAD_BYTES). Nothing was kept; upload a smaller file to the same interaction.`,
          );
        }
        const reason = error instanceof Error ? error.message : String(error);
        await lifecycle.fail(interaction.id, 'fileUploading', {
          code: 'upload_interrupted',
          message: `The upload broke off before the whole file arrived (${reason}). Declare the interaction again and upload the complete file.`,
        });
        throw new ApiError(
          'validation_failed',
          `The upload broke off before the whole file arrived: ${reason}`,
          { cause: error },
        );
      }
      const filename = part.filename !== '' ? part.filename : part.fieldname !== '' ? part.fieldname : null;
      if (await lifecycle.finishUpload(interaction.id, { blobKey: key, filename })) {
        await enqueueProcessing(queue, interaction);
      }
      return reply.status(201).send();
    },
  );

  app.get(
    '/interactions/:interactionId/status',
    {
      schema: {
        tags,
        security,
        summary: 'Processing status',
        params: InteractionIdParamsSchema,
        response: { 200: StatusResponseSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const i = await load(request);
      return {
        identifier: i.id,
        status: i.status,
        declared: i.declared,
        uploaded: i.uploaded,
        downloaded: i.downloaded,
        processed: i.processed,
        errorMessage: i.errorMessage,
        errorCode: i.errorCode,
      };
    },
  );

  app.get(
    '/interactions/:interactionId',
    {
      schema: {
        tags,
        security,
        summary: 'Declared parameters',
        params: InteractionIdParamsSchema,
        response: { 200: InteractionResponseSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const i = await load(request);
      // Reported while it is kept, null once processed or failed (as ElevateAI does).
      const source = await readSource(blobs, i);
      return {
        identifier: i.id,
        type: i.type,
        languageTag: i.languageTag,
        vertical: i.vertical,
        audioTranscriptionMode: i.audioTranscriptionMode,
        transcript: source?.kind === 'transcript' ? source.transcript : null,
        chat: source?.kind === 'chat' ? source.chat : null,
        downloadUri: i.downloadUri,
        includeAiResults: i.includeAiResults,
        originalFilename: i.originalFilename,
        externalIdentifier: i.externalIdentifier,
        model: i.model,
        agentChannel: i.agentChannel,
        callbackUri: i.callbackUri ?? null,
        redactionPolicies: i.redactionPolicies ?? null,
        status: i.status,
      };
    },
  );

  for (const path of [
    '/interactions/:interactionId/transcript',
    '/interactions/:interactionId/transcripts',
  ]) {
    app.get(
      path,
      {
        schema: {
          tags,
          security,
          summary: 'Phrase-by-phrase transcript',
          params: InteractionIdParamsSchema,
          response: { 200: TranscriptSchema, ...errors(401, 404, 409) },
        },
      },
      async (request) => (await resultsOf(request)).transcript,
    );
  }

  app.get(
    '/interactions/:interactionId/transcripts/punctuated',
    {
      schema: {
        tags,
        security,
        summary: 'Punctuated sentence transcript',
        params: InteractionIdParamsSchema,
        response: { 200: PunctuatedTranscriptSchema, ...errors(401, 404, 409) },
      },
    },
    async (request) => (await resultsOf(request)).punctuated,
  );

  app.get(
    '/interactions/:interactionId/ai',
    {
      schema: {
        tags,
        security,
        summary: 'CX AI results',
        params: InteractionIdParamsSchema,
        response: { 200: AiResultsSchema, ...errors(401, 404, 409) },
      },
    },
    async (request) => (await resultsOf(request)).ai,
  );

  app.delete(
    '/interactions/:interactionId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete the interaction and all its data',
        params: InteractionIdParamsSchema,
        response: { 200: { type: 'null', description: 'Deleted' }, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const interaction = await load(request);
      await removeInteraction({ interactions, queue, blobs }, interaction.id);
      return reply.status(200).send();
    },
  );
}

function toNewInteraction(
  body: DeclareBody,
  tenantId: string,
  defaultRedactionPolicies: readonly string[] | undefined,
): { interaction: NewInteraction; source: InlineSource | null } {
  let downloadUri: string | null = null;
  let inlineSource: InlineSource | null = null;
  if (body.type === 'audio') {
    if (body.downloadUri !== undefined) downloadUri = checkDownloadUri(body.downloadUri);
  } else if (body.type === 'chat') {
    if (body.chat === undefined)
      throw new ApiError(
        'validation_failed',
        'Invalid request body: "chat" is required when type is "chat".',
      );
    // The check processing applies, made here so the client hears of it at once.
    const problem = chatProblem(body.chat);
    if (problem !== null)
      throw new ApiError('validation_failed', `Invalid request body: "${problem.path}" ${problem.detail}`);
    inlineSource = { kind: 'chat', chat: body.chat };
  } else {
    if (body.transcript === undefined) {
      throw new ApiError(
        'validation_failed',
        'Invalid request body: "transcript" is required when type is "transcript".',
      );
    }
    inlineSource = { kind: 'transcript', transcript: body.transcript };
  }
  const interaction: NewInteraction = {
    id: randomUUID(),
    tenantId,
    type: body.type,
    languageTag: body.languageTag,
    vertical: body.vertical,
    includeAiResults: body.includeAiResults ?? false,
    audioTranscriptionMode: body.audioTranscriptionMode ?? null,
    downloadUri,
    originalFilename: body.originalFilename ?? null,
    externalIdentifier: body.externalIdentifier ?? null,
    model: body.model ?? null,
    agentChannel: body.agentChannel ?? null,
    metadata: body.metadata ?? null,
    // Scheme checked here; the address policy applies when it is called, after DNS.
    callbackUri: body.callbackUri === undefined ? null : checkCallbackUri(body.callbackUri, true),
    redactionPolicies: checkRedactionPolicies(body.redactionPolicies ?? defaultRedactionPolicies),
    sourceBlobKey: null,
    declared: new Date().toISOString(),
  };
  return { interaction, source: inlineSource };
}

/** The policies as stored: checked names, in the order given, without repeats; null for none. */
function checkRedactionPolicies(names: readonly string[] | undefined): string[] | null {
  if (names === undefined || names.length === 0) return null;
  try {
    resolveRedactionPolicies(names);
  } catch (error) {
    throw new ApiError(
      'validation_failed',
      `Invalid request body: "redactionPolicies" has an ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  return [...new Set(names)];
}

function checkDownloadUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError(
      'validation_failed',
      `Invalid request body: "downloadUri" is not a URL: ${JSON.stringify(value.slice(0, 200))}.`,
    );
  }
  if (!(SUPPORTED_DOWNLOAD_SCHEMES as readonly string[]).includes(url.protocol)) {
    throw new ApiError(
      'unsupported_download_scheme',
      `"downloadUri" uses ${url.protocol.replace(/:$/, '')}, which this server does not fetch; supported schemes are http and https. Upload the file instead (declare without downloadUri, then POST .../upload).`,
    );
  }
  return url.toString();
}
