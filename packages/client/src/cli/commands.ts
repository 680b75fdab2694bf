import { writeFile } from 'node:fs/promises';
import type {
  AiResults,
  DeclaredInteraction,
  DeclareRequest,
  InteractionStatus,
  PunctuatedTranscript,
  TranscriptFormat,
} from '../index.js';
import { formatClock, formatTranscript, TRANSCRIPT_FORMATS } from '../index.js';
import { flag, stringOption, UsageError } from './args.js';
import type { Command, CommandContext } from './command.js';
import { DECLARE_OPTIONS, declareParams, EXIT, WAIT_OPTIONS, waitOptions } from './command.js';
import { declarationFromJson, readJsonFile } from './inputs.js';
import type { Io } from './output.js';
import { table } from './output.js';
import { listCommand } from './list.js';
import { runProcess } from './process.js';

function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

function statusLines(status: InteractionStatus): string {
  const rows: string[][] = [
    ['identifier', status.identifier],
    ['status', status.status],
    ['declared', status.declared],
  ];
  if (status.uploaded !== null) rows.push(['uploaded', status.uploaded]);
  if (status.downloaded !== null) rows.push(['downloaded', status.downloaded]);
  if (status.processed !== null) rows.push(['processed', status.processed]);
  if (status.errorMessage !== null) rows.push(['errorMessage', status.errorMessage]);
  return table(rows);
}

function declaredLines(declared: DeclaredInteraction): string {
  return table(
    Object.entries(declared)
      .filter(([, value]) => value !== null && typeof value !== 'object')
      .map(([key, value]) => [key, String(value)]),
  );
}

function aiLines(ai: AiResults): string {
  const blocks: string[] = [];
  for (const scope of ['allParticipants', 'participantOne', 'participantTwo'] as const) {
    const part = ai[scope];
    const voice = part.voiceActivitySegments.filter((s) => s.result === 'voice');
    const voicedMs = voice.reduce((sum, s) => sum + (s.endTimeOffset - s.startTimeOffset), 0);
    if (part.enlightenBundles.length === 0 && voice.length === 0) continue;
    const rows = [['  BUNDLE', 'MODEL', 'SCORE', 'MIN', 'MAX', 'QUARTILES']];
    for (const bundle of part.enlightenBundles) {
      for (const m of bundle.models) {
        rows.push([
          `  ${bundle.name}`,
          m.name,
          String(m.score),
          `${m.minScore} @ ${formatClock(m.minScoreOffset)}`,
          `${m.maxScore} @ ${formatClock(m.maxScoreOffset)}`,
          [m.quartile1, m.quartile2, m.quartile3, m.quartile4].join(' / '),
        ]);
      }
    }
    const heading = `${scope}${voice.length === 0 ? '' : ` (voice ${formatClock(voicedMs)})`}\n`;
    blocks.push(heading + (rows.length > 1 ? table(rows) : ''));
  }
  return blocks.length === 0 ? 'No AI results.\n' : blocks.join('\n');
}

function requireId(context: CommandContext): string {
  return context.positionals[0] as string;
}

const processCommand: Command = {
  name: 'process',
  summary: 'Declare, upload, wait for and save results of audio files, URLs, chats and transcripts',
  usage: 'parley process <file or URL>... [--out DIR] [--concurrency N]',
  args: { min: 1, max: undefined },
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: 'DIR',
      description: 'Write results here (default: next to each input)',
    },
    concurrency: {
      type: 'string',
      short: 'c',
      value: 'N',
      description: 'Inputs processed at once (default 4)',
    },
    ...DECLARE_OPTIONS,
    ...WAIT_OPTIONS,
  },
  examples: [
    'parley process call1.wav call2.mp3 --out results/',
    'parley process chat.json https://example.com/call.wav --concurrency 2 --json',
  ],
  run: runProcess,
};

