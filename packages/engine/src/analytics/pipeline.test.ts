import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../engine.js';
import { chatToText } from '../text/chat.js';
import { assembleConversation } from '../text/conversation.js';
import { noVoiceActivity } from '../text/voice-activity.js';
import type { ChatInput, Conversation, EnlightenBundle, ModelScore } from '../types.js';
import { CATALOG } from './catalog.js';
import { createAnalyzer } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? resolve(here, '../../../../../shared/models');

/** Chat input through the real text pipeline (sentences, timing, redaction) into a Conversation. */
function fromChat(lines: ReadonlyArray<['agent' | 'customer', string]>): Conversation {
  const chat: ChatInput = {
    participants: [
      { participantId: 'a', role: 'Agent' },
      { participantId: 'c', role: 'Customer' },
    ],
    messages: lines.map(([who, content], i) => ({
      participantId: who === 'agent' ? 'a' : 'c',
      timestamp: new Date(Date.UTC(2026, 0, 1, 9, 0, i * 30)).toISOString(),
      content,
    })),
  };
  const text = chatToText(chat);
  return assembleConversation({
    medium: 'chat',
    languageTag: 'en-US',
    durationMs: text.durationMs,
    words: text.words,
    sentences: text.sentences,
    voiceActivity: noVoiceActivity(),
    speakerSeparation: 'roles',
  });
}

function find(bundles: EnlightenBundle[], name: string): ModelScore | undefined {
  return bundles.flatMap((b) => b.models).find((m) => m.name === name);
}

describe.runIf(existsSync(join(modelsDir, 'sentiment-fasttext-en', 'tweets.ftz')))(
  'CX AI on conversations built by the chat pipeline',
  () => {
    let analyzer: Analyzer;
    beforeAll(async () => {
      analyzer = await createAnalyzer({ modelsDir });
    });

    const resolved = fromChat([
      ['customer', 'Hi, my card 4111 1111 1111 1111 was charged twice for one order.'],
      ['agent', "I'm so sorry to hear that. Could you tell me the order date?"],
      ['customer', 'It was last Friday.'],
      ['agent', "Thanks. I've refunded the duplicate charge, you'll see it within 3 days."],
      ['customer', 'Brilliant, thank you so much, that was really helpful!'],
    ]);
    const unresolved = fromChat([
      ['customer', 'You charged me twice AGAIN. This is a disgrace and I am furious.'],
      ['agent', 'Not my department. You will have to call billing.'],
      ['customer', 'Useless. I hate this company, worst service ever.'],
    ]);

    it('scores every model of every bundle for each side of a chat', () => {
      const result = analyzer.analyze(resolved);
      for (const bundle of CATALOG) {
        for (const model of bundle.models) {
          for (const scope of model.scopes) {
            const score = find(result[scope], model.name);
            expect(score, `${scope} ${model.name}`).toBeDefined();
            expect(score?.minScoreOffset).toBeLessThanOrEqual(resolved.durationMs);
            expect(score?.maxScoreOffset).toBeLessThanOrEqual(resolved.durationMs);
          }
        }
      }
    });

    it('reads the redacted text and still tells the two chats apart', () => {
      expect(resolved.sentences.some((s) => s.text.includes('4111'))).toBe(false);
      const good = analyzer.analyze(resolved);
      const bad = analyzer.analyze(unresolved);
      const customer = (r: typeof good): number => find(r.participantTwo, 'Sentiment')?.score ?? Number.NaN;
      expect(customer(good)).toBeGreaterThan(60);
      expect(customer(bad)).toBeLessThan(40);
      for (const name of [
        'BeEmpathetic',
        'SetExpectations',
        'DemonstrateOwnership',
        'EffectiveQuestioning',
      ]) {
        expect(find(good.participantOne, name)?.score, name).toBeGreaterThan(
          find(bad.participantOne, name)?.score ?? 0,
        );
      }
    });
  },
);
