import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Chat, DeclareParams, DeclareRequest, TranscriptInput } from '../index.js';
import { UsageError } from './args.js';

/** One thing `parley process` was asked to handle, checked before anything is sent. */
export type ProcessInput =
  | { kind: 'audio-file'; source: string; path: string; stem: string; dir: string }
  | { kind: 'url'; source: string; url: string; stem: string; dir: string | undefined }
  | { kind: 'declare'; source: string; body: DeclareRequest; stem: string; dir: string };

const JSON_SHAPES_HELP =
  'a chat ({"participants", "messages"}), a transcript ({"allParticipants" | "participantOne" | "participantTwo"}) ' +
  'or a declare body ({"type", "languageTag", ...})';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a JSON declaration by its shape: `{participants, messages}` is a chat, an object with
 * `allParticipants`/`participantOne`/`participantTwo` is a transcript, and one with `type` is a
 * full declare body sent as it is (params fill in only what it lacks).
 */
export function declarationFromJson(value: unknown, params: DeclareParams, source: string): DeclareRequest {
  if (!isRecord(value)) throw new UsageError(`${source} must hold a JSON object: ${JSON_SHAPES_HELP}`);
  const common = { languageTag: params.languageTag ?? 'en-us', vertical: params.vertical ?? 'default' };
  const extra = {
    ...(params.includeAiResults === undefined ? {} : { includeAiResults: params.includeAiResults }),
    ...(params.redactionPolicies === undefined ? {} : { redactionPolicies: params.redactionPolicies }),
  };
  const type = value['type'];
  if (type === 'audio' || type === 'chat' || type === 'transcript') {
    if (type === 'audio' && typeof value['downloadUri'] !== 'string') {
      throw new UsageError(
        `${source} declares audio without "downloadUri"; give the audio file itself to 'parley process' instead`,
      );
    }
    return { ...common, ...extra, ...value } as unknown as DeclareRequest;
  }
  if (type !== undefined) {
    throw new UsageError(
      `${source} has "type": ${JSON.stringify(type)}; use "audio", "chat" or "transcript"`,
    );
  }
  if (Array.isArray(value['participants']) && Array.isArray(value['messages'])) {
    return { ...common, ...extra, type: 'chat', chat: value as unknown as Chat };
  }
  if (['allParticipants', 'participantOne', 'participantTwo'].some((key) => isRecord(value[key]))) {
    return { ...common, ...extra, type: 'transcript', transcript: value as unknown as TranscriptInput };
  }
  throw new UsageError(`${source} is not ${JSON_SHAPES_HELP}`);
}

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}: check the path`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `${path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

function stemOf(name: string): string {
  const base = basename(name);
  const ext = extname(base);
  return ext === '' || ext === base ? base : base.slice(0, -ext.length);
}

/** Resolves every argument of `parley process`, failing on the first that cannot work. */
export async function resolveInputs(
  sources: readonly string[],
  params: DeclareParams,
): Promise<ProcessInput[]> {
  const inputs: ProcessInput[] = [];
  for (const source of sources) {
    if (isUrl(source)) {
      let name = '';
      try {
        name = decodeURIComponent(new URL(source).pathname.split('/').pop() ?? '');
      } catch {
        throw new UsageError(`'${source}' is not a valid URL`);
      }
      inputs.push({ kind: 'url', source, url: source, stem: stemOf(name) || 'download', dir: undefined });
      continue;
    }
    const path = resolve(source);
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a file');
    } catch {
      throw new UsageError(`file not found: ${source} (check the path)`);
    }
    const dir = dirname(path);
    if (extname(path).toLowerCase() === '.json') {
      const body = declarationFromJson(await readJsonFile(path), params, source);
      inputs.push({ kind: 'declare', source, body, stem: stemOf(path), dir });
    } else {
      inputs.push({ kind: 'audio-file', source, path, stem: stemOf(path), dir });
    }
  }
  return inputs;
}

export const RESULT_FILES = {
  transcript: 'transcript.json',
  punctuated: 'punctuated.json',
  ai: 'ai.json',
} as const;

/** `<dir>/<stem>.transcript.json` and friends: next to the input, or in `--out`. */
export function outputPaths(
  input: ProcessInput,
  outDir: string | undefined,
): Record<keyof typeof RESULT_FILES, string> {
  const dir = outDir ?? input.dir ?? process.cwd();
  return {
    transcript: join(dir, `${input.stem}.${RESULT_FILES.transcript}`),
    punctuated: join(dir, `${input.stem}.${RESULT_FILES.punctuated}`),
    ai: join(dir, `${input.stem}.${RESULT_FILES.ai}`),
  };
}
