import { ProcessingError } from '../errors.js';
import { raceAbort } from './abort.js';
import {
  MODEL_CATALOG,
  PARAKEET_V2,
  downloadCommand,
  installedModelDir,
  modelSpec,
  primaryLanguage,
  recommendedRecognizer,
} from './models.js';
import type { ModelSpec } from './models.js';
import {
  DEBIAN_POCKETSPHINX_MODEL,
  POCKETSPHINX_REMEDY,
  createPocketsphinxRecognizer,
  findPocketsphinxModel,
  loadPocketsphinxLibrary,
  type PocketsphinxOptions,
} from './pocketsphinx.js';
import type { SpeechRecognizer } from './recognizer.js';
import { createSherpaRecognizer } from './sherpa-asr.js';
import { loadSherpa } from './sherpa.js';
import type { RecognizerFetcher } from './recognizer-fetch.js';

export type AsrEnginePreference = 'auto' | 'sherpa' | 'pocketsphinx';

/** A recogniser that could be loaded here, and for which languages. */
interface Candidate {
  key: string;
  /** Installs or repairs this candidate's files. */
  remedy: string;
  /** Primary language subtags, or "*" for any language the model knows. */
  languages: readonly string[];
  description: string;
  load(language: string): Promise<SpeechRecognizer>;
}

export interface AsrAvailability {
  candidates: Candidate[];
  /** What is missing, one phrase per engine looked at; empty when something is installed. */
  missing: string[];
  /** The one command that installs a recogniser, when none is installed. */
  remedy: string | undefined;
}

/** What the remedy installs when nothing recognises speech: the recommended English model. */
const DEFAULT_NEURAL = PARAKEET_V2;

/** Finds what can recognise speech here, neural models first: they are several times more accurate. */
export async function findRecognizers(
  modelsDir: string | undefined,
  preference: AsrEnginePreference,
  pocketsphinx: PocketsphinxOptions = {},
): Promise<AsrAvailability> {
  const candidates: Candidate[] = [];
  const missing: string[] = [];

  if (preference !== 'pocketsphinx') {
    const installed = MODEL_CATALOG.filter((spec) => spec.kind !== 'silero-vad')
      .map((spec) => ({ spec, dir: installedModelDir(modelsDir, spec) }))
      .filter((m): m is { spec: ModelSpec; dir: string } => m.dir !== undefined)
      .sort((a, b) => a.spec.preference - b.spec.preference);
    let sherpaError: string | undefined;
    if (installed.length > 0) {
      try {
        loadSherpa();
      } catch (error) {
        sherpaError = `sherpa-onnx-node failed to load (${(error as Error).message})`;
      }
    }
    if (sherpaError !== undefined) missing.push(sherpaError);
    else {
      for (const { spec, dir } of installed) {
        candidates.push({
          key: spec.id,
          remedy: downloadCommand(spec, modelsDir),
          languages: spec.languages,
          description: `sherpa-onnx ${spec.id} (${dir})`,
          load: (language) => createSherpaRecognizer(spec, dir, language),
        });
      }
    }
    if (installed.length === 0) {
      missing.push(
        modelsDir === undefined
          ? 'no models directory is configured for sherpa-onnx models'
          : `no sherpa-onnx model directory in ${modelsDir}`,
      );
    }
  }

  if (preference !== 'sherpa') {
    const model = findPocketsphinxModel(modelsDir);
    let libraryError: string | undefined;
    try {
      await loadPocketsphinxLibrary();
    } catch (error) {
      libraryError = `libpocketsphinx3 could not be loaded (${(error as Error).message})`;
    }
    if (libraryError !== undefined) missing.push(libraryError);
    if (model === undefined) {
      const places = [
        ...(modelsDir === undefined ? [] : [`${modelsDir}/pocketsphinx-en-us`]),
        DEBIAN_POCKETSPHINX_MODEL,
      ];
      missing.push(`the pocketsphinx en-us model is missing (looked in ${places.join(' and ')})`);
    }
    if (model !== undefined && libraryError === undefined) {
      candidates.push({
        key: 'pocketsphinx-en-us',
        remedy: POCKETSPHINX_REMEDY,
        languages: ['en'],
        description: `pocketsphinx en-us (${model.dir})`,
        load: () => createPocketsphinxRecognizer(model, pocketsphinx),
      });
    }
  }

  const remedy =
    candidates.length > 0
      ? undefined
      : preference === 'pocketsphinx'
        ? POCKETSPHINX_REMEDY
        : downloadCommand(DEFAULT_NEURAL, modelsDir);
  return { candidates, missing: candidates.length > 0 ? [] : missing, remedy };
}

