import { createHash } from 'node:crypto';
import fastJsonStringify from 'fast-json-stringify';
import { AiResultsSchema, PunctuatedTranscriptSchema, TranscriptSchema } from '@parley/contract';
import type { InteractionResults } from '../store/types.js';

const PART_SCHEMAS = {
  transcript: TranscriptSchema,
  punctuated: PunctuatedTranscriptSchema,
  ai: AiResultsSchema,
} as const;

/**
 * Names the response schemas the results are served with. A stored result marked with it is, byte
 * for byte, what those schemas would serialise, so it can be sent as stored; a result stored under
 * other schemas (an older release, or none recorded) is parsed and serialised as before.
 */
export const RESULT_WIRE_SCHEMA = createHash('sha256')
  .update(JSON.stringify(PART_SCHEMAS))
  .digest('hex')
  .slice(0, 16);

type Serializers = { [P in keyof typeof PART_SCHEMAS]: (document: unknown) => string };
let serializers: Serializers | undefined;

/**
 * The same compiler, with the same (default) options, that fastify uses for response schemas;
 * compiled on first use, since an API-only process never stores results.
 */
function serializersOf(): Serializers {
  serializers ??= {
    transcript: fastJsonStringify(TranscriptSchema),
    punctuated: fastJsonStringify(PunctuatedTranscriptSchema),
    ai: fastJsonStringify(AiResultsSchema),
  };
  return serializers;
}

/** The documents as stored, and whether they are already what the routes would send. */
export interface StoredResults {
  transcript: string;
  punctuated: string;
  ai: string;
  /** RESULT_WIRE_SCHEMA when each document equals its schema's serialisation; otherwise null. */
  wireSchema: string | null;
}

/**
 * Serialises results for storage. The stored text stays the complete JSON (other readers parse
 * it); it is marked as wire form only when the response schemas would send exactly that text,
 * which they do unless a document carries fields or values the schema drops or rounds.
 */
export function toStoredResults(results: InteractionResults): StoredResults {
  const stored = {
    transcript: JSON.stringify(results.transcript),
    punctuated: JSON.stringify(results.punctuated),
    ai: JSON.stringify(results.ai),
  };
  const serialize = serializersOf();
  const exact =
    stored.transcript === serialize.transcript(results.transcript) &&
    stored.punctuated === serialize.punctuated(results.punctuated) &&
    stored.ai === serialize.ai(results.ai);
  return { ...stored, wireSchema: exact ? RESULT_WIRE_SCHEMA : null };
}
