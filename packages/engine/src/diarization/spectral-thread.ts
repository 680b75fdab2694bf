/**
 * The spectral diarization stage on a worker thread: cepstral features as the audio streams in,
 * then clustering and re-segmentation, so neither holds the event loop that answers requests and
 * feeds every other job (clustering a 10-minute call takes seconds in one block).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SpanMs } from '../audio/timeline.js';
import type { ClusterSettings } from './cluster.js';
import { diarizeFeatures } from './diarize.js';
import { MfccStream } from './mfcc.js';

export type SpectralThreadMessage =
  { type: 'push'; samples: Float32Array } | { type: 'finish'; voiced: readonly SpanMs[] };

const port = parentPort;
if (port === null) throw new Error('spectral-thread.js runs only as a worker thread');
const settings = workerData as ClusterSettings;
const features = new MfccStream();
port.on('message', (message: SpectralThreadMessage) => {
  if (message.type === 'push') {
    features.push(message.samples);
    return;
  }
  port.postMessage(diarizeFeatures(features.features, features.frames, message.voiced, settings));
  port.close();
});
