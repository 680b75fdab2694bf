import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../create-engine.js';
import { createThreadedTextStage } from './thread-pool.js';
import type { ChatInput } from '../types.js';

const modelsDir =
  process.env.PARLEY_MODELS_DIR ?? fileURLToPath(new URL('../../../../../shared/models', import.meta.url));

const chat: ChatInput = {
  participants: [
    { participantId: 'a', role: 'agent' },
    { participantId: 'c', role: 'customer' },
  ],
  messages: [
    { participantId: 'c', timestamp: '2024-03-01T10:00:00Z', content: 'My parcel never arrived.' },
    { participantId: 'a', timestamp: '2024-03-01T10:00:20Z', content: 'Sorry about that, let me look.' },
  ],
} as ChatInput;

describe('text models loaded in the background', () => {
  it('report loading at once, hold work until loaded, then process it as usual', async () => {
    const engine = await createEngine({ modelsDir, textThreads: 1, loadTextModelsInBackground: true });
    try {
      // The threads cannot have loaded before createEngine returned: they need the event loop.
      const early = await engine.status();
      expect(early.some((c) => c.loading === true && !c.ready)).toBe(true);
      const result = await engine.process({
        input: { kind: 'chat', chat },
        languageTag: 'en-us',
        includeAiResults: true,
      });
      expect(result.punctuated.sentenceSegments.map((s) => s.phrase)).toContain('My parcel never arrived.');
      const later = await engine.status();
      expect(later.some((c) => c.loading === true)).toBe(false);
      expect(later.length).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });

  it('fail waiting work and later work with the reason when the threads cannot load', async () => {
    // No thread starts and loads its models within a millisecond: this stands for one that cannot.
    const stage = await createThreadedTextStage({
      modelsDir,
      threads: 1,
      timeoutMs: 60_000,
      startTimeoutMs: 1,
      loadInBackground: true,
    });
    try {
      const request = {
        kind: 'chat',
        chat,
        languageTag: 'en-us',
        includeAiResults: false,
        redactionPolicies: [],
      } as const;
      await expect(stage.run(request as never)).rejects.toThrow(/did not load its models/);
      await expect(stage.run(request as never)).rejects.toThrow(/did not load its models/);
      const status = await stage.status();
      expect(status).toEqual([
        expect.objectContaining({ ready: false, detail: expect.stringMatching(/could not load/) }),
      ]);
    } finally {
      await stage.close();
    }
  });
});
