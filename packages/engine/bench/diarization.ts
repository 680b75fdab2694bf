/**
 * `npm run bench:diarization`: who-spoke-when on real multi-speaker recordings, the agent/customer
 * decision, and what diarization costs, each beside trivial baselines measured in the same run.
 *
 * - AMI meeting excerpts (shared/audio/conversations, RTTM references): DER (0.25 s collar) and
 *   word-level speaker attribution (recognised words against the reference turn under them,
 *   words under overlapping talk left out), for the spectral stage, "everything one speaker" and
 *   "alternate speakers at each voiced region", which share the same voice activity.
 * - Two-voice recordings made of real speech: combo-38s (five LibriVox clips then JFK) and
 *   vad-test-22s, whose turns are known from how they were made.
 * - Roles: held-out dialogues (role-data.ts) and espeak-ng calls synthesised from them.
 * - Cost: the diarization stage's time as a share of the whole audio pipeline's on a 10-minute
 *   call made of the AMI clips, in the same process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_VAD_SETTINGS,
  createAudioTranscriber,
  createDiarizer,
  createEngine,
  createVoiceDetector,
  decideAgent,
  type AudioTranscription,
  type VoiceActivitySegment,
} from '@parley/engine';
import { roleDialogues } from './role-data.js';
import {
  attributionAccuracy,
  comboReference,
  diarizationErrorRate,
  readRttm,
  type Turn,
} from './diarization-score.js';
import { haveSynthesis, synthesizeCall } from './synth-calls.js';
import { audioDir, dataDir, decodeWhole, modelsDir, vadModel } from './shared-data.js';

const conversations = join(audioDir, 'conversations');

const voice = (segments: VoiceActivitySegment[]): { startMs: number; endMs: number }[] =>
  segments
    .filter((s) => s.result === 'voice')
    .map((s) => ({ startMs: s.startTimeOffset, endMs: s.endTimeOffset }));

/** The system's turns and each word's speaker, from a transcription. */
function systemOutput(audio: AudioTranscription): { turns: Turn[]; words: Turn[] } {
  if (audio.speakerSeparation === 'none') return oneSpeaker(audio);
  const turns = [
    ...voice(audio.voiceActivity.participantOne).map((t) => ({ ...t, speaker: 'A' })),
    ...voice(audio.voiceActivity.participantTwo).map((t) => ({ ...t, speaker: 'B' })),
  ];
  return {
    turns,
    words: audio.words.map((w) => ({
      startMs: w.startMs,
      endMs: w.endMs,
      speaker: w.participant === 'participantOne' ? 'A' : 'B',
    })),
  };
}
function oneSpeaker(audio: AudioTranscription): { turns: Turn[]; words: Turn[] } {
  return {
    turns: voice(audio.voiceActivity.allParticipants).map((t) => ({ ...t, speaker: 'A' })),
    words: audio.words.map((w) => ({ startMs: w.startMs, endMs: w.endMs, speaker: 'A' })),
  };
}
function alternate(audio: AudioTranscription): { turns: Turn[]; words: Turn[] } {
  const turns = voice(audio.voiceActivity.allParticipants).map((t, i) => ({
    ...t,
    speaker: i % 2 === 0 ? 'A' : 'B',
  }));
  const words = audio.words.map((w) => ({
    startMs: w.startMs,
    endMs: w.endMs,
    speaker: turns.find((t) => t.startMs <= w.startMs && w.startMs < t.endMs)?.speaker ?? 'A',
  }));
  return { turns, words };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

const plain = createAudioTranscriber({ modelsDir, engine: 'pocketsphinx', diarizer: false });
const diarized = createAudioTranscriber({
  modelsDir,
  engine: 'pocketsphinx',
  diarizer: createDiarizer({ modelsDir, prefer: 'spectral' }),
});
const neural = createDiarizer({ modelsDir, prefer: 'sherpa-onnx' });

// --- who spoke when -------------------------------------------------------------------------
interface Row {
  name: string;
  speakers: number;
  found: number;
  der: [number, number, number];
  words: [number, number, number];
  scored: number;
}
const rows: Row[] = [];
async function score(name: string, path: string, reference: Turn[]): Promise<void> {
  const audio = await diarized.transcribe({ filePath: path, languageTag: 'en-US' });
  const outputs = [systemOutput(audio), oneSpeaker(audio), alternate(audio)];
  const der = outputs.map((o) => diarizationErrorRate(reference, o.turns, audio.durationMs)) as Row['der'];
  const attribution = outputs.map((o) => attributionAccuracy(reference, o.words));
  rows.push({
    name,
    speakers: new Set(reference.map((t) => t.speaker)).size,
    found: audio.speakerSeparation === 'diarization' ? 2 : 1,
    der,
    words: attribution.map((a) => a.accuracy) as Row['words'],
    scored: attribution[0]?.scored ?? 0,
  });
}

for (const file of readdirSync(conversations)
  .filter((f) => f.endsWith('.wav'))
  .sort()) {
  await score(
    file.replace('.wav', ''),
    join(conversations, file),
    readRttm(join(conversations, file.replace('.wav', '.rttm'))),
  );
}
await score('combo-38s (LibriVox, then JFK)', join(audioDir, 'combo-38s.wav'), comboReference(audioDir));

console.log('\n## Who spoke when (DER with 0.25 s collar; word attribution)\n');
console.log(
  '| recording | speakers (ref / found) | DER spectral | DER one speaker | DER alternate | words spectral | words one speaker | words alternate | words scored |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.speakers} / ${r.found} | ${pct(r.der[0])} | ${pct(r.der[1])} | ${pct(r.der[2])} | ${pct(r.words[0])} | ${pct(r.words[1])} | ${pct(r.words[2])} | ${r.scored} |`,
  );
}
const ami = rows.filter((r) => r.name.startsWith('ami'));
console.log(
  `| **AMI mean (${ami.length})** | | ${pct(mean(ami.map((r) => r.der[0])))} | ${pct(mean(ami.map((r) => r.der[1])))} | ${pct(mean(ami.map((r) => r.der[2])))} | ${pct(mean(ami.map((r) => r.words[0])))} | ${pct(mean(ami.map((r) => r.words[1])))} | ${pct(mean(ami.map((r) => r.words[2])))} | |`,
);
console.log(
  `\nsherpa-onnx neural diarization: ${neural.kind === 'sherpa-onnx' ? 'installed' : `not installed here (${neural.status().detail}); not compared`}`,
);