function languagesOf(candidates: readonly Candidate[]): string {
  return candidates
    .map((c) => `${c.languages.includes('*') ? 'any Whisper language' : c.languages.join(', ')} (${c.key})`)
    .join('; ');
}

/**
 * Picks and loads the recogniser for a language tag. Each model loads once, on first use, and is
 * shared by every later transcription.
 */
export function createRecognizerRegistry(
  modelsDir: string | undefined,
  preference: AsrEnginePreference,
  pocketsphinx: PocketsphinxOptions = {},
  fetcher?: RecognizerFetcher,
) {
  const loaded = new Map<string, Promise<SpeechRecognizer>>();

  async function recognizerFor(languageTag: string, signal?: AbortSignal): Promise<SpeechRecognizer> {
    const recommended = preference === 'pocketsphinx' ? undefined : recommendedRecognizer(languageTag);
    // A job that needs the model being fetched waits for it rather than failing or falling back.
    const fetching = recommended === undefined ? undefined : fetcher?.ensure(recommended);
    if (fetching !== undefined)
      await raceAbort(
        fetching.catch(() => undefined),
        signal,
      );

    const availability = await findRecognizers(modelsDir, preference, pocketsphinx);
    if (availability.candidates.length === 0) {
      const wanted = recommended ?? DEFAULT_NEURAL;
      const failure = fetcher?.failure(wanted);
      throw new ProcessingError(
        'asr_unavailable',
        failure !== undefined
          ? `no speech recogniser is installed, and the recommended one (${wanted.id}) could not be fetched: ${failure.message.split('. ')[0] ?? ''}. Install it with: ${downloadCommand(wanted, modelsDir)}`
          : `speech recognition is not installed: ${availability.missing.join('; ')}. Install it with: ${preference === 'pocketsphinx' ? POCKETSPHINX_REMEDY : downloadCommand(wanted, modelsDir)}`,
      );
    }
    const language = primaryLanguage(languageTag);
    const candidate = availability.candidates.find(
      (c) => c.languages.includes(language) || (c.languages.includes('*') && /^[a-z]{2,3}$/u.test(language)),
    );
    if (candidate === undefined) {
      throw new ProcessingError(
        'language_unsupported',
        `no speech recognition model for language '${languageTag}' is installed; installed: ${languagesOf(availability.candidates)}. A multilingual Whisper model adds other languages: ${downloadCommand(modelSpec('whisper-base') as ModelSpec, modelsDir)}`,
      );
    }
    const key = `${candidate.key}:${candidate.languages.includes('*') ? language : candidate.languages.join(',')}`;
    let recognizer = loaded.get(key);
    if (recognizer === undefined) {
      recognizer = candidate.load(language).catch((error: unknown) => {
        throw new ProcessingError(
          'model_missing',
          `${candidate.description} could not be loaded (${(error as Error).message.split('\n')[0] ?? ''}); reinstall it with: ${candidate.remedy}`,
          { cause: error },
        );
      });
      loaded.set(key, recognizer);
      recognizer.catch(() => loaded.delete(key));
    }
    return recognizer;
  }

  return {
    recognizerFor,
    async describe(): Promise<AsrAvailability> {
      return findRecognizers(modelsDir, preference, pocketsphinx);
    },
    languagesOf,
    async close(): Promise<void> {
      const all = [...loaded.values()];
      loaded.clear();
      await Promise.all(all.map(async (r) => (await r.catch(() => undefined))?.close()));
    },
  };
}

export type RecognizerRegistry = ReturnType<typeof createRecognizerRegistry>;
