import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveModelDir } from '../model-dirs.js';

/**
 * Model directories this package knows, where their official archives live, and the files each
 * must contain. The downloader and the engine both read this table, so a downloaded directory is
 * always one the engine can load.
 */
export interface ModelSpec {
  /** The name `npm run models:download -- <id>` takes. */
  id: string;
  /** Folder under the models directory. */
  dirName: string;
  kind: 'silero-vad' | 'whisper' | 'moonshine' | 'transducer';
  /** The official download; its host part is replaced by PARLEY_MODELS_BASE_URL when set. */
  url: string;
  /** A bare file is saved into the folder; an archive is unpacked into the models directory. */
  packaging: 'file' | 'tar.bz2';
  /** Files that must exist inside the folder afterwards. */
  files: string[];
  /**
   * sha256 of the download where the publisher's bytes are pinned by a commit. The sherpa-onnx
   * release assets are not: k2-fsa publishes no checksums for them and may re-upload an asset
   * under the same URL, so those are checked by size and by the files they must contain.
   */
  sha256?: string;
  /** A download smaller than this is an error page or a cut-off transfer, not the model. */
  minBytes: number;
  /** BCP-47 primary language subtags the model recognises; "*" for Whisper's multilingual models. */
  languages: readonly string[];
  /** Accuracy order among models for the same language: lower is tried first. */
  preference: number;
  /** Whether the recogniser reports when each token was spoken (transducers do; Whisper here does not). */
  wordTimes?: 'model' | 'estimated';
  /** sherpa-onnx `modelType` for transducers: NeMo's differ from icefall's. */
  modelType?: 'nemo_transducer' | 'transducer';
  /** Download size in bytes, for progress and the status line; approximate. */
  approxBytes?: number;
  /** Licence of the weights, as the publisher states it. */
  licence?: string;
}

const SHERPA_RELEASES = 'https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models';

function whisper(size: string, preference: number, minBytes: number): ModelSpec {
  return {
    id: `whisper-${size}`,
    dirName: `sherpa-onnx-whisper-${size}`,
    kind: 'whisper',
    url: `${SHERPA_RELEASES}/sherpa-onnx-whisper-${size}.tar.bz2`,
    packaging: 'tar.bz2',
    files: [`${size}-encoder.int8.onnx`, `${size}-decoder.int8.onnx`, `${size}-tokens.txt`],
    minBytes,
    languages: size.endsWith('.en') ? ['en'] : ['*'],
    preference,
    wordTimes: 'estimated',
    licence: 'MIT (OpenAI)',
  };
}

function moonshine(size: string, preference: number, minBytes: number): ModelSpec {
  return {
    id: `moonshine-${size}-en-int8`,
    dirName: `sherpa-onnx-moonshine-${size}-en-int8`,
    kind: 'moonshine',
    url: `${SHERPA_RELEASES}/sherpa-onnx-moonshine-${size}-en-int8.tar.bz2`,
    packaging: 'tar.bz2',
    files: [
      'preprocess.onnx',
      'encode.int8.onnx',
      'uncached_decode.int8.onnx',
      'cached_decode.int8.onnx',
      'tokens.txt',
    ],
    minBytes,
    languages: ['en'],
    preference,
    wordTimes: 'estimated',
    licence: 'MIT (Useful Sensors)',
  };
}

export const SILERO_VAD: ModelSpec = {
  id: 'silero-vad',
  dirName: 'silero-vad',
  kind: 'silero-vad',
  // v6.2, pinned to a commit so the checksum below stays true.
  url: 'https://github.com/snakers4/silero-vad/raw/806dcba3f0b5d95282d0889a074954a2f8c6397b/src/silero_vad/data/silero_vad.onnx',
  packaging: 'file',
  files: ['silero_vad.onnx'],
  sha256: '1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3',
  minBytes: 1_000_000,
  languages: [],
  preference: 0,
};

/**
 * A transducer directory from the sherpa-onnx releases. Its files are found by role (encoder,
 * decoder, joiner; int8 preferred), since exports name them by training epoch.
 */