// --- roles ----------------------------------------------------------------------------------
const heldOut = roleDialogues(dataDir, 'heldOut');
const decisions = heldOut.map((d) => ({ d, decision: decideAgent(d.turns) }));
const decided = decisions.filter((x) => x.decision.agent !== undefined);
console.log('\n## Which side is the agent\n');
console.log(
  `held-out dialogues: ${heldOut.length}; accuracy where decided ${pct(decided.filter((x) => x.decision.agent === x.d.agent).length / decided.length)}; undecided ${pct(1 - decided.length / heldOut.length)}; baseline "more talk = agent" ${pct(
    heldOut.filter((d) => {
      const w = [0, 0];
      for (const t of d.turns) w[t.side] = (w[t.side] ?? 0) + t.text.length;
      return ((w[0] ?? 0) >= (w[1] ?? 0) ? 0 : 1) === d.agent;
    }).length / heldOut.length,
  )}`,
);
if (haveSynthesis()) {
  const engine = await createEngine({ modelsDir, transcriber: diarized });
  const dir = mkdtempSync(join(tmpdir(), 'parley-calls-'));
  const picks = heldOut
    .filter((d) => d.source !== 'SGD service' && d.turns.length >= 4 && d.turns.length <= 8)
    .slice(0, 6);
  const tally = { mono: [0, 0, 0], stereo: [0, 0, 0] }; // right, wrong, undecided
  try {
    for (const [i, d] of picks.entries()) {
      const call = synthesizeCall(
        join(dir, String(i)),
        d.turns.map((t) => ({ agent: t.side === d.agent, text: t.text })),
      );
      const agentTurns = d.turns.filter((t) => t.side === d.agent).map((t) => t.text.toLowerCase());
      for (const [kind, path] of [
        ['mono', call.mono],
        ['stereo', call.agentLeft],
        ['stereo', call.agentRight],
      ] as const) {
        const result = await engine.process({
          input: { kind: 'audio', filePath: path },
          languageTag: 'en-US',
          includeAiResults: false,
        });
        const speakers = result.transcript.speakers;
        // Right when participantOne's first words come from an agent turn.
        const firstWords = result.transcript.participantOne.phrases.slice(0, 3).join(' ');
        const right =
          firstWords.length > 0 &&
          agentTurns.some((t) => firstWords.split(' ').filter((w) => t.includes(w)).length >= 2);
        const slot = speakers?.agentDecidedBy !== 'content' ? 2 : right ? 0 : 1;
        tally[kind][slot] = (tally[kind][slot] ?? 0) + 1;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const kind of ['mono', 'stereo'] as const) {
    const [r, w, u] = tally[kind];
    console.log(
      `synthesised ${kind} calls (${(r ?? 0) + (w ?? 0) + (u ?? 0)}): right ${r}, wrong ${w}, undecided ${u}`,
    );
  }
} else {
  console.log('espeak-ng/sox not installed: synthesised calls skipped (apt-get install espeak-ng sox)');
}

// --- cost -------------------------------------------------------------------------------------
const tenMinutes = join(mkdtempSync(join(tmpdir(), 'parley-10min-')), 'call.wav');
const clips = readdirSync(conversations)
  .filter((f) => f.endsWith('.wav'))
  .sort()
  .map((f) => join(conversations, f));
execFileSync('sox', [...clips, ...clips].slice(0, 20).concat([tenMinutes]));
let start = performance.now();
await plain.transcribe({ filePath: tenMinutes, languageTag: 'en-US' });
const pipelineMs = performance.now() - start;
const pcm = await decodeWhole(tenMinutes);
const detector = createVoiceDetector(vadModel, DEFAULT_VAD_SETTINGS);
const voiced = [...detector.push(pcm), ...detector.finish()].map((r) => ({
  startMs: r.startSample / 16,
  endMs: r.endSample / 16,
}));
start = performance.now();
const session = createDiarizer({ modelsDir, prefer: 'spectral' }).start();
for (let at = 0; at < pcm.length; at += 16_000) session.push(pcm.subarray(at, at + 16_000));
await session.finish(voiced);
const diarizationMs = performance.now() - start;
console.log(`\n## Cost on a ${(pcm.length / 16_000 / 60).toFixed(1)}-minute call\n`);
console.log(
  `audio pipeline (decode, VAD, pocketsphinx) ${(pipelineMs / 1000).toFixed(1)} s; spectral diarization ${(diarizationMs / 1000).toFixed(2)} s = ${pct(diarizationMs / pipelineMs)} of the pipeline`,
);
rmSync(resolve(tenMinutes, '..'), { recursive: true, force: true });
await plain.close();
await diarized.close();
