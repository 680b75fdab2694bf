import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore } from './types.js';

export interface S3Location {
  bucket: string;
  /** Prepended to every key; empty or ending in '/'. */
  prefix: string;
}

/** Reads PARLEY_BLOB_URL, `s3://bucket/optional/prefix`. */
export function parseBlobUrl(url: string): S3Location {
  const parsed = new URL(url);
  if (parsed.protocol !== 's3:' || parsed.hostname === '') {
    throw new Error(`PARLEY_BLOB_URL must look like s3://bucket/prefix, got ${JSON.stringify(url)}`);
  }
  const path = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '');
  return { bucket: parsed.hostname, prefix: path === '' ? '' : `${path}/` };
}

/**
 * An S3 client configured the way AWS tools are: AWS_REGION (or AWS_DEFAULT_REGION),
 * AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL for S3-compatible servers (which then get path-style
 * addressing, since most of them have no per-bucket host names), and AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN); without keys the SDK's usual chain applies
 * (shared config files, instance roles).
 */
export function createS3ClientFromEnv(env: Record<string, string | undefined>): S3Client {
  const endpoint = env['AWS_ENDPOINT_URL_S3'] ?? env['AWS_ENDPOINT_URL'];
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  const sessionToken = env['AWS_SESSION_TOKEN'];
  const config: S3ClientConfig = {
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    // Checksums only where S3 requires them: many S3-compatible servers reject the SDK's default
    // streaming checksum trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (endpoint !== undefined && endpoint !== '') {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
  }
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    config.credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken !== undefined ? { sessionToken } : {}),
    };
  }
  return new S3Client(config);
}

/** 5 MiB is S3's smallest multipart part; it also bounds memory per upload to a few parts. */
const PART_BYTES = 5 * 1024 * 1024;

/** Blobs as objects in an S3-compatible bucket, streamed both ways. */
export function createS3BlobStore(client: S3Client, location: S3Location): BlobStore {
  const keyOf = (key: string) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || key.includes('..')) {
      throw new Error(`Invalid blob key ${JSON.stringify(key)}`);
    }
    return `${location.prefix}${key}`;
  };

  const remove = async (key: string) => {
    await client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: keyOf(key) }));
  };

  const open = async (key: string): Promise<Readable> => {
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: keyOf(key) }));
      if (!(response.Body instanceof Readable)) throw new Error(`S3 returned no body for ${key}`);
      return response.Body;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') throw new BlobNotFoundError(`No blob ${key}`);
      throw error;
    }
  };

  return {
    async put(key, body, { maxBytes, signal }) {
      let bytes = 0;
      let tooLarge = false;
      // The limit is enforced on the way through, so an oversized body is cut off while it
      // streams instead of after it has been stored.
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          if (bytes > maxBytes) {
            tooLarge = true;
            callback(new BlobTooLargeError(maxBytes));
          } else callback(null, chunk);
        },
      });
      const upload = new Upload({
        client,
        params: { Bucket: location.bucket, Key: keyOf(key), Body: limit },
        partSize: PART_BYTES,
        queueSize: 2,
        leavePartsOnError: false,
      });
      const abort = () => {
        void upload.abort().catch(() => undefined);
      };
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const feeding = pipeline(body, limit, signal ? { signal } : {});
        // If feeding fails, the upload sees its body end with an error and fails too.
        const [fed, uploaded] = await Promise.allSettled([feeding, upload.done()]);
        if (fed.status === 'rejected') throw tooLarge ? new BlobTooLargeError(maxBytes) : fed.reason;
        if (uploaded.status === 'rejected') throw uploaded.reason;
        return { bytes };
      } catch (error) {
        abort();
        body.resume();
        // A single-request upload may have completed before the error surfaced.
        await remove(key).catch(() => undefined);
        throw tooLarge ? new BlobTooLargeError(maxBytes) : error;
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },

    getStream: open,

    async getLocalFile(key) {
      // The decoder needs a seekable file; the copy lives in a private temporary directory.
      const stream = await open(key);
      const dir = await mkdtemp(join(tmpdir(), 'parley-blob-'));
      const path = join(dir, key.replaceAll('/', '_'));
      try {
        await pipeline(stream, createWriteStream(path));
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
      return { path, release: () => rm(dir, { recursive: true, force: true }) };
    },

    delete: remove,

    async *list(prefix) {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: location.bucket,
            Prefix: keyOf(prefix),
            ...(token !== undefined ? { ContinuationToken: token } : {}),
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined || object.LastModified === undefined) continue;
          yield { key: object.Key.slice(location.prefix.length), modified: object.LastModified };
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    },
  };
}
