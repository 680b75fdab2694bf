import type {
  AiResults,
  Chat,
  DeclaredInteraction,
  InteractionStatus,
  InteractionType,
  PhraseByPhraseTranscript,
  PunctuatedTranscript,
  TranscriptInput,
} from '@parley/client';
import { forgetLocal, knownDuration, readLocal, rememberLocal } from './localIndex.js';
import { fetchEvidence, type AnalyticsEvidence } from './evidence.js';
import { uploadWithProgress } from './upload.js';
import type { UploadProgress } from './upload.js';
import { createSdk, errorMessageOf, isNotFound, isUnauthorized } from './sdk.js';
import type { Sdk } from './sdk.js';

/** One row of the interactions list: whatever is known so far. */
export interface InteractionRow {
  id: string;
  type?: InteractionType;
  status?: string;
  declared?: string;
  processed?: string | null;
  errorMessage?: string | null;
  durationMs?: number;
  name?: string;
}

export interface Results {
  transcript: PhraseByPhraseTranscript;
  punctuated: PunctuatedTranscript;
  ai: AiResults;
  /** The sentences behind each score; undefined when the server does not offer them. */
  evidence?: AnalyticsEvidence;
}

export interface Options {
  languageTag: string;
  includeAiResults: boolean;
}

export { errorMessageOf };

/** Everything the dashboard asks of the server, in one place. */
export class DashboardApi {
  private readonly sdk: Sdk;
  /** Whether the server lists interactions; learnt from the first list call. */
  listSource: 'server' | 'browser' | undefined;

  constructor(
    readonly origin: string,
    readonly token: string,
  ) {
    this.sdk = createSdk(origin, token);
  }

  /** Checks the token: any answer but 401/403 means the server accepted it. */
  async verify(): Promise<void> {
    try {
      await this.sdk.interactions.status('00000000-0000-4000-8000-000000000000');
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
  }

  /**
   * The tenant's interactions from the server; from this browser's own record when the server
   * has no list endpoint.
   */
  async list(): Promise<InteractionRow[]> {
    let rows: InteractionRow[] | undefined;
    if (this.listSource !== 'browser') rows = await this.sdk.list();
    this.listSource = rows ? 'server' : 'browser';
    rows ??= readLocal(this.token).map((r) => ({ ...r }));
    return rows.map((row) => {
      const durationMs = row.durationMs ?? knownDuration(row.id);
      return durationMs === undefined ? row : { ...row, durationMs };
    });
  }

  status(id: string): Promise<InteractionStatus> {
    return this.sdk.interactions.status(id);
  }

  /** The declared parameters (type, language); undefined if the server cannot say. */
  declared(id: string): Promise<DeclaredInteraction | undefined> {
    return this.sdk.interactions.retrieve(id).catch(() => undefined);
  }

  private remember(id: string, type: InteractionType, name: string | undefined): void {
    rememberLocal(this.token, {
      id,
      type,
      declared: new Date().toISOString(),
      ...(name === undefined ? {} : { name }),
    });
  }

  async declareAudioUpload(
    file: File,
    options: Options,
    onDeclared: (id: string) => void,
    onProgress: (progress: UploadProgress) => void,
    signal?: AbortSignal,
  ): Promise<string> {
    const id = await this.sdk.declareAudio({ ...options, originalFilename: file.name });
    this.remember(id, 'audio', file.name);
    onDeclared(id);
    await uploadWithProgress(
      `${this.origin}/v1/interactions/${id}/upload`,
      this.token,
      file,
      onProgress,
      signal,
    );
    return id;
  }

  async declareAudioUrl(downloadUri: string, options: Options): Promise<string> {
    const name = downloadUri.split(/[/?#]/).filter(Boolean).pop();
    const id = await this.sdk.declareAudio({
      ...options,
      downloadUri,
      ...(name === undefined ? {} : { originalFilename: name }),
    });
    this.remember(id, 'audio', name ?? downloadUri);
    return id;
  }

  async declareChat(chat: Chat, options: Options, name?: string): Promise<string> {
    const { interactionIdentifier: id } = await this.sdk.interactions.declareChat(chat, {
      ...options,
      ...(name ? { originalFilename: name } : {}),
    });
    this.remember(id, 'chat', name);
    return id;
  }

  async declareTranscript(transcript: TranscriptInput, options: Options, name?: string): Promise<string> {
    const { interactionIdentifier: id } = await this.sdk.interactions.declareTranscript(transcript, {
      ...options,
      ...(name ? { originalFilename: name } : {}),
    });
    this.remember(id, 'transcript', name);
    return id;
  }

  async results(id: string): Promise<Results> {
    const [transcript, punctuated, ai, evidence] = await Promise.all([
      this.sdk.interactions.transcript(id),
      this.sdk.interactions.punctuatedTranscript(id),
      this.sdk.interactions.ai(id),
      // An extension: a failure here must not hide the results themselves.
      fetchEvidence(this.origin, this.token, id).catch(() => undefined),
    ]);
    return { transcript, punctuated, ai, ...(evidence ? { evidence } : {}) };
  }

  async remove(id: string): Promise<void> {
    try {
      await this.sdk.interactions.delete(id);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    forgetLocal(this.token, id);
  }

  isUnauthorized(error: unknown): boolean {
    return isUnauthorized(error);
  }
}
