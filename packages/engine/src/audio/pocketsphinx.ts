import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as Koffi from 'koffi';
import { raceAbort } from './abort.js';
import type { RecognizedWord, SpeechRecognizer } from './recognizer.js';

/**
 * CMU pocketsphinx 5prealpha (Debian's libpocketsphinx3) driven in-process through koffi.
 *
 * Word times: this build's front end drops frames it judges silent before the search
 * (`-remove_silence`, on by default), so the frame numbers `ps_seg_frames` reports count only the
 * frames that were kept. Read through the FFI that looks like words drifting seconds early. Silero
 * has already cut the audio into voiced regions, so the decoder runs with `-remove_silence no`:
 * every 10 ms frame is then counted and frame N starts N * 10 ms after the clip's first sample,
 * which matches `pocketsphinx_continuous -time yes` to within a frame or two.
 */

export const POCKETSPHINX_REMEDY = 'apt-get install libpocketsphinx3 pocketsphinx-en-us';

/** Where Debian's pocketsphinx-en-us package puts the model. */
export const DEBIAN_POCKETSPHINX_MODEL = '/usr/share/pocketsphinx/model/en-us';

/** Frames per second, pinned so the frame-to-time conversion below cannot drift from the config. */
const FRAME_RATE = 100;

export interface PocketsphinxModel {
  dir: string;
  hmm: string;
  lm: string;
  dict: string;
}

/** The English model from the models directory, else Debian's copy. */
export function findPocketsphinxModel(modelsDir: string | undefined): PocketsphinxModel | undefined {
  const candidates = [
    ...(modelsDir === undefined ? [] : [join(modelsDir, 'pocketsphinx-en-us')]),
    DEBIAN_POCKETSPHINX_MODEL,
  ];
  for (const dir of candidates) {
    const model = {
      dir,
      hmm: join(dir, 'en-us'),
      lm: join(dir, 'en-us.lm.bin'),
      dict: join(dir, 'cmudict-en-us.dict'),
    };
    if (existsSync(join(model.hmm, 'mdef')) && existsSync(model.lm) && existsSync(model.dict)) return model;
  }
  return undefined;
}

// koffi describes a C function as one loosely typed callable; these wrappers give each the C signature.
type CFunction = ReturnType<Koffi.LibraryHandle['func']>;
type Pointer = unknown;

interface PocketsphinxLibrary {
  koffi: typeof Koffi;
  cmdLnParse: CFunction;
  cmdLnFree: CFunction;
  psArgs: CFunction;
  psInit: CFunction;
  psFree: CFunction;
  psStartUtt: CFunction;
  psProcessRaw: CFunction;
  psEndUtt: CFunction;
  psGetHyp: CFunction;
  psSegIter: CFunction;
  psSegNext: CFunction;
  psSegWord: CFunction;
  psSegFrames: CFunction;
  psSegProb: CFunction;
  psGetLogmath: CFunction;
  logmathExp: CFunction;
}

let library: Promise<PocketsphinxLibrary> | undefined;

/** Loads libpocketsphinx.so.3 (the 5prealpha ABI these signatures describe) once per process. */
export function loadPocketsphinxLibrary(): Promise<PocketsphinxLibrary> {
  library ??= (async () => {
    const koffi = await import('koffi');
    try {
      // Async calls run the decoder on koffi's worker threads; its default 128 KiB stack is tight for pocketsphinx.
      koffi.config({ ...koffi.config(), async_stack_size: 1 << 20 });
    } catch {
      // Settings are fixed once koffi has made a call; another module got there first, keep its settings.
    }
    const sphinxbase = koffi.load('libsphinxbase.so.3');
    const ps = koffi.load('libpocketsphinx.so.3');
    // Silences the library's log once for the process. The `-logfn` option would instead swap
    // (and fclose) a process-wide FILE* inside every ps_init, racing with a decode that is
    // logging on another thread, and decoders are now loaded while others decode.
    sphinxbase.func('void err_set_logfp(void *stream)')(null);
    return {
      koffi,
      cmdLnParse: sphinxbase.func(
        'void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)',
      ),
      cmdLnFree: sphinxbase.func('int cmd_ln_free_r(void *cmdln)'),
      psArgs: ps.func('void *ps_args()'),
      psInit: ps.func('void *ps_init(void *config)'),
      psFree: ps.func('int ps_free(void *ps)'),
      psStartUtt: ps.func('int ps_start_utt(void *ps)'),
      psProcessRaw: ps.func(
        'int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)',
      ),
      psEndUtt: ps.func('int ps_end_utt(void *ps)'),
      psGetHyp: ps.func('const char *ps_get_hyp(void *ps, int32_t *out_best_score)'),
      psSegIter: ps.func('void *ps_seg_iter(void *ps)'),
      psSegNext: ps.func('void *ps_seg_next(void *seg)'),
      psSegWord: ps.func('const char *ps_seg_word(void *seg)'),
      psSegFrames: ps.func('void ps_seg_frames(void *seg, int *out_sf, int *out_ef)'),
      psSegProb: ps.func(
        'int32_t ps_seg_prob(void *seg, int32_t *out_ascr, int32_t *out_lscr, int32_t *out_lback)',
      ),
      psGetLogmath: ps.func('void *ps_get_logmath(void *ps)'),
      logmathExp: sphinxbase.func('double logmath_exp(void *lmath, int logb_p)'),
    };
  })();
  library.catch(() => {
    library = undefined;
  });
  return library;
}

