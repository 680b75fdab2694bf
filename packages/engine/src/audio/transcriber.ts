import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AudioTranscriber,
  AudioTranscription,
  AudioTranscriptionRequest,
  ComponentStatus,
} from '../engine.js';
import { ProcessingError } from '../errors.js';
import type { ParticipantScope, VoiceActivitySegment, Word } from '../types.js';
import {
  assignSpeakers,
  createDiarizer,
  type DiarizationSession,
  type Diarizer,
} from '../diarization/index.js';
import { abortError } from './abort.js';
import { removeCrosstalk } from './crosstalk.js';
import { createRecognizerRegistry, type AsrEnginePreference } from './asr-engines.js';
import {
  FFMPEG_REMEDY,
  SAMPLE_RATE,
  decodePcm,
  SYSTEM_DECODER,
  locateDecoder,
  defaultDecoderCandidates,
  probeAudio,
  type AudioProbe,
  type DecoderInfo,
  type DecoderPaths,
} from './ffmpeg.js';
import { resolveModelDir } from '../model-dirs.js';
import { PARAKEET_V2, SILERO_VAD, downloadCommand, installedModelDir } from './models.js';
import { createRecognizerFetcher, type RecognizerFetchOptions } from './recognizer-fetch.js';
import type { RecognitionStream } from './recognizer.js';
import { SampleHistory } from './sample-history.js';
import { loadSherpa } from './sherpa.js';
import { voiceActivityTimeline, type SpanMs } from './timeline.js';
import {
  DEFAULT_VAD_SETTINGS,
  createVoiceDetectorPool,
  longestRegionSeconds,
  type VadSettings,
  type VoiceDetector,
  type VoicedRegion,
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

function withDeadline<T>(work: Promise<T>, deadlineMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), deadlineMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function formatDuration(durationMs: number): string {
  return `${(durationMs / 1000).toFixed(1)} s`;
}

interface Recognition {
  words: Word[];
  /** Samples per channel. */
  frames: number;
  /** Second-channel regions that matched the first channel sample for sample. */
  mirrored: SpanMs[];
  /** The two channels never differed. */
  dualMono: boolean;
}

/** One decoded channel as it streams through voice detection and recognition. */
interface ChannelState {
  participant: ParticipantScope;
  detector: VoiceDetector;
  stream: RecognitionStream;
  history: SampleHistory;
  /** Regions found whose trailing padding has not been decoded yet. */
  pending: VoicedRegion[];
  voiced: SpanMs[];
  /** One per clip handed to the recogniser, in order; each settles when its clip is done. */
  recognizing: Promise<void>[];
  words: Word[];
  /** Mono only: the audio's speaker separation, fed as it decodes. */
  diarization?: DiarizationSession;
}

/**
 * Clips of one channel handed to its recogniser and not yet known to be done: the one being
 * recognised and the next, so the recogniser never waits for decoding and voice detection
 * (which run on the event loop meanwhile) while at most two regions' audio is held.
 */
const CLIPS_AHEAD = 2;

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

  /** Recognises one clip cut around a voiced region and adds its words to the channel's. */
  async function recognizeClip(
    channel: ChannelState,
    regionMs: SpanMs,
    clip: Float32Array,
    clipStart: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    const clipStartMs = (clipStart * 1000) / SAMPLE_RATE;
    // A native decode that hangs must not hold the job forever; 5x real time is far beyond any
    // recogniser here (pocketsphinx runs at about 0.2x on one core).
    const deadlineMs = 30_000 + 5 * ms(clip.length);
    const recognized = await withDeadline(
      channel.stream.recognize(clip, signal),
      deadlineMs,
      () =>
        new ProcessingError(
          'timeout',
          `speech recognition of one ${formatDuration(ms(clip.length))} region took over ${formatDuration(deadlineMs)}`,
        ),
    );
    for (const word of recognized) {
      // The padding is context, not speech: a word the recogniser stretched into it is clipped to
      // the voiced region, and one lying wholly inside it (a breath, a click) is dropped.
      const startMs = Math.max(regionMs.startMs, Math.round(clipStartMs + word.startMs));
      const endMs = Math.min(regionMs.endMs, Math.round(clipStartMs + word.endMs));
      if (endMs <= startMs) continue;
      channel.words.push({
        text: word.text,
        startMs,
        endMs,
        confidence: word.confidence,
        participant: channel.participant,
      });
    }
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
        channels.push({
          participant: !stereo
            ? 'allParticipants'
            : index === agentChannel
              ? 'participantOne'
              : 'participantTwo',
          detector: detectors.take(),
          stream,
          history: new SampleHistory(historyCapacity),
          pending: [],
          voiced: [],
          recognizing: [],
          words: [],
          ...(!stereo && diarizer !== false ? { diarization: diarizer.start() } : {}),
        });
      }
      const recognition = await recognizeChannels(request, found, channels);
      return {
        ...finish(probe, channels, recognition, recognizer.punctuated),
        wordTimes: recognizer.wordTimes,
      };
    } finally {
      if (streams.length === 0)
        void first.then(
          (stream) => stream.close(),
          () => undefined,
        );
      for (const stream of streams) stream.close();
      for (const channel of channels) detectors.give(channel.detector);
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
  ): Promise<Recognition> {
    const { signal } = request;
    const mirrored: SpanMs[] = [];
    let frames = 0;
    let identicalUntil = 0;
    let diverged = channels.length < 2;
    let failure: { error: unknown } | undefined;
    let stopped = false;

    /** Hands each region whose padding has arrived to its channel's recogniser, in order. */
    const dispatch = async (final: boolean): Promise<void> => {
      for (const [index, channel] of channels.entries()) {
        while (channel.pending.length > 0) {
          const region = channel.pending[0] as VoicedRegion;
          if (!final && channel.history.end < region.endSample + padding) break;
          channel.pending.shift();
          const regionMs = { startMs: ms(region.startSample), endMs: ms(region.endSample) };
          channel.voiced.push(regionMs);
          if (index === 1 && identicalUntil >= Math.min(region.endSample + padding, frames)) {
            mirrored.push(regionMs);
            continue;
          }
          // Cut now: by the time the recogniser gets to the clip, the history will have moved on.
          const clipStart = Math.max(channel.history.start, region.startSample - padding);
          const clip = channel.history.slice(clipStart, region.endSample + padding);
          const previous = channel.recognizing.at(-1) ?? Promise.resolve();
          const done = previous.then(() => {
            if (stopped) throw new Error('transcription stopped');
            return recognizeClip(channel, regionMs, clip, clipStart, signal);
          });
          // Seen here at once, so decoding stops early; rethrown where the clip is awaited.
          done.catch((error: unknown) => {
            failure ??= { error };
          });
          channel.recognizing.push(done);
          while (channel.recognizing.length > CLIPS_AHEAD) await channel.recognizing.shift();
        }
      }
    };

    try {
      for await (const chunk of decodePcm(found, request.filePath, {
        channels: channels.length === 2 ? 2 : 1,
        signal,
      })) {
        if (failure !== undefined) throw failure.error;
        const n = chunk.length / channels.length;
        // A header may understate the length; the decoded audio cannot.
        if (maxDurationMs !== undefined && ms(frames + n) > maxDurationMs) throw tooLong(ms(frames + n));
        const split = channels.map((_, c) => {
          if (channels.length === 1) return chunk;
          const samples = new Float32Array(n);
          for (let i = 0; i < n; i++) samples[i] = chunk[i * channels.length + c] ?? 0;
          return samples;
        });
        if (!diverged) {
          // -80 dBFS: what lossy coding of two equal channels can leave between them, and far
          // below any second voice.
          const [a, b] = split as [Float32Array, Float32Array];
          if (a.some((x, i) => Math.abs(x - (b[i] ?? 0)) > 1e-4)) diverged = true;
          else identicalUntil = frames + n;
        }
        frames += n;
        channels.forEach((channel, c) => {
          const samples = split[c] as Float32Array;
          channel.history.append(samples);
          channel.diarization?.push(samples);
          channel.pending.push(...channel.detector.push(samples));
        });
        await dispatch(false);
        if (signal?.aborted) throw abortError(signal);
      }
      if (frames === 0) throw new ProcessingError('audio_empty', 'the file contains no audio samples');
      for (const channel of channels) channel.pending.push(...channel.detector.finish());
      await dispatch(true);
      await Promise.all(channels.flatMap((channel) => channel.recognizing));
    } finally {
      // Clips still queued behind a failure are not started.
      stopped = true;
    }
    // Per channel, in channel order, so words at the same instant always come out in one order.
    const words = channels.flatMap((channel) => channel.words);
    return { words, frames, mirrored, dualMono: channels.length === 2 && !diverged };
  }

  function finish(
    probe: AudioProbe,
    channels: ChannelState[],
    recognition: Recognition,
    punctuated: boolean,
  ): AudioTranscription {
    const durationMs = ms(recognition.frames);
    const declared = probe.declaredDurationMs;
    // Decoders stop quietly at the end of a cut-off file; its header still tells the real length.
    if (declared !== undefined && durationMs < declared - Math.max(1000, declared * 0.02)) {
      throw new ProcessingError(
        'audio_truncated',
        `the audio is cut short: its header declares ${formatDuration(declared)} but only ${formatDuration(durationMs)} could be decoded; upload the complete file`,
      );
    }
    const timeline = (spans: SpanMs[]): VoiceActivitySegment[] => voiceActivityTimeline(spans, durationMs);
    const [first, second] = channels as [ChannelState, ChannelState | undefined];

    if (second === undefined && first.diarization !== undefined) {
      const separated = separateSpeakers(first.diarization, first.voiced, recognition.words, durationMs);
      if (separated !== undefined) return { ...separated, durationMs, punctuated };
    }
    if (second === undefined || recognition.dualMono) {
      return {
        words: recognition.words
          .map((w) => ({ ...w, participant: 'allParticipants' as const }))
          .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs),
        voiceActivity: { allParticipants: timeline(first.voiced), participantOne: [], participantTwo: [] },
        durationMs,
        speakerSeparation: 'none',
        punctuated,
      };
    }
    const copies = recognition.mirrored.flatMap((span) =>
      recognition.words
        .filter(
          (w) => w.participant === first.participant && w.startMs >= span.startMs && w.endMs <= span.endMs,
        )
        .map((w) => ({ ...w, participant: second.participant })),
    );
    // Copies of mirrored regions are meant; copies heard through echo or bleed are not.
    const words = [...removeCrosstalk(recognition.words), ...copies].sort(
      (a, b) => a.startMs - b.startMs || a.endMs - b.endMs,
    );
    const byParticipant = (p: ParticipantScope): SpanMs[] =>
      channels.filter((c) => c.participant === p).flatMap((c) => c.voiced);
    return {
      words,
      voiceActivity: {
        allParticipants: timeline(channels.flatMap((c) => c.voiced)),
        participantOne: timeline(byParticipant('participantOne')),
        participantTwo: timeline(byParticipant('participantTwo')),
      },
      durationMs,
      speakerSeparation: 'channels',
      punctuated,
    };
  }

  /**
   * Splits a mono recording's words and voice activity between its two main speakers, numbered
   * by who speaks first (participantOne first; which of them is the agent is decided later).
   * Undefined when one voice is all there is. A third voice joins the speaker nearest in time.
   */
  function separateSpeakers(
    session: DiarizationSession,
    voiced: SpanMs[],
    words: Word[],
    durationMs: number,
  ): Pick<AudioTranscription, 'words' | 'voiceActivity' | 'speakerSeparation'> | undefined {
    const { turns, speakers } = session.finish(voiced);
    if (speakers < 2) return undefined;
    // The two who talk most are the call's parties; others (a transfer, a recorded message) are
    // folded into them by time, since ElevateAI has no third participant.
    const talk = new Map<number, number>();
    for (const turn of turns)
      talk.set(turn.speaker, (talk.get(turn.speaker) ?? 0) + turn.endMs - turn.startMs);
    const main = [...talk.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([speaker]) => speaker);
    const firstSpoken = turns.find((turn) => main.includes(turn.speaker))?.speaker;
    const sideOf = (speaker: number): ParticipantScope =>
      speaker === firstSpoken ? 'participantOne' : 'participantTwo';
    const mainTurns = turns.filter((turn) => main.includes(turn.speaker));
    const others = turns.filter((turn) => !main.includes(turn.speaker));
    const folded = assignSpeakers(others, mainTurns);
    const sided = [
      ...mainTurns.map((turn) => ({ ...turn, side: sideOf(turn.speaker) })),
      ...others.map((turn, i) => ({ ...turn, side: sideOf(folded[i] ?? turn.speaker) })),
    ];
    const wordSpeakers = assignSpeakers(
      words,
      sided.map((turn) => ({ ...turn, speaker: turn.side === 'participantOne' ? 0 : 1 })),
    );
    const spansOf = (side: ParticipantScope): SpanMs[] => sided.filter((turn) => turn.side === side);
    return {
      words: words
        .map((word, i) => ({
          ...word,
          participant: (wordSpeakers[i] === 0 ? 'participantOne' : 'participantTwo') as ParticipantScope,
        }))
        .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs),
      voiceActivity: {
        allParticipants: voiceActivityTimeline(voiced, durationMs),
        participantOne: voiceActivityTimeline(spansOf('participantOne'), durationMs),
        participantTwo: voiceActivityTimeline(spansOf('participantTwo'), durationMs),
      },
      speakerSeparation: 'diarization',
    };
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
