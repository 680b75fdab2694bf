import { resolveRedactionPolicies } from './redaction/policies.js';
import { createAudioTranscriber } from './audio/index.js';
import type { AudioTranscriber, Engine, EngineJob, EngineOptions } from './engine.js';
import { createThreadedTextStage } from './pipeline/thread-pool.js';
import {
  createTextStage,
  inProcessRunner,
  type AgentHint,
  type TextStageRequest,
  type TextStageRunner,
} from './pipeline/text-stage.js';
import type { ProcessingResult } from './types.js';

/** Text analysis of one interaction is linear and takes well under a second; a minute is runaway. */
const DEFAULT_TEXT_TIMEOUT_MS = 60_000;

/**
 * The engine: chat, third-party transcripts and audio all become words and sentences, are
 * redacted, optionally analysed, and rendered to the ElevateAI documents. Speech recognition
 * runs here (its heavy work is native threads and ffmpeg); the text stage runs on worker
 * threads when `textThreads` is set, so hostile text never holds the caller's event loop.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  // The recogniser loads its models on first use, so chat-only and transcript-only servers pay nothing.
  const transcriber: AudioTranscriber =
    options.transcriber ??
    createAudioTranscriber({
      modelsDir: options.modelsDir,
      ...(options.recognizerFetch === undefined ? {} : { fetch: options.recognizerFetch }),
    });
  const threads = options.textThreads ?? 0;
  const text: TextStageRunner =
    threads > 0 && options.analyzer === undefined
      ? await createThreadedTextStage({
          modelsDir: options.modelsDir,
          threads,
          timeoutMs: options.textTimeoutMs ?? DEFAULT_TEXT_TIMEOUT_MS,
          loadInBackground: options.loadTextModelsInBackground ?? false,
        })
      : inProcessRunner(
          await createTextStage({
            modelsDir: options.modelsDir,
            ...(options.analyzer !== undefined ? { analyzer: options.analyzer } : {}),
          }),
        );

  async function textRequest(job: EngineJob): Promise<TextStageRequest> {
    const { input, languageTag, includeAiResults } = job;
    // Checked before any work is done, so an unknown name fails the job at once.
    const redactionPolicies = [...resolveRedactionPolicies(job.redactionPolicies)];
    const common = { languageTag, includeAiResults, redactionPolicies };
    switch (input.kind) {
      case 'chat':
        return { kind: 'chat', chat: input.chat, ...common };
      case 'transcript':
        return { kind: 'transcript', transcript: input.transcript, ...common };
      case 'audio': {
        const agentHint: AgentHint | undefined =
          job.agentChannel !== undefined
            ? { agentChannel: job.agentChannel, from: 'hint' }
            : options.defaultAgentChannel !== undefined
              ? { agentChannel: options.defaultAgentChannel, from: 'default' }
              : undefined;
        const audio = await transcriber.transcribe({
          filePath: input.filePath,
          languageTag,
          ...(input.filename !== undefined ? { filename: input.filename } : {}),
          ...(agentHint !== undefined ? { agentChannel: agentHint.agentChannel } : {}),
          ...(job.signal !== undefined ? { signal: job.signal } : {}),
        });
        return { kind: 'audio', audio, ...common, ...(agentHint !== undefined ? { agentHint } : {}) };
      }
    }
  }

  return {
    async process(job: EngineJob): Promise<ProcessingResult> {
      job.signal?.throwIfAborted();
      const request = await textRequest(job);
      job.signal?.throwIfAborted();
      return text.run(request, job.signal);
    },

    async status() {
      return [...(await transcriber.status()), ...(await text.status())];
    },

    explain: (punctuated, durationMs) => text.explain(punctuated, durationMs),

    async close(): Promise<void> {
      await Promise.all([transcriber.close(), text.close()]);
    },
  };
}