function transducer(
  name: string,
  options: Pick<ModelSpec, 'languages' | 'preference' | 'minBytes' | 'approxBytes' | 'licence'> & {
    modelType: 'nemo_transducer' | 'transducer';
  },
): ModelSpec {
  return {
    id: name,
    dirName: `sherpa-onnx-${name}`,
    kind: 'transducer',
    url: `${SHERPA_RELEASES}/sherpa-onnx-${name}.tar.bz2`,
    packaging: 'tar.bz2',
    files: ['tokens.txt'],
    wordTimes: 'model',
    ...options,
  };
}

export const PARAKEET_V2 = transducer('nemo-parakeet-tdt-0.6b-v2-int8', {
  languages: ['en'],
  preference: 0,
  minBytes: 300_000_000,
  approxBytes: 480_000_000,
  licence: 'CC-BY-4.0 (NVIDIA)',
  modelType: 'nemo_transducer',
});

export const PARAKEET_V3 = transducer('nemo-parakeet-tdt-0.6b-v3-int8', {
  // 25 European languages; Parley routes Spanish and Portuguese to it.
  languages: ['es', 'pt'],
  preference: 0,
  minBytes: 300_000_000,
  approxBytes: 487_000_000,
  licence: 'CC-BY-4.0 (NVIDIA)',
  modelType: 'nemo_transducer',
});

export const REAZONSPEECH_JA = transducer('zipformer-ja-reazonspeech-2024-08-01', {
  languages: ['ja'],
  preference: 0,
  minBytes: 60_000_000,
  approxBytes: 150_000_000,
  licence: 'Apache-2.0 (Reazon Research)',
  modelType: 'transducer',
});

/**
 * The recogniser Parley recommends, and fetches on first start, per primary language subtag:
 * the most accurate model sherpa-onnx runs on a CPU that also times every token (docs/asr-models.md).
 */
export const RECOMMENDED_RECOGNIZERS: Readonly<Record<string, ModelSpec>> = {
  en: PARAKEET_V2,
  es: PARAKEET_V3,
  pt: PARAKEET_V3,
  ja: REAZONSPEECH_JA,
};

export function recommendedRecognizer(languageTag: string): ModelSpec | undefined {
  return RECOMMENDED_RECOGNIZERS[primaryLanguage(languageTag)];
}

export const MODEL_CATALOG: readonly ModelSpec[] = [
  SILERO_VAD,
  PARAKEET_V2,
  PARAKEET_V3,
  REAZONSPEECH_JA,
  moonshine('base', 1, 100_000_000),
  whisper('base.en', 2, 100_000_000),
  moonshine('tiny', 3, 50_000_000),
  whisper('tiny.en', 4, 50_000_000),
  whisper('base', 5, 100_000_000),
  whisper('tiny', 6, 50_000_000),
];

export function modelSpec(id: string): ModelSpec | undefined {
  return MODEL_CATALOG.find((spec) => spec.id === id);
}

/** The command that installs a model into the given models directory. */
export function downloadCommand(spec: ModelSpec, modelsDir: string | undefined): string {
  return `npm run models:download -- ${spec.id}${modelsDir === undefined ? '' : ` --models-dir ${modelsDir}`}`;
}

/** The folder of an installed model: every listed file present (and, for a transducer, its three parts). */
export function installedModelDir(modelsDir: string | undefined, spec: ModelSpec): string | undefined {
  const dir = resolveModelDir(modelsDir, spec.dirName, spec.files);
  if (dir === undefined) return undefined;
  return spec.kind !== 'transducer' || transducerParts(dir) !== undefined ? dir : undefined;
}

export interface TransducerParts {
  encoder: string;
  decoder: string;
  joiner: string;
}

/** The encoder, decoder and joiner of a transducer directory, int8 exports preferred. */
export function transducerParts(dir: string): TransducerParts | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const pick = (role: string): string | undefined => {
    const candidates = names.filter((n) => n.startsWith(role) && n.endsWith('.onnx')).sort();
    const chosen = candidates.find((n) => n.endsWith('.int8.onnx')) ?? candidates[0];
    return chosen === undefined ? undefined : join(dir, chosen);
  };
  const encoder = pick('encoder');
  const decoder = pick('decoder');
  const joiner = pick('joiner');
  return encoder && decoder && joiner ? { encoder, decoder, joiner } : undefined;
}

/** The primary language subtag of a BCP-47 tag, lower-cased: "en-US" -> "en". */
export function primaryLanguage(languageTag: string): string {
  return (languageTag.split(/[-_]/u)[0] ?? '').toLowerCase();
}
