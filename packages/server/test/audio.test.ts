/**
 * Real recordings through the whole service over HTTP: declare, multipart upload, the worker
 * (ffmpeg, Silero VAD, pocketsphinx, punctuation, redaction, analytics), storage, and the three
 * result documents. Runs against whichever deployment the vitest project selects (backend.ts).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  wordErrorRate,
  type AiResults,
  type PhraseByPhraseTranscript,
  type PhraseList,
  type PunctuatedTranscript,
} from '@parley/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_BODY, AUDIO_DIR, declare, useTestServer, waitUntilFinal, type StatusBody } from './helpers.js';

const run = promisify(execFile);
/** Word offsets are clipped to voiced regions; this much slack only absorbs millisecond rounding. */
const TOLERANCE_MS = 50;
/** Where the second speaker starts in the stereo file: after the first clip (7.1 s) ends. */
const SECOND_SPEAKER_MS = 7600;
/** Transcriptions of a few seconds run at about 0.2x real time, far slower on a loaded machine. */
const PROCESSING_DEADLINE_MS = 240_000;

interface Results {
  status: StatusBody;
  transcript: PhraseByPhraseTranscript;
  punctuated: PunctuatedTranscript;
  ai: AiResults;
}

const test = useTestServer();
const reference = (name: string): Promise<string> => readFile(join(AUDIO_DIR, `${name}.txt`), 'utf8');

