/**
 * Node-only additions: upload and process files by path. Kept out of the main entry so a
 * browser bundle of `@parley/client` never reaches for `node:fs`.
 */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Interactions, Parley as CoreParley } from './client.js';
import type { ProcessedInteraction, ProcessOptions, RequestOptions } from './index.js';
import { ParleyError } from './errors.js';

export * from './index.js';

/**
 * A Blob backed by the file, read lazily and again on each retry, so an upload from a path is
 * both memory-light and safe to retry.
 */
export async function blobFromPath(path: string): Promise<Blob> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ParleyError('invalid_argument', `${path} is not a file.`);
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    throw new ParleyError('file_not_found', `Cannot read ${path}: check the path.`, { cause: error });
  }
  return openAsBlob(path);
}

export class NodeInteractions extends Interactions {
  /** Uploads the file at `path`; the server reads the format from its extension. */
  async uploadFile(
    id: string,
    path: string,
    options: RequestOptions & { filename?: string } = {},
  ): Promise<void> {
    const { filename, ...request } = options;
    await this.upload(id, await blobFromPath(path), { ...request, filename: filename ?? basename(path) });
  }

  /** Declares audio, uploads the file at `path`, waits, and returns the results. */
  async processFile(path: string, options: ProcessOptions = {}): Promise<ProcessedInteraction> {
    const blob = await blobFromPath(path);
    return this.processAudio(blob, {
      originalFilename: basename(path),
      ...options,
      filename: basename(path),
    });
  }
}

/** `Parley` with `interactions.uploadFile` and `interactions.processFile`. */
export class Parley extends CoreParley {
  declare readonly interactions: NodeInteractions;

  protected override createInteractions(): NodeInteractions {
    return new NodeInteractions(this);
  }
}
