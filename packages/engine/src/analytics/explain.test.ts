import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer, AnalyticsEvidence } from '../engine.js';
import { createAnalyzer } from './index.js';
import { conversationOf } from './pairs.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? resolve(here, '../../../../../shared/models');

function linesOf(evidence: AnalyticsEvidence, scope: keyof AnalyticsEvidence, model: string): string[] {
  return (evidence[scope].find((m) => m.name === model)?.lines ?? []).map((l) => `${l.effect}: ${l.text}`);
}

describe('the evidence behind CX AI scores', () => {
  let analyzer: Analyzer;
  let evidence: AnalyticsEvidence;
  beforeAll(async () => {
    analyzer = await createAnalyzer({ modelsDir });
    evidence = (
      analyzer.explain ??
      (() => {
        throw new Error('the analyzer cannot explain itself');
      })
    )(
      conversationOf([
        "C: I'm so sorry, I understand how frustrating this must be for you.",
        'A: Whatever. Figure it out yourself.',
        'C: My husband passed away in May and I cannot pay the bill.',
        "A: I'm so sorry for your loss. I'll freeze the account today.",
      ]),
    );
  });

  it('names the rude line against Inappropriate Action and the apology for Be Empathetic', () => {
    expect(linesOf(evidence, 'participantOne', 'InappropriateAction')).toContain('against: Whatever.');
    expect(linesOf(evidence, 'participantOne', 'BeEmpathetic')).toContain("for: I'm so sorry for your loss.");
    expect(linesOf(evidence, 'participantOne', 'DemonstrateOwnership')).toContain(
      "for: I'll freeze the account today.",
    );
  });

  it('never lists what the customer said behind an agent behaviour', () => {
    for (const model of evidence.participantOne) {
      for (const line of model.lines) expect(line.participant, model.name).toBe('participantOne');
    }
  });

  it('lists the disclosures behind the customer’s vulnerability indicators, with the deciding words', () => {
    const bereavement = evidence.participantTwo.find((m) => m.name === 'Bereavement')?.lines ?? [];
    expect(bereavement.map((l) => l.text)).toEqual([
      'My husband passed away in May and I cannot pay the bill.',
    ]);
    expect(bereavement[0]?.cues.join(' ')).toContain('husband passed');
    expect(linesOf(evidence, 'participantTwo', 'FinancialHardship')).toEqual([
      'for: My husband passed away in May and I cannot pay the bill.',
    ]);
  });
});
