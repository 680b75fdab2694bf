import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSpec } from './models.js';
import { installedModelDir, transducerParts } from './models.js';

export class ModelDownloadError extends Error {
  override readonly name = 'ModelDownloadError';
  /** True when the host could not be reached at all: no network here, so retrying soon will not help. */
  readonly unreachable: boolean;

  constructor(message: string, options: { cause?: unknown; unreachable?: boolean } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.unreachable = options.unreachable ?? false;
  }
}

/** Where a model is fetched from: the explicit URL, the mirror, or the publisher. */
export function downloadUrl(spec: ModelSpec, options: { url?: string; baseUrl?: string } = {}): string {
  if (options.url !== undefined) return options.url;
  if (options.baseUrl === undefined) return spec.url;
  const name = spec.url.slice(spec.url.lastIndexOf('/') + 1);
  return `${options.baseUrl.replace(/\/+$/u, '')}/${name}`;
}

/** sha256 of the bytes already on disk, so a resumed download is still checked end to end. */
async function hashFile(path: string): Promise<ReturnType<typeof createHash>> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash;
}

export interface DownloadProgress {
  receivedBytes: number;
  /** From Content-Length; undefined when the server does not say. */
  totalBytes: number | undefined;
}

export interface DownloadModelOptions {
  modelsDir: string;
  spec: ModelSpec;
  /** Another location of the same file (a mirror); defaults to the official URL in the catalog. */
  url?: string;
  /**
   * A mirror holding the catalog's files under the same names (PARLEY_MODELS_BASE_URL): the file
   * is fetched from `${baseUrl}/${file name}`. Ignored when `url` is given.
   */
  baseUrl?: string;
  /** Replace an installed copy. */
  force?: boolean;
  onProgress?: (progress: DownloadProgress) => void;
  /** Give up when no byte arrives for this long. */
  stallTimeoutMs?: number;
  signal?: AbortSignal;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && NETWORK_CODES.has(code)) return code;
    // AggregateError from happy-eyeballs connects carries the per-address errors.
    if (e instanceof AggregateError) {
      const inner = e.errors.map(networkCode).find((c) => c !== undefined);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

function runTar(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) =>
      reject(new ModelDownloadError(`cannot run tar to unpack the archive: ${error.message}`)),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new ModelDownloadError(
              `the archive could not be unpacked: ${stderr.trim() || `tar exited with ${code}`}`,
            ),
          ),
    );
  });
}

/**
 * Streams the download into `target`, hashing and counting as it goes. Bytes already in `target`
 * from an interrupted attempt are kept and the rest is asked for with a Range request; a server
 * that ignores the range sends the whole file again, which then replaces them.
 */
