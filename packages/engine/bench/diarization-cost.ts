/**
 * `npm run bench:diarization:cost`: what the diarization stage adds to the audio pipeline on a
 * 10-minute mono call (the AMI excerpts of ../shared/audio/conversations joined with sox), in one
 * process: the transcriber without speaker separation, then with the default (spectral, on its
 * own thread), each timed by wall clock and by the process's CPU time (all threads), so a busy
 * machine shows in the load average printed beside them rather than only in the figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAudioTranscriber } from '@parley/engine';
import { audioDir, modelsDir } from './shared-data.js';

const conversations = join(audioDir, 'conversations');
const minutes = Number(process.env['BENCH_MINUTES'] ?? 10);

const dir = mkdtempSync(join(tmpdir(), 'parley-diarization-cost-'));
const call = join(dir, 'call.wav');
const clips = readdirSync(conversations)
  .filter((f) => f.endsWith('.wav'))
  .sort()
  .map((f) => join(conversations, f));
execFileSync('sox', [...clips, ...clips, ...clips, call, 'trim', '0', String(minutes * 60)]);
const loadBefore = loadavg();

async function measure(
  label: string,
  diarize: boolean,
): Promise<{ wallMs: number; cpuMs: number; separation: string }> {
  const transcriber = createAudioTranscriber({
    modelsDir,
    engine: 'pocketsphinx',
    ...(diarize ? {} : { diarizer: false as const }),
  });
  // Loads the VAD, pocketsphinx and (when on) the diarization thread's code before the clock.
  await transcriber.transcribe({ filePath: join(audioDir, 'jfk.wav'), languageTag: 'en-US' });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await transcriber.transcribe({ filePath: call, languageTag: 'en-US' });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await transcriber.close();
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `${label.padEnd(44)} wall ${(wallMs / 1000).toFixed(1)} s, CPU ${(cpuMs / 1000).toFixed(1)} s, separation ${result.speakerSeparation}`,
  );
  return { wallMs, cpuMs, separation: result.speakerSeparation };
}

try {
  console.log(
    `${minutes}-minute mono call (AMI excerpts joined), load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const plain = await measure('transcriber, no speaker separation', false);
  const diarized = await measure('transcriber + spectral diarization (thread)', true);
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  console.log(
    `diarization adds ${pct(diarized.wallMs / plain.wallMs - 1)} wall time and ${pct(diarized.cpuMs / plain.cpuMs - 1)} CPU time to the pipeline (goal <= 15 %); load average after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
