import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AudioTranscriber,
  AudioTranscription,
  AudioTranscriptionRequest,
  ComponentStatus,
} from '../engine.js';
import { ProcessingError } from '../errors.js';
import type { ParticipantScope } from '../types.js';
import { createDiarizer, type Diarizer } from '../diarization/index.js';
import { abortError } from './abort.js';
import { assembleTranscription, type Recognition, type RecognizedChannel } from './assemble.js';
import { createRecognizerRegistry, type AsrEnginePreference } from './asr-engines.js';
import { splitChannels } from './channel-split.js';
import { ClipSchedule, formatDuration } from './clip-schedule.js';
import { trackDualMono } from './dual-mono.js';
import {
  FFMPEG_REMEDY,
  SAMPLE_RATE,
  decodePcm,
  SYSTEM_DECODER,
  locateDecoder,
  defaultDecoderCandidates,
  probeAudio,
  type DecoderInfo,
  type DecoderPaths,
} from './ffmpeg.js';
import { resolveModelDir } from '../model-dirs.js';
import { PARAKEET_V2, SILERO_VAD, downloadCommand, installedModelDir } from './models.js';
import { createRecognizerFetcher, type RecognizerFetchOptions } from './recognizer-fetch.js';
import type { RecognitionStream } from './recognizer.js';
import { SampleHistory } from './sample-history.js';
import { loadSherpa } from './sherpa.js';
import type { SpanMs } from './timeline.js';
import {
  DEFAULT_VAD_SETTINGS,
  createVoiceDetectorPool,
  longestRegionSeconds,
  type VadSettings,
  type VoiceDetector,
} from './vad.js';

export interface AudioTranscriberOptions {
  /** Directory holding model folders (silero-vad/, pocketsphinx-en-us/, sherpa-onnx-whisper-tiny.en/, ...). */
  modelsDir: string | undefined;
  /** Which recogniser to use; `auto` prefers an installed neural model and falls back to pocketsphinx. */
  engine?: AsrEnginePreference;
  /** Paths or names of the ffmpeg and ffprobe executables; default: found on PATH. */
  ffmpegPath?: string;
  ffprobePath?: string;
  vad?: Partial<VadSettings>;
  /**
   * Audio kept before and after each voiced region when it is recognised. Silero cuts close to
   * the speech; pocketsphinx needs a little silence either side to settle. Measured on
   * combo-38s.wav: WER 0.41 with none, 0.29 with 200 ms.
   */
  paddingMs?: number;
  /** Longer recordings are refused with `audio_too_long`; default: no limit. */
  maxDurationMs?: number;
  /** Fresh pocketsphinx decoders kept loaded ahead of demand (see PocketsphinxOptions); default 2. */
  spareDecoders?: number;
  /**
   * Speaker separation of mono recordings; default: chosen from the models directory (see
   * createDiarizer). `false` leaves mono words in allParticipants.
   */
  diarizer?: Diarizer | false;
  /**
   * Fetching the recommended recogniser into the models directory when it is missing: started at
   * once for English, and for another language when its first interaction arrives. Off by default;
   * the server turns it on unless PARLEY_OFFLINE=true.
   */
  fetch?: RecognizerFetchOptions;
}

const ms = (samples: number): number => Math.round((samples * 1000) / SAMPLE_RATE);

/** One decoded channel as it streams through voice detection and recognition. */
interface ChannelState extends RecognizedChannel {
  detector: VoiceDetector;
  stream: RecognitionStream;
  history: SampleHistory;
  clips: ClipSchedule;
}

/**
 * Decode -> split channels -> Silero voice activity -> speech recognition per voiced region.
 *
 * Nothing heavy runs on the caller's event loop: ffmpeg is a child process, the recognisers run
 * their native decode on worker threads (koffi async calls, sherpa's decodeAsync), and the only
 * synchronous native work, Silero, costs about 3 ms per second of audio, done chunk by chunk.
 * Decoding and voice detection run ahead of recognition by a clip, on the event loop while a
 * worker thread recognises, so a file costs little more than recognising its voiced regions.
 */
