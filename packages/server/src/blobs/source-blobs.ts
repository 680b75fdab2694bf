import { Readable } from 'node:stream';
import type { InlineSource, InteractionRecord } from '../store/types.js';
import { BlobNotFoundError, type BlobStore } from './types.js';

/**
 * Chat and transcript sources are kept as blobs, like audio, and never in the database: a database
 * keeps the bytes of a cleared value in its log and free pages (SQLite's WAL, PostgreSQL's dead
 * row versions) long after the source was processed, while a blob is gone once deleted.
 */
export const SOURCE_BLOB_PREFIX = 'sources/';

export function sourceBlobKey(interactionId: string): string {
  return `${SOURCE_BLOB_PREFIX}${interactionId.slice(0, 2)}/${interactionId}.json`;
}

/** The interaction a source blob belongs to, from its key; undefined for a key of another shape. */
export function interactionOfSourceKey(key: string): string | undefined {
  return /^sources\/[^/]{2}\/([^/]+)\.json$/u.exec(key)?.[1];
}

/** Stores the source of a new interaction; returns its key for the interaction's row. */
export async function storeSource(
  blobs: BlobStore,
  interactionId: string,
  source: InlineSource,
): Promise<string> {
  const key = sourceBlobKey(interactionId);
  const body = Buffer.from(JSON.stringify(source), 'utf8');
  await blobs.put(key, Readable.from([body]), { maxBytes: body.length });
  return key;
}

/**
 * The source of a chat or transcript interaction while it is kept; null once it is gone. Rows
 * stored before sources became blobs may still carry theirs inline until they are processed.
 */
export async function readSource(
  blobs: BlobStore,
  interaction: Pick<InteractionRecord, 'sourceBlobKey' | 'legacyInlineSource'>,
): Promise<InlineSource | null> {
  if (interaction.sourceBlobKey === null) return interaction.legacyInlineSource;
  let stream: Readable;
  try {
    stream = await blobs.getStream(interaction.sourceBlobKey);
  } catch (error) {
    if (error instanceof BlobNotFoundError) return null;
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as InlineSource;
}