/** The size of libuv's thread pool, read the way libuv reads it (1 to 1024, else 4). */
export function libuvPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number.parseInt(env['UV_THREADPOOL_SIZE'] ?? '', 10);
  return Number.isFinite(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/**
 * koffi runs async calls on libuv's thread pool, the threads that also serve the whole process's
 * file I/O, DNS lookups and zlib. A decode holds its thread for seconds, so with every thread
 * decoding a chat's file reads would wait for a clip to finish. Native calls may therefore take
 * all but two of the pool's threads; the rest wait their turn here.
 */
const nativeCalls = (() => {
  const limit = Math.max(1, libuvPoolSize() - 2);
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(call: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await call();
    } finally {
      const next = waiting.shift();
      if (next !== undefined) next();
      else running--;
    }
  };
})();

/** Runs a C function on one of koffi's worker threads so a long decode never blocks the event loop. */
function callAsync<T>(fn: CFunction, ...args: unknown[]): Promise<T> {
  return nativeCalls(
    () =>
      new Promise<T>((resolve, reject) => {
        fn.async(...args, (error: unknown, result: T) => (error ? reject(error as Error) : resolve(result)));
      }),
  );
}

/** Turns a dictionary entry into a word: fillers and silences go, "read(2)" pronunciation variants become "read". */
export function pocketsphinxWordText(entry: string): string | undefined {
  if (/^<.*>$/u.test(entry) || /^\[.*\]$/u.test(entry) || /^\+\+.*\+\+$/u.test(entry)) return undefined;
  const text = entry.replace(/\(\d+\)$/u, '');
  return text.length > 0 ? text : undefined;
}

function toInt16(samples: Float32Array): Int16Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.round((samples[i] ?? 0) * 32767);
    pcm[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return pcm;
}

interface Decoder {
  handle: Pointer;
  logmath: Pointer;
}

export interface PocketsphinxOptions {
  /**
   * Fresh decoders kept loaded ahead of demand (default 2, one stereo call), so a transcription
   * does not wait the 0.25 s a load takes. They are loaded one at a time in the background, right
   * after one is taken, and freed by `close()`. 0 loads each decoder when a stream opens.
   */
  spareDecoders?: number;
}

export const DEFAULT_SPARE_DECODERS = 2;

/**
 * A pocketsphinx recogniser. Each stream gets a decoder of its own: decoders are not
 * thread-safe, and one carries state from utterance to utterance (its Gaussian selection starts
 * from the previous frames), so a decoder shared between jobs would make a file's confidences
 * depend on what was decoded before it. A spare is therefore never-used: it was loaded for
 * whichever stream takes it and gives the same results as one loaded on the spot.
 */
