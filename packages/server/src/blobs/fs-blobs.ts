import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore } from './types.js';

/** Blobs as files under one directory; keys are relative paths made of safe characters only. */
export function createFsBlobStore(rootDir: string): BlobStore {
  const root = resolve(rootDir);
  const pathOf = (key: string) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || key.includes('..')) {
      throw new Error(`Invalid blob key ${JSON.stringify(key)}`);
    }
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error(`Invalid blob key ${JSON.stringify(key)}`);
    return path;
  };

  return {
    async put(key, body, { maxBytes, signal }) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Written under a temporary name, then renamed, so a reader never sees half a file. The name is
      // random: concurrent puts into one directory within the same millisecond must not share it.
      const partial = join(dirname(path), `.${randomUUID()}.partial`);
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          if (bytes > maxBytes) callback(new BlobTooLargeError(maxBytes));
          else callback(null, chunk);
        },
      });
      try {
        await pipeline(body, limit, createWriteStream(partial), signal ? { signal } : {});
        await rename(partial, path);
        return { bytes };
      } catch (error) {
        await rm(partial, { force: true });
        body.resume();
        throw error;
      }
    },
    async getStream(key) {
      const path = pathOf(key);
      await ensureExists(path, key);
      return createReadStream(path) as Readable;
    },
    async getLocalFile(key) {
      const path = pathOf(key);
      await ensureExists(path, key);
      return { path, release: () => Promise.resolve() };
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async *list(prefix) {
      const dir = pathOf(prefix.replace(/\/+$/u, ''));
      let entries;
      try {
        entries = await readdir(dir, { recursive: true, withFileTypes: true });
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        // Partial files of puts in progress are not blobs yet.
        if (!entry.isFile() || entry.name.startsWith('.')) continue;
        const path = join(entry.parentPath, entry.name);
        const modified = await stat(path).then(
          (s) => s.mtime,
          () => undefined,
        );
        if (modified !== undefined) yield { key: relative(root, path).split(sep).join('/'), modified };
      }
    },
  };
}

async function ensureExists(path: string, key: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    throw new BlobNotFoundError(`No blob ${key}`);
  }
}
