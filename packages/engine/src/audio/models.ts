import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
  kind: 'silero-vad' | 'whisper' | 'moonshine';
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

export const MODEL_CATALOG: readonly ModelSpec[] = [
  SILERO_VAD,
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

/** The folder of an installed model: every listed file present. */
export function installedModelDir(modelsDir: string | undefined, spec: ModelSpec): string | undefined {
  if (modelsDir === undefined) return undefined;
  const dir = join(modelsDir, spec.dirName);
  return spec.files.every((file) => existsSync(join(dir, file))) ? dir : undefined;
}

/** The primary language subtag of a BCP-47 tag, lower-cased: "en-US" -> "en". */
export function primaryLanguage(languageTag: string): string {
  return (languageTag.split(/[-_]/u)[0] ?? '').toLowerCase();
}