export function createAudioTranscriber(options: AudioTranscriberOptions): AudioTranscriber {
  const { modelsDir } = options;
  // Explicit paths are the only candidates; by default the system's ffmpeg, else the packaged one.
  const decoderCandidates: DecoderPaths[] =
    options.ffmpegPath === undefined && options.ffprobePath === undefined
      ? defaultDecoderCandidates()
      : [
          {
            ffmpeg: options.ffmpegPath ?? SYSTEM_DECODER.ffmpeg,
            ffprobe: options.ffprobePath ?? SYSTEM_DECODER.ffprobe,
          },
        ];
  const triedDecoders = decoderCandidates.map((c) => `${c.ffmpeg}, ${c.ffprobe}`).join('; ');
  const vadSettings: VadSettings = { ...DEFAULT_VAD_SETTINGS, ...options.vad };
  const padding = Math.round(((options.paddingMs ?? 200) * SAMPLE_RATE) / 1000);
  // Room for the longest region the detector can hand back, its padding, and the chunk in flight.
  const historyCapacity = Math.ceil((longestRegionSeconds(vadSettings) + 2) * SAMPLE_RATE + 2 * padding);
  const { maxDurationMs } = options;
  const tooLong = (durationMs: number): ProcessingError =>
    new ProcessingError(
      'audio_too_long',
      `the recording is longer than the ${formatDuration(maxDurationMs ?? 0)} this service accepts (${formatDuration(durationMs)} or more); split it or raise the limit`,
    );
  const fetcher = createRecognizerFetcher(modelsDir, options.fetch ?? { enabled: false });
  const registry = createRecognizerRegistry(
    modelsDir,
    options.engine ?? 'auto',
    options.spareDecoders === undefined ? {} : { spareDecoders: options.spareDecoders },
    fetcher,
  );
  if (options.engine !== 'pocketsphinx') {
    // Failures are reported by status() and by the jobs that needed the model.
    fetcher.ensure(PARAKEET_V2)?.catch(() => undefined);
  }
  const vadDir = resolveModelDir(modelsDir, SILERO_VAD.dirName, SILERO_VAD.files);
  const vadModel =
    modelsDir === undefined
      ? undefined
      : join(vadDir ?? join(modelsDir, SILERO_VAD.dirName), SILERO_VAD.files[0] ?? '');
  const detectors = vadModel === undefined ? undefined : createVoiceDetectorPool(vadModel, vadSettings);
  const diarizer = options.diarizer === undefined ? createDiarizer({ modelsDir }) : options.diarizer;

  let decoder: Promise<DecoderInfo | undefined> | undefined;
  function decoderInfo(): Promise<DecoderInfo | undefined> {
    decoder ??= locateDecoder(decoderCandidates);
    // A missing ffmpeg is looked for again next time: it may have been installed since.
    void decoder.then((found) => {
      if (found === undefined) decoder = undefined;
    });
    return decoder;
  }

  function vadProblem(): string | undefined {
    if (vadModel === undefined || !existsSync(vadModel)) {
      return `the Silero VAD model is missing (${vadModel ?? 'no models directory configured'})`;
    }
    try {
      loadSherpa();
    } catch (error) {
      return `sherpa-onnx-node failed to load (${(error as Error).message})`;
    }
    return undefined;
  }

  async function transcribe(request: AudioTranscriptionRequest): Promise<AudioTranscription> {
    const { signal } = request;
    if (signal?.aborted) throw abortError(signal);
    const found = await decoderInfo();
    if (found === undefined) {
      throw new ProcessingError(
        'decoder_unavailable',
        `ffmpeg/ffprobe are not installed (tried ${triedDecoders}); install them with: ${FFMPEG_REMEDY}`,
      );
    }
    const vadMissing = vadProblem();
    if (vadMissing !== undefined || detectors === undefined) {
      throw new ProcessingError(
        'model_missing',
        `${vadMissing ?? 'no VAD model'}; install it with: ${downloadCommand(SILERO_VAD, modelsDir)}`,
      );
    }
    // Language first: an unsupported language should not cost a decode.
    const recognizer = await registry.recognizerFor(request.languageTag, signal);
    // A decoder is taken while ffprobe looks at the file; a stereo file takes a second after.
    const first = recognizer.open(signal);
    first.catch(() => undefined);
    const streams: RecognitionStream[] = [];
    const channels: ChannelState[] = [];
    // The first recognition failure of any channel; decoding stops when it is seen.
    let failure: { error: unknown } | undefined;
    try {
      // The container is sniffed from the content; the client's filename is only a hint and may lie.
      const probe = await probeAudio(found, request.filePath);
      if (maxDurationMs !== undefined && (probe.declaredDurationMs ?? 0) > maxDurationMs) {
        throw tooLong(probe.declaredDurationMs ?? 0);
      }
      // Contact-centre recorders put the two parties on channels 0 and 1; anything beyond (a
      // supervisor, hold music) has no ElevateAI participant to belong to, so it is left out.
      const stereo = probe.channels >= 2;
      const agentChannel = request.agentChannel ?? 0;
      streams.push(await first);
      if (stereo) streams.push(await recognizer.open(signal));
      for (const [index, stream] of streams.entries()) {
        const participant: ParticipantScope = !stereo
          ? 'allParticipants'
          : index === agentChannel
            ? 'participantOne'
            : 'participantTwo';
        const history = new SampleHistory(historyCapacity);
        const clips = new ClipSchedule({
          participant,
          stream,
          history,
          padding,
          signal,
          onFailure: (error) => {
            failure ??= { error };
          },
        });
        channels.push({
          participant,
          detector: detectors.take(),
          stream,
          history,
          clips,
          voiced: clips.voiced,
          ...(!stereo && diarizer !== false ? { diarization: diarizer.start() } : {}),
        });
      }
      const recognition = await recognizeChannels(request, found, channels, () => failure);
      return {
        ...(await assembleTranscription({
          declaredDurationMs: probe.declaredDurationMs,
          channels,
          recognition,
          durationMs: ms(recognition.frames),
          punctuated: recognizer.punctuated,
        })),
        wordTimes: recognizer.wordTimes,
      };
    } finally {
      if (streams.length === 0)
        void first.then(
          (stream) => stream.close(),
          () => undefined,
        );
      for (const stream of streams) stream.close();
      for (const channel of channels) {
        detectors.give(channel.detector);
        channel.diarization?.close();
      }
    }
  }

  /**
   * Streams the decoded file through each channel's voice detector and recogniser.
   *
   * Some recorders store a mono call as two identical channels. While the second channel has
   * matched the first, its regions are not recognised again: they mirror the first channel's
   * (same audio, same detector state, so the same regions and words). A file whose channels
   * never differ is reported as mono, since nothing tells the participants apart.
   */
  async function recognizeChannels(
    request: AudioTranscriptionRequest,
    found: DecoderInfo,
    channels: ChannelState[],
    failed: () => { error: unknown } | undefined,
  ): Promise<Recognition> {
    const { signal } = request;
    const mirrored: SpanMs[] = [];
    const dualMono = trackDualMono(channels.length);
    let frames = 0;

    /** Hands each region whose padding has arrived to its channel's recogniser, in order. */
    const dispatch = async (final: boolean): Promise<void> => {
      for (const [index, channel] of channels.entries()) {
        for (const { region, span } of channel.clips.takeReady(final)) {
          if (index === 1 && dualMono.identicalUntil >= Math.min(region.endSample + padding, frames)) {
            mirrored.push(span);
            continue;
          }
          await channel.clips.submit(region, span);
        }
      }
    };

    try {
      for await (const chunk of decodePcm(found, request.filePath, {
        channels: channels.length === 2 ? 2 : 1,
        signal,
      })) {
        const failure = failed();
        if (failure !== undefined) throw failure.error;
        const n = chunk.length / channels.length;
        // A header may understate the length; the decoded audio cannot.
        if (maxDurationMs !== undefined && ms(frames + n) > maxDurationMs) throw tooLong(ms(frames + n));
        const split = splitChannels(chunk, channels.length);
        dualMono.push(split[0] as Float32Array, split[1]);
        frames += n;
        channels.forEach((channel, c) => {
          const samples = split[c] as Float32Array;
          channel.history.append(samples);
          channel.diarization?.push(samples);
          channel.clips.add(channel.detector.push(samples));
        });
        await dispatch(false);
        if (signal?.aborted) throw abortError(signal);
      }
      if (frames === 0) throw new ProcessingError('audio_empty', 'the file contains no audio samples');
      for (const channel of channels) channel.clips.add(channel.detector.finish());
      await dispatch(true);
      await Promise.all(channels.map((channel) => channel.clips.settle()));
    } finally {
      for (const channel of channels) channel.clips.stop();
    }
    // Per channel, in channel order, so words at the same instant always come out in one order.
    const words = channels.flatMap((channel) => channel.clips.words);
    return { words, frames, mirrored, dualMono: channels.length === 2 && !dualMono.diverged };
  }

  async function status(): Promise<ComponentStatus[]> {
    const found = await decoderInfo();
    const vadMissing = vadProblem();
    const asr = await registry.describe();
    const decoderStatus: ComponentStatus = found
      ? {
          name: 'audio decoder',
          ready: true,
          detail: `${found.version.replace(/ Copyright.*$/u, '')} (${found.ffmpeg})`,
        }
      : {
          name: 'audio decoder',
          ready: false,
          detail: `ffmpeg/ffprobe not found (tried ${triedDecoders})`,
          remedy: FFMPEG_REMEDY,
        };
    const vadStatus: ComponentStatus =
      vadMissing === undefined
        ? { name: 'voice activity', ready: true, detail: `silero VAD (${vadModel ?? ''})` }
        : {
            name: 'voice activity',
            ready: false,
            detail: vadMissing,
            remedy: downloadCommand(SILERO_VAD, modelsDir),
          };
    // What the recommended recogniser would add, and how far fetching it has got.
    const better =
      options.engine === 'pocketsphinx' || installedModelDir(modelsDir, PARAKEET_V2) !== undefined
        ? undefined
        : `better: ${PARAKEET_V2.id} (${PARAKEET_V2.licence ?? ''}, about ${Math.round((PARAKEET_V2.approxBytes ?? 0) / 1_000_000)} MB, several times fewer errors, word times from the model): ${fetcher.describe(PARAKEET_V2)}`;
    const asrStatus: ComponentStatus =
      asr.candidates.length > 0
        ? {
            name: 'speech recognition',
            ready: true,
            // In the order they are tried for a language: the first that covers it is used.
            detail: [
              ...asr.candidates.map((c) => `${registry.languagesOf([c])}: ${c.description}`),
              ...(better === undefined ? [] : [better]),
            ].join('; '),
            ...(better === undefined ? {} : { remedy: downloadCommand(PARAKEET_V2, modelsDir) }),
          }
        : {
            name: 'speech recognition',
            ready: false,
            detail: [...asr.missing, ...(better === undefined ? [] : [better])].join('; '),
            ...(asr.remedy === undefined ? {} : { remedy: asr.remedy }),
          };
    return diarizer === false
      ? [decoderStatus, vadStatus, asrStatus]
      : [decoderStatus, vadStatus, asrStatus, diarizer.status()];
  }

  return {
    transcribe,
    status,
    close: () => registry.close(),
  };
}
