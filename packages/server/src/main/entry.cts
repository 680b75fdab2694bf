/**
 * The process entry `npm start` runs. libuv sizes its thread pool once, on first use, and loading
 * an ES module already uses it, so the size is set here, in CommonJS, before the server loads.
 * The pool serves file I/O, DNS and zlib, and also the speech recogniser's decodes (koffi runs
 * its calls there), which may take all but two of its threads: two decodes a core, one for each
 * channel of a stereo call in every audio slot (`PARLEY_AUDIO_CONCURRENCY` defaults to the
 * cores), plus the threads I/O keeps. A larger `PARLEY_AUDIO_CONCURRENCY` wants a larger
 * `UV_THREADPOOL_SIZE`, set in the environment.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose, as said above
import os = require('node:os');

process.env['UV_THREADPOOL_SIZE'] ??= String(2 * os.availableParallelism() + 4);
void import('./index.js');
