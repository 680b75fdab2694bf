/**
 * Where each kind of blob lives. Keys spread over 256 prefixes by the interaction id's first two
 * characters, so no directory or S3 prefix grows without bound.
 */
export function audioBlobKey(interactionId: string): string {
  return `audio/${interactionId.slice(0, 2)}/${interactionId}`;
}

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