async function fetchToFile(
  url: string,
  target: string,
  options: DownloadModelOptions,
): Promise<{ bytes: number; sha256: string }> {
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  const stall = new AbortController();
  let timer = setTimeout(() => stall.abort(), stallTimeoutMs);
  const signal = options.signal ? AbortSignal.any([stall.signal, options.signal]) : stall.signal;
  const host = new URL(url).host;
  const have = existsSync(target) ? (await stat(target)).size : 0;
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        signal,
        redirect: 'follow',
        headers: have > 0 ? { range: `bytes=${have}-` } : {},
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // fetch rejects only when no response came: DNS, refused or reset connections, TLS, a
      // blocked port. Whichever it was, this host cannot be reached from here now.
      const code = networkCode(error);
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
      const reason = stall.signal.aborted
        ? `no answer within ${stallTimeoutMs / 1000} s`
        : (code ?? cause ?? (error as Error).message);
      throw new ModelDownloadError(
        `cannot reach ${host} (${reason}): this machine has no working route to the model's host. Download ${url} on a machine that has one and install it so that ${join(options.modelsDir, options.spec.dirName)}/ holds ${[...options.spec.files, ...(options.spec.kind === 'transducer' ? ['encoder*.onnx, decoder*.onnx, joiner*.onnx'] : [])].join(', ')}.`,
        { cause: error, unreachable: true },
      );
    }
    const resumed = have > 0 && response.status === 206;
    if (!response.ok || response.body === null) {
      throw new ModelDownloadError(`${url} answered HTTP ${response.status} ${response.statusText}`);
    }
    const length = Number(response.headers.get('content-length'));
    const sent = Number.isFinite(length) && length > 0 ? length : undefined;
    // Content-Range: bytes 1000-4999/5000 names the whole size when resuming.
    const whole = /\/(\d+)$/u.exec(response.headers.get('content-range') ?? '')?.[1];
    const totalBytes = resumed
      ? whole !== undefined
        ? Number(whole)
        : sent === undefined
          ? undefined
          : have + sent
      : sent;
    const hash = resumed ? await hashFile(target) : createHash('sha256');
    const out = createWriteStream(target, { flags: resumed ? 'a' : 'w' });
    let bytes = resumed ? have : 0;
    options.onProgress?.({ receivedBytes: bytes, totalBytes });
    try {
      // Node's web streams are async-iterable; the DOM typings the dashboard build also reads say otherwise.
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        clearTimeout(timer);
        timer = setTimeout(() => stall.abort(), stallTimeoutMs);
        hash.update(chunk);
        bytes += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        options.onProgress?.({ receivedBytes: bytes, totalBytes });
      }
    } catch (error) {
      if (stall.signal.aborted) {
        throw new ModelDownloadError(
          `the download from ${host} stalled: no data for ${stallTimeoutMs / 1000} s; run it again to resume`,
          { cause: error },
        );
      }
      if (options.signal?.aborted) throw error;
      throw new ModelDownloadError(
        `the download from ${host} was interrupted after ${bytes} bytes (${(error as Error).message}); run it again to resume`,
        { cause: error },
      );
    } finally {
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    }
    if (totalBytes !== undefined && bytes < totalBytes) {
      throw new ModelDownloadError(
        `the download from ${host} was cut short: ${bytes} of ${totalBytes} bytes; run it again to resume`,
      );
    }
    if (totalBytes !== undefined && bytes > totalBytes) {
      throw new PartDiscarded(`${url} sent ${bytes} bytes where it announced ${totalBytes}`);
    }
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    clearTimeout(timer);
  }
}

/** A verification failure: the bytes kept so far are wrong, so the next attempt starts afresh. */
class PartDiscarded extends ModelDownloadError {}

/**
 * Downloads one model from its official location and installs it under the models directory,
 * only after checking it: the pinned sha256 where the catalog has one, otherwise the size and
 * every file the engine will open. Nothing half-downloaded is ever left where the engine looks.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<string> {
  const { modelsDir, spec } = options;
  const installed = installedModelDir(modelsDir, spec);
  if (installed !== undefined && options.force !== true) return installed;

  const url = downloadUrl(spec, options);
  await mkdir(modelsDir, { recursive: true });
  // Kept across attempts, so an interrupted transfer resumes where it stopped.
  const part = join(modelsDir, `.download-${spec.id}.part`);
  // Made once the bytes are here: a host that cannot be reached leaves nothing behind.
  let work: string | undefined;
  try {
    const { bytes, sha256 } = await fetchToFile(url, part, options);
    work = await mkdtemp(join(modelsDir, `.download-${spec.id}-`));
    if (bytes < spec.minBytes) {
      throw new PartDiscarded(
        `${url} sent ${bytes} bytes, less than the ${spec.minBytes} the model needs: not the model file`,
      );
    }
    if (spec.sha256 !== undefined && sha256 !== spec.sha256) {
      throw new PartDiscarded(
        `${url} does not match its pinned sha256 (expected ${spec.sha256}, got ${sha256})`,
      );
    }

    const staged = join(work, spec.dirName);
    if (spec.packaging === 'file') {
      await mkdir(staged, { recursive: true });
      await rename(part, join(staged, spec.files[0] ?? 'model'));
    } else {
      try {
        await runTar(['-xjf', part, '-C', work]);
      } catch (error) {
        throw new PartDiscarded((error as Error).message, { cause: error });
      }
      if (!existsSync(staged)) {
        throw new PartDiscarded(`the archive from ${url} has no ${spec.dirName}/ folder`);
      }
    }
    const missing = spec.files.filter((file) => !existsSync(join(staged, file)));
    if (missing.length > 0 || (spec.kind === 'transducer' && transducerParts(staged) === undefined)) {
      throw new PartDiscarded(
        `the download from ${url} lacks ${missing.length > 0 ? missing.join(', ') : 'an encoder, decoder or joiner'}`,
      );
    }
    const target = join(modelsDir, spec.dirName);
    await rm(target, { recursive: true, force: true });
    await rename(staged, target);
    await rm(part, { force: true });
    return target;
  } catch (error) {
    if (error instanceof PartDiscarded) await rm(part, { force: true });
    throw error;
  } finally {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  }
}