async function upload(filename: string, data: Buffer, declared: object = {}): Promise<string> {
  const id = await declare(test, { ...AUDIO_BODY, ...declared });
  const body = new FormData();
  body.append('file', new Blob([data], { type: 'application/octet-stream' }), filename);
  const response = await test.api(`/v1/interactions/${id}/upload`, { method: 'POST', body });
  if (response.status !== 201)
    throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return id;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await test.api(path);
  if (response.status !== 200)
    throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function processAudio(filename: string, data: Buffer, declared: object = {}): Promise<Results> {
  const id = await upload(filename, data, declared);
  const status = await waitUntilFinal(test, id, PROCESSING_DEADLINE_MS);
  if (status.status !== 'processed')
    throw new Error(`${filename} ended ${status.status}: ${status.errorMessage}`);
  return {
    status,
    transcript: await getJson(`/v1/interactions/${id}/transcript`),
    punctuated: await getJson(`/v1/interactions/${id}/transcripts/punctuated`),
    ai: await getJson(`/v1/interactions/${id}/ai`),
  };
}

const text = (list: PhraseList): string => list.phrases.join(' ');

/** Each phrase's segment, in phraseIndex order, checked for integer offsets on the way. */
function segmentsOf(list: PhraseList): Array<{ start: number; end: number; phrase: string }> {
  expect(list.phraseSegments).toHaveLength(list.phrases.length);
  return [...list.phraseSegments]
    .sort((a, b) => a.phraseIndex - b.phraseIndex)
    .map((segment) => {
      expect(Number.isInteger(segment.startTimeOffset) && Number.isInteger(segment.endTimeOffset)).toBe(true);
      expect(segment.endTimeOffset).toBeGreaterThanOrEqual(segment.startTimeOffset);
      return {
        start: segment.startTimeOffset,
        end: segment.endTimeOffset,
        phrase: list.phrases[segment.phraseIndex] ?? '',
      };
    });
}

function expectInTimeOrder(list: PhraseList): void {
  const starts = segmentsOf(list).map((s) => s.start);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
}

function expectInsideVoice(list: PhraseList, ai: AiResults): void {
  const voice = ai.allParticipants.voiceActivitySegments.filter((s) => s.result === 'voice');
  expect(voice.length).toBeGreaterThan(0);
  for (const segment of segmentsOf(list)) {
    const inside = voice.some(
      (v) =>
        segment.start >= v.startTimeOffset - TOLERANCE_MS && segment.end <= v.endTimeOffset + TOLERANCE_MS,
    );
    expect(
      inside,
      `"${segment.phrase}" at ${segment.start}-${segment.end} ms lies outside every voice region`,
    ).toBe(true);
  }
}

describe('a mono recording', () => {
  let combo: Results;
  beforeAll(async () => {
    combo = await processAudio('combo-38s.wav', await readFile(join(AUDIO_DIR, 'combo-38s.wav')));
  }, PROCESSING_DEADLINE_MS + 30_000);

  it('is transcribed with a word error rate of at most 0.45 against the reference', async () => {
    const hypothesis = text(combo.transcript.allParticipants);
    const wer = wordErrorRate(await reference('combo-38s'), hypothesis);
    expect(wer, hypothesis).toBeLessThanOrEqual(0.45);
    // Two voices on one channel (a LibriVox reader, then JFK): diarization gives each voice a
    // participant, and allParticipants keeps every word.
    const one = combo.transcript.participantOne.phrases.length;
    const two = combo.transcript.participantTwo.phrases.length;
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(0);
    expect(one + two).toBe(combo.transcript.allParticipants.phrases.length);
  });

  it('places every phrase inside a voiced region, with integer offsets in time order', () => {
    expectInTimeOrder(combo.transcript.allParticipants);
    expectInsideVoice(combo.transcript.allParticipants, combo.ai);
    const timeline = combo.ai.allParticipants.voiceActivitySegments;
    // The timeline covers the recording without gaps, and the gaps between clips are silence.
    expect(timeline[0]?.startTimeOffset).toBe(0);
    for (let i = 1; i < timeline.length; i++) {
      expect(timeline[i]?.startTimeOffset).toBe(timeline[i - 1]?.endTimeOffset);
    }
    expect(timeline.filter((s) => s.result === 'silence').length).toBeGreaterThanOrEqual(4);
    expect(timeline.at(-1)?.endTimeOffset).toBeGreaterThan(37_000);
  });

  it('punctuates the same words into sentences and scores them', () => {
    const sentences = combo.punctuated.sentenceSegments;
    expect(sentences.length).toBeGreaterThan(1);
    expect(sentences.every((s) => /[.?!]$/u.test(s.phrase))).toBe(true);
    const words = sentences.map((s) => s.phrase).join(' ');
    expect(wordErrorRate(text(combo.transcript.allParticipants), words)).toBe(0);
    expect(combo.ai.allParticipants.enlightenBundles.length).toBeGreaterThan(0);
    expect(combo.status.errorMessage).toBeNull();
  });
});

describe('a stereo recording with one speaker per channel', () => {
  let stereo: Results;
  let austen: string;
  let jfk: string;
  beforeAll(async () => {
    // Austen on the left from 0 s, JFK on the right once Austen is done: the two never overlap.
    const path = join(test.dataDir, 'two-speakers.wav');
    await run('ffmpeg', [
      ...['-nostdin', '-v', 'error', '-y'],
      ...['-i', join(AUDIO_DIR, 'austen-0870.wav'), '-i', join(AUDIO_DIR, 'jfk.wav')],
      '-filter_complex',
      `[0:a]apad=whole_dur=${(SECOND_SPEAKER_MS + 11_000) / 1000}[a];[1:a]adelay=${SECOND_SPEAKER_MS}:all=1[b];[a][b]join=inputs=2:channel_layout=stereo[m]`,
      ...['-map', '[m]', '-ar', '16000', '-c:a', 'pcm_s16le', path],
    ]);
    austen = await reference('austen-0870');
    jfk = await reference('jfk');
    // The channel mapping is what is under test here, so the agent's channel is given rather than
    // decided from what is said (readings have no agent).
    stereo = await processAudio('two-speakers.wav', await readFile(path), { agentChannel: 0 });
  }, PROCESSING_DEADLINE_MS + 30_000);

  it('gives the first channel to participantOne and the second to participantTwo', () => {
    const one = text(stereo.transcript.participantOne);
    const two = text(stereo.transcript.participantTwo);
    // pocketsphinx reaches about 0.3 on the Austen clip and 0.45 on the JFK one (measured).
    expect(wordErrorRate(austen, one), one).toBeLessThan(0.55);
    expect(wordErrorRate(jfk, two), two).toBeLessThan(0.55);
    // Each side is far closer to its own speaker's words than to the other's.
    expect(wordErrorRate(jfk, one)).toBeGreaterThan(0.8);
    expect(wordErrorRate(austen, two)).toBeGreaterThan(0.8);
    for (const word of ['leisure', 'consider']) {
      expect(stereo.transcript.participantOne.phrases).toContain(word);
      expect(stereo.transcript.participantTwo.phrases).not.toContain(word);
    }
    for (const word of ['fellow', 'americans']) {
      expect(stereo.transcript.participantTwo.phrases).toContain(word);
      expect(stereo.transcript.participantOne.phrases).not.toContain(word);
    }
    for (const segment of segmentsOf(stereo.transcript.participantTwo)) {
      expect(segment.start).toBeGreaterThanOrEqual(SECOND_SPEAKER_MS - TOLERANCE_MS);
    }
    for (const segment of segmentsOf(stereo.transcript.participantOne)) {
      expect(segment.end).toBeLessThanOrEqual(SECOND_SPEAKER_MS);
    }
  });

  it('merges both sides into allParticipants in time order, inside voiced regions', () => {
    const all = stereo.transcript.allParticipants;
    expect(all.phrases).toHaveLength(
      stereo.transcript.participantOne.phrases.length + stereo.transcript.participantTwo.phrases.length,
    );
    expectInTimeOrder(all);
    expectInsideVoice(all, stereo.ai);
    expect(
      stereo.ai.participantTwo.voiceActivitySegments.some(
        (s) => s.result === 'voice' && s.startTimeOffset >= SECOND_SPEAKER_MS - TOLERANCE_MS,
      ),
    ).toBe(true);
  });

  it('labels each punctuated sentence with the speaker who said it', () => {
    const sentences = stereo.punctuated.sentenceSegments;
    expect(new Set(sentences.map((s) => s.participant))).toEqual(
      new Set(['participantOne', 'participantTwo']),
    );
    for (const sentence of sentences) {
      const expected = sentence.startTimeOffset < SECOND_SPEAKER_MS ? 'participantOne' : 'participantTwo';
      expect(sentence.participant, sentence.phrase).toBe(expected);
    }
    expect(sentences.find((s) => /leisure/iu.test(s.phrase))?.participant).toBe('participantOne');
    expect(sentences.find((s) => /americans/iu.test(s.phrase))?.participant).toBe('participantTwo');
  });
});

describe('a file that is not usable audio', () => {
  async function failed(filename: string, data: Buffer): Promise<StatusBody> {
    const id = await upload(filename, data);
    return waitUntilFinal(test, id, PROCESSING_DEADLINE_MS);
  }

  it('fails processing of a text file named .wav with a message naming the problem', async () => {
    const status = await failed('x.wav', Buffer.from('This is a note about the call, not a recording.\n'));
    expect(status.status).toBe('processingFailed');
    expect(status.errorCode).toBe('audio_undecodable');
    expect(status.errorMessage).toMatch(/not audio/u);
  });

  it('accepts an empty upload, then fails processing because the file is empty', async () => {
    // The upload route keeps whatever arrives; the decoder is the one place that judges the content.
    const status = await failed('empty.wav', Buffer.alloc(0));
    expect(status.status).toBe('processingFailed');
    expect(status.errorCode).toBe('audio_empty');
    expect(status.errorMessage).toMatch(/empty/u);
  });
});