const declareCommand: Command = {
  name: 'declare',
  summary: 'Declare an interaction and print its identifier',
  usage: 'parley declare [body.json] [--download-uri URL] [--filename NAME]',
  args: { min: 0, max: 1 },
  options: {
    'download-uri': { type: 'string', value: 'URL', description: 'Audio the server downloads (audio only)' },
    filename: { type: 'string', value: 'NAME', description: 'originalFilename to record' },
    'external-id': { type: 'string', value: 'ID', description: 'Your own identifier (externalIdentifier)' },
    ...DECLARE_OPTIONS,
  },
  examples: [
    'parley declare                          # audio, to be uploaded next',
    'parley declare chat.json --json         # a chat or transcript file, or a full declare body',
  ],
  async run(context) {
    const { values, positionals, client, io } = context;
    const params = declareParams(values, 'declare');
    let body: DeclareRequest;
    const file = positionals[0];
    if (file !== undefined) {
      body = declarationFromJson(await readJsonFile(file), params, file);
    } else {
      const downloadUri = stringOption(values, 'download-uri');
      body = {
        languageTag: params.languageTag ?? 'en-us',
        vertical: params.vertical ?? 'default',
        includeAiResults: params.includeAiResults ?? true,
        ...(params.redactionPolicies === undefined ? {} : { redactionPolicies: params.redactionPolicies }),
        type: 'audio',
        ...(downloadUri === undefined ? {} : { downloadUri }),
      };
    }
    const filename = stringOption(values, 'filename');
    const externalId = stringOption(values, 'external-id');
    if (filename !== undefined) body.originalFilename = filename;
    if (externalId !== undefined) body.externalIdentifier = externalId;
    const result = await client.interactions.declare(body);
    if (context.json) printJson(io, result);
    else io.out(`${result.interactionIdentifier}\n`);
    return EXIT.ok;
  },
};

const uploadCommand: Command = {
  name: 'upload',
  summary: 'Upload the audio file of a declared interaction',
  usage: 'parley upload <id> <file>',
  args: { min: 2, max: 2 },
  options: {},
  examples: ['parley upload 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44 call.wav'],
  async run({ client, positionals, io, json }) {
    const [id, path] = positionals as [string, string];
    try {
      await client.interactions.uploadFile(id, path);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'file_not_found') {
        throw new UsageError(`file not found: ${path} (check the path)`, 'upload');
      }
      throw error;
    }
    if (json) printJson(io, { interactionIdentifier: id, uploaded: true });
    else io.out(`Uploaded ${path} to ${id}.\n`);
    return EXIT.ok;
  },
};

const statusCommand: Command = {
  name: 'status',
  summary: 'Show the processing status of an interaction',
  usage: 'parley status <id>',
  args: { min: 1, max: 1 },
  options: {},
  examples: ['parley status 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44'],
  async run(context) {
    const status = await context.client.interactions.status(requireId(context));
    if (context.json) printJson(context.io, status);
    else context.io.out(statusLines(status));
    return EXIT.ok;
  },
};

const waitCommand: Command = {
  name: 'wait',
  summary: 'Wait until an interaction is processed (exit 3 if it failed)',
  usage: 'parley wait <id> [--timeout DURATION]',
  args: { min: 1, max: 1 },
  options: WAIT_OPTIONS,
  examples: ['parley wait 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44 --timeout 10m'],
  async run(context) {
    const { io, values } = context;
    let last: string | undefined;
    const status = await context.client.interactions.waitUntilProcessed(requireId(context), {
      ...waitOptions(values, 'wait'),
      onStatus: (current) => {
        // Progress on stderr, once per change, so stdout stays the final answer.
        if (!context.json && current.status !== last) io.err(`${current.status}\n`);
        last = current.status;
      },
    });
    if (context.json) printJson(io, status);
    else io.out(statusLines(status));
    return EXIT.ok;
  },
};