export async function createPocketsphinxRecognizer(
  model: PocketsphinxModel,
  options: PocketsphinxOptions = {},
): Promise<SpeechRecognizer> {
  const lib = await loadPocketsphinxLibrary();
  const spareCount = options.spareDecoders ?? DEFAULT_SPARE_DECODERS;
  /** Loaded or loading, never used; taken oldest first. */
  const spares: Promise<Decoder>[] = [];
  let refilling = false;
  let closed = false;

  async function createDecoder(): Promise<Decoder> {
    const argv = [
      ...['-hmm', model.hmm, '-lm', model.lm, '-dict', model.dict],
      ...['-remove_silence', 'no', '-frate', String(FRAME_RATE), '-bestpath', 'yes'],
    ];
    const config = lib.cmdLnParse(null, lib.psArgs(), argv.length, argv, 1) as Pointer;
    if (config === null) throw new Error(`pocketsphinx rejected its configuration for ${model.dir}`);
    // ps_init holds its own reference to the config.
    const handle = await callAsync<Pointer>(lib.psInit, config);
    lib.cmdLnFree(config);
    if (handle === null) throw new Error(`pocketsphinx could not load the model in ${model.dir}`);
    return { handle, logmath: lib.psGetLogmath(handle) as Pointer };
  }

  /** ps_free releases tens of megabytes; on a worker thread it does not hold up the event loop. */
  function free(decoder: Decoder): void {
    callAsync<number>(lib.psFree, decoder.handle).catch(() => undefined);
  }

  /** Tops the spares up, one load at a time so loading never takes more than one core from decodes. */
  function refill(): void {
    if (refilling) return;
    refilling = true;
    void (async () => {
      try {
        while (!closed && spares.length < spareCount) {
          const loading = createDecoder();
          spares.push(loading);
          try {
            await loading;
          } catch {
            // Stop trying; the stream that takes this spare loads afresh and reports the reason.
            return;
          }
        }
      } finally {
        refilling = false;
      }
    })();
  }

  refill();

  async function decode(decoder: Decoder, samples: Float32Array): Promise<RecognizedWord[]> {
    const pcm = toInt16(samples);
    if (lib.psStartUtt(decoder.handle) < 0) throw new Error('pocketsphinx could not start an utterance');
    // full_utt = 1: the whole voiced region at once lets cepstral mean normalisation use all of it.
    const frames = await callAsync<number>(lib.psProcessRaw, decoder.handle, pcm, pcm.length, 0, 1);
    if (frames < 0) throw new Error('pocketsphinx failed to process audio');
    await callAsync<number>(lib.psEndUtt, decoder.handle);
    // ps_get_hyp runs the best-path search over the lattice; the segment iterator and posteriors reuse it.
    const hyp = await callAsync<string | null>(lib.psGetHyp, decoder.handle, new Int32Array(1));
    if (hyp === null || hyp.length === 0) return [];
    const words: RecognizedWord[] = [];
    let seg = (await callAsync<Pointer>(lib.psSegIter, decoder.handle)) as Pointer | null;
    const sf = new Int32Array(1);
    const ef = new Int32Array(1);
    const acoustic = new Int32Array(1);
    const language = new Int32Array(1);
    const backoff = new Int32Array(1);
    while (seg !== null) {
      const text = pocketsphinxWordText(lib.psSegWord(seg) as string);
      if (text !== undefined) {
        lib.psSegFrames(seg, sf, ef);
        const logPosterior = lib.psSegProb(seg, acoustic, language, backoff) as number;
        // Confidence is the word's posterior in the lattice (forward-backward over all paths),
        // converted from the decoder's log base: 1 when no competing path explains the audio.
        const posterior = lib.logmathExp(decoder.logmath, logPosterior) as number;
        words.push({
          text,
          startMs: Math.round(((sf[0] ?? 0) * 1000) / FRAME_RATE),
          // Frame numbers are inclusive: the word is still active during its end frame.
          endMs: Math.round((((ef[0] ?? 0) + 1) * 1000) / FRAME_RATE),
          confidence: Math.min(1, Math.max(0, Number.isFinite(posterior) ? posterior : 0)),
        });
      }
      seg = lib.psSegNext(seg) as Pointer | null;
    }
    return words;
  }

  return {
    description: `pocketsphinx en-us (${model.dir})`,
    punctuated: false,
    wordTimes: 'model',
    async open(signal) {
      if (closed) throw new Error('the pocketsphinx recogniser is closed');
      const spare = spares.shift();
      const creating = spare === undefined ? createDecoder() : spare.catch(() => createDecoder());
      refill();
      // An abort cannot stop ps_init; the decoder it makes is freed as soon as it exists.
      const decoder = await raceAbort(creating, signal).catch((error: unknown) => {
        creating.then(free, () => undefined);
        throw error;
      });
      let busy: Promise<unknown> = Promise.resolve();
      let streamClosed = false;
      let used = false;
      return {
        recognize(samples, abort) {
          if (streamClosed) return Promise.reject(new Error('the recognition stream is closed'));
          used = true;
          // A native decode cannot be interrupted: an abort rejects at once and the decoder is
          // freed when its current clip is done.
          const work = busy.then(() => decode(decoder, samples));
          busy = work.catch(() => undefined);
          return raceAbort(work, abort);
        },
        close() {
          if (streamClosed) return;
          streamClosed = true;
          // A decoder that never decoded is still fresh (a file refused after its probe, say).
          if (!used && !closed && spares.length < spareCount) spares.unshift(Promise.resolve(decoder));
          else void busy.then(() => free(decoder));
        },
      };
    },
    async close() {
      closed = true;
      for (const spare of spares.splice(0)) spare.then(free, () => undefined);
    },
  };
}
