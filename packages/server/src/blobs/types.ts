import type { Readable } from 'node:stream';

/** A blob available as a file on this machine for as long as the holder needs it. */
export interface LocalFile {
  path: string;
  /** Removes any temporary copy; the blob itself stays. */
  release(): Promise<void>;
}

export interface BlobStore {
  /**
   * Streams `body` into the blob `key`. Throws BlobTooLargeError once more than `maxBytes` arrive,
   * and removes whatever was written when it throws for any reason.
   */
  put(
    key: string,
    body: Readable,
    options: { maxBytes: number; signal?: AbortSignal },
  ): Promise<{ bytes: number }>;
  getStream(key: string): Promise<Readable>;
  getLocalFile(key: string): Promise<LocalFile>;
  /** Deleting a blob that does not exist is not an error. */
  delete(key: string): Promise<void>;
  /** The blobs whose keys start with `prefix` (a folder, ending in '/'), with when each was written. */
  list(prefix: string): AsyncIterable<{ key: string; modified: Date }>;
}

export class BlobTooLargeError extends Error {
  override readonly name = 'BlobTooLargeError';
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
    this.maxBytes = maxBytes;
  }
}

export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
}