const getCommand: Command = {
  name: 'get',
  summary: 'Show the parameters an interaction was declared with',
  usage: 'parley get <id>',
  args: { min: 1, max: 1 },
  options: {},
  examples: ['parley get 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44 --json'],
  async run(context) {
    const declared = await context.client.interactions.retrieve(requireId(context));
    if (context.json) printJson(context.io, declared);
    else context.io.out(declaredLines(declared));
    return EXIT.ok;
  },
};

function isPunctuated(value: unknown): value is PunctuatedTranscript {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as PunctuatedTranscript).sentenceSegments)
  );
}

const transcriptCommand: Command = {
  name: 'transcript',
  summary: 'Print a transcript as text, SRT, WebVTT or JSON (from the server or a saved punctuated.json)',
  usage: 'parley transcript <id | punctuated.json> [--format text|srt|vtt|json] [--punctuated]',
  args: { min: 1, max: 1 },
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'text (default), srt, vtt or json' },
    punctuated: {
      type: 'boolean',
      description: 'With json: the punctuated transcript instead of phrase-by-phrase',
    },
    output: { type: 'string', short: 'o', value: 'FILE', description: 'Write to FILE instead of stdout' },
  },
  examples: [
    'parley transcript 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44',
    'parley transcript call.punctuated.json --format srt -o call.srt',
  ],
  async run(context) {
    const { values, io, client } = context;
    const source = requireId(context);
    const requested = stringOption(values, 'format') ?? (context.json ? 'json' : 'text');
    if (!(TRANSCRIPT_FORMATS as readonly string[]).includes(requested)) {
      throw new UsageError(
        `--format must be one of ${TRANSCRIPT_FORMATS.join(', ')}, got '${requested}'`,
        'transcript',
      );
    }
    const format = requested as TranscriptFormat;
    let text: string;
    if (source.toLowerCase().endsWith('.json')) {
      const saved = await readJsonFile(source);
      if (isPunctuated(saved)) text = formatTranscript(saved, format);
      else if (format === 'json') text = `${JSON.stringify(saved, null, 2)}\n`;
      else {
        throw new UsageError(
          `${source} is not a punctuated transcript (no "sentenceSegments"); use the *.punctuated.json file`,
          'transcript',
        );
      }
    } else if (format === 'json' && !flag(values, 'punctuated')) {
      text = `${JSON.stringify(await client.interactions.transcript(source), null, 2)}\n`;
    } else {
      text = formatTranscript(await client.interactions.punctuatedTranscript(source), format);
    }
    const output = stringOption(values, 'output');
    if (output === undefined) io.out(text);
    else await writeFile(output, text);
    return EXIT.ok;
  },
};

const aiCommand: Command = {
  name: 'ai',
  summary: 'Show the CX AI results of an interaction',
  usage: 'parley ai <id>',
  args: { min: 1, max: 1 },
  options: {},
  examples: ['parley ai 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44 --json'],
  async run(context) {
    const ai = await context.client.interactions.ai(requireId(context));
    if (context.json) printJson(context.io, ai);
    else context.io.out(aiLines(ai));
    return EXIT.ok;
  },
};

const deleteCommand: Command = {
  name: 'delete',
  summary: 'Delete everything stored for an interaction',
  usage: 'parley delete <id>',
  args: { min: 1, max: 1 },
  options: {},
  examples: ['parley delete 3f6c1f2a-8a51-4a8e-9d7b-2c1e5b0d9e44'],
  async run(context) {
    const id = requireId(context);
    await context.client.interactions.delete(id);
    if (context.json) printJson(context.io, { interactionIdentifier: id, deleted: true });
    else context.io.out(`Deleted ${id}.\n`);
    return EXIT.ok;
  },
};

export const COMMANDS: readonly Command[] = [
  processCommand,
  declareCommand,
  uploadCommand,
  statusCommand,
  waitCommand,
  getCommand,
  listCommand,
  transcriptCommand,
  aiCommand,
  deleteCommand,
];
