import { Readable } from 'node:stream';
import type { InlineSource, InteractionRecord } from '../store/types.js';
import { sourceBlobKey } from './keys.js';
import { BlobNotFoundError, type BlobStore } from './types.js';

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

/** The source of a chat or transcript interaction while it is kept; null once it is gone. */
export async function readSource(
  blobs: BlobStore,
  interaction: Pick<InteractionRecord, 'sourceBlobKey'>,
): Promise<InlineSource | null> {
  if (interaction.sourceBlobKey === null) return null;
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
