import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../engine.js';
import type {
  Conversation,
  EnlightenBundle,
  Medium,
  ModelScore,
  ParticipantScope,
  Sentence,
  VoiceActivitySegment,
  Word,
} from '../types.js';
import { CATALOG } from './catalog.js';
import { createAnalyzer } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const modelsDir = process.env.PARLEY_MODELS_DIR ?? resolve(here, '../../../../../shared/models');

type Side = 'agent' | 'customer';
interface Turn {
  who: Side;
  text: string;
  startMs: number;
  endMs: number;
}

const SIDE: Record<Side, ParticipantScope> = { agent: 'participantOne', customer: 'participantTwo' };

/** Splits a turn into sentences and spreads their words evenly over the turn's span. */
function sentencesOf(turn: Turn, participant: ParticipantScope): Sentence[] {
  const parts = turn.text.match(/[^.!?]+[.!?]*/g)?.map((p) => p.trim()) ?? [turn.text];
  const tokens = parts.map((p) => p.split(/\s+/).filter(Boolean));
  const total = tokens.reduce((n, t) => n + t.length, 0);
  const perWord = (turn.endMs - turn.startMs) / Math.max(1, total);
  let k = 0;
  return parts.map((text, i) => {
    const words: Word[] = (tokens[i] ?? []).map((token) => {
      const startMs = Math.round(turn.startMs + k * perWord);
      k++;
      return {
        text: token,
        startMs,
        endMs: Math.round(turn.startMs + k * perWord),
        confidence: 0.9,
        participant,
      };
    });
    return {
      participant,
      startMs: words[0]?.startMs ?? turn.startMs,
      endMs: words[words.length - 1]?.endMs ?? turn.endMs,
      text,
      confidence: 0.9,
      words,
    };
  });
}

function timeline(words: readonly Word[], durationMs: number): VoiceActivitySegment[] {
  const segments: VoiceActivitySegment[] = [];
  let cursor = 0;
  for (const w of [...words].sort((a, b) => a.startMs - b.startMs)) {
    if (w.startMs > cursor)
      segments.push({ startTimeOffset: cursor, endTimeOffset: w.startMs, result: 'silence' });
    if (w.endMs > cursor) {
      segments.push({
        startTimeOffset: Math.max(cursor, w.startMs),
        endTimeOffset: w.endMs,
        result: 'voice',
      });
      cursor = w.endMs;
    }
  }
  if (durationMs > cursor)
    segments.push({ startTimeOffset: cursor, endTimeOffset: durationMs, result: 'silence' });
  return segments;
}

/** A Conversation as the text pipeline or the recogniser hands it over (already redacted). */
function conversation(medium: Medium, turns: readonly Turn[], mono = false): Conversation {
  const sentences = turns
    .flatMap((turn) => sentencesOf(turn, mono ? 'allParticipants' : SIDE[turn.who]))
    .sort((a, b) => a.startMs - b.startMs);
  const words = sentences.flatMap((s) => s.words).sort((a, b) => a.startMs - b.startMs);
  const durationMs = Math.max(0, ...turns.map((t) => t.endMs));
  const timed = medium !== 'chat';
  return {
    medium,
    languageTag: 'en-US',
    durationMs,
    words,
    sentences,
    redactions: [],
    voiceActivity: {
      allParticipants: timed ? timeline(words, durationMs) : [],
      participantOne: timed
        ? timeline(
            words.filter((w) => w.participant === 'participantOne'),
            durationMs,
          )
        : [],
      participantTwo: timed
        ? timeline(
            words.filter((w) => w.participant === 'participantTwo'),
            durationMs,
          )
        : [],
    },
    speakerSeparation: mono
      ? 'none'
      : medium === 'chat'
        ? 'roles'
        : medium === 'audio'
          ? 'channels'
          : 'given',
  };
}

/** Lays turns one after another at a speaking pace (about 150 words a minute), with a pause between. */
function sequential(lines: ReadonlyArray<[Side, string]>, gapMs = 600): Turn[] {
  let t = 0;
  return lines.map(([who, text]) => {
    const words = text.split(/\s+/).length;
    const turn = { who, text, startMs: t, endMs: t + words * 400 };
    t = turn.endMs + gapMs;
    return turn;
  });
}

const CALM: ReadonlyArray<[Side, string]> = [
  ['agent', 'Good morning, thank you for calling, my name is Sam. How can I help you today?'],
  ['customer', 'Hi Sam. I was charged twice for my order this month and I am not sure why.'],
  [
    'agent',
    'I am so sorry to hear that, I understand how frustrating a double charge is. Can you tell me your order number?',
  ],
  ['customer', 'Sure, it is the order from last Tuesday, for the blue kettle.'],
  [
    'agent',
    'Thank you. I see it now, so you were billed twice on the same day. Let me take care of that for you.',
  ],
  ['customer', 'Great, thank you.'],
  [
    'agent',
    "I have processed a refund of the second charge. You will receive it within 3 business days, and I'll email you a confirmation.",
  ],
  ['customer', 'That is wonderful, thank you so much for your help, I really appreciate it.'],
  [
    'agent',
    'You are welcome, you can also check the refund any time in the app. As a valued customer, thank you for being with us. Have a great day!',
  ],
  ['customer', 'You too, thanks again. Bye!'],
];

const ANGRY: ReadonlyArray<[Side, string]> = [
  ['agent', 'Yeah. What do you want.'],
  [
    'customer',
    'I was charged twice for my order and nobody has fixed it after three calls, this is ridiculous and I am furious.',
  ],
  ['agent', 'Calm down. That is not my department, you will have to call billing.'],
  [
    'customer',
    'I already called billing and they sent me to you, this is the worst service I have ever had.',
  ],
  ['agent', 'Listen to me, I already told you, there is nothing I can do about it.'],
  ['customer', 'Unbelievable. I want my money back and I am going to cancel everything.'],
  ['agent', 'Whatever. That is your problem, not my problem.'],
  ['customer', 'You are useless. I hate this company and I am never buying from you again.'],
];

/** The angry call with the agent cutting in: each agent turn starts 1.5 s before the customer stops. */
function interrupting(lines: ReadonlyArray<[Side, string]>): Turn[] {
  return sequential(lines, 600).map((turn, i, all) => {
    const previous = all[i - 1];
    if (turn.who !== 'agent' || !previous) return turn;
    const shift = turn.startMs - (previous.endMs - 1500);
    return { ...turn, startMs: turn.startMs - shift, endMs: turn.endMs - shift };
  });
}

function model(bundles: EnlightenBundle[], bundle: string, name: string): ModelScore {
  const found = bundles.find((b) => b.name === bundle)?.models.find((m) => m.name === name);
  if (!found) throw new Error(`no ${bundle} / ${name}`);
  return found;
}

function checkInvariants(c: Conversation, result: Record<ParticipantScope, EnlightenBundle[]>): void {
  for (const bundles of Object.values(result)) {
    for (const bundle of bundles) {
      for (const m of bundle.models) {
        const values = [m.score, m.minScore, m.maxScore, m.quartile1, m.quartile2, m.quartile3, m.quartile4];
        for (const v of values) {
          expect(Number.isFinite(v), `${m.name} finite`).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(100);
        }
        for (const q of [m.quartile1, m.quartile2, m.quartile3, m.quartile4, m.score]) {
          expect(m.minScore, `${m.name} min <= ${q}`).toBeLessThanOrEqual(q);
          expect(m.maxScore, `${m.name} max >= ${q}`).toBeGreaterThanOrEqual(q);
        }
        for (const offset of [m.minScoreOffset, m.maxScoreOffset]) {
          expect(Number.isInteger(offset)).toBe(true);
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(c.durationMs);
        }
      }
    }
  }
}

const hasModels = existsSync(join(modelsDir, 'sentiment-fasttext-en', 'tweets.ftz'));

describe.runIf(hasModels)('CX AI analyzer with the fastText models', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await createAnalyzer({ modelsDir });
  });

  it('reports the fastText models as in use', () => {
    const [status] = analyzer.status();
    expect(status?.ready).toBe(true);
    expect(status?.detail).toMatch(/fastText sentiment/);
    expect(status?.remedy).toBeUndefined();
  });

  const media: Array<[string, Conversation]> = [
    ['chat', conversation('chat', sequential(CALM, 20_000))],
    ['transcript', conversation('transcript', sequential(CALM))],
    ['audio', conversation('audio', interrupting(ANGRY))],
    ['mono audio', conversation('audio', sequential(CALM), true)],
  ];

  it.each(media)('scores every catalog model for a %s conversation', (_label, c) => {
    const result = analyzer.analyze(c);
    checkInvariants(c, result);
    for (const bundle of CATALOG) {
      for (const definition of bundle.models) {
        for (const scope of definition.scopes) {
          if (scope !== 'allParticipants' && !c.sentences.some((s) => s.participant === scope)) continue;
          expect(() => model(result[scope], bundle.name, definition.name)).not.toThrow();
        }
      }
    }
  });

  it('gives mono audio bundles only for allParticipants, with interruptions not measurable', () => {
    const result = analyzer.analyze(conversation('audio', sequential(CALM), true));
    expect(result.participantOne).toEqual([]);
    expect(result.participantTwo).toEqual([]);
    expect(result.allParticipants.map((b) => b.name)).toEqual(CATALOG.map((b) => b.name));
    expect(model(result.allParticipants, 'Customer Satisfaction', 'Interruption').score).toBe(50);
    expect(model(result.allParticipants, 'Customer Satisfaction', 'SpeechVelocity').score).toBe(100);
  });

  describe('a calm, resolved call against an angry, unresolved one with an interrupting agent', () => {
    let calm: Record<ParticipantScope, EnlightenBundle[]>;
    let angry: Record<ParticipantScope, EnlightenBundle[]>;
    beforeAll(() => {
      calm = analyzer.analyze(conversation('audio', sequential(CALM)));
      angry = analyzer.analyze(conversation('audio', interrupting(ANGRY)));
    });

    const csat = 'Customer Satisfaction';
    it.each<[ParticipantScope, string]>([
      ['participantTwo', 'Sentiment'],
      ['participantOne', 'Sentiment'],
      ['allParticipants', 'Sentiment'],
      ['participantOne', 'BeEmpathetic'],
      ['participantOne', 'Interruption'],
      ['participantOne', 'DemonstrateOwnership'],
      ['participantOne', 'BuildRapport'],
      ['participantOne', 'SetExpectations'],
      ['participantOne', 'InappropriateAction'],
      ['participantOne', 'AcknowledgeLoyalty'],
      ['participantOne', 'PromoteSelfService'],
      ['participantOne', 'ActiveListening'],
    ])('%s %s is higher for the calm call', (scope, name) => {
      expect(model(calm[scope], csat, name).score).toBeGreaterThan(model(angry[scope], csat, name).score);
    });

    it('puts the calm customer in a positive band and the angry one in a negative band', () => {
      expect(model(calm.participantTwo, csat, 'Sentiment').score).toBeGreaterThan(60);
      expect(model(angry.participantTwo, csat, 'Sentiment').score).toBeLessThanOrEqual(40);
    });

    it('detects the interruptions from overlapping words', () => {
      expect(model(calm.participantOne, csat, 'Interruption').score).toBe(100);
      expect(model(angry.participantOne, csat, 'Interruption').score).toBeLessThanOrEqual(30);
    });

    it('flags inappropriate language only in the angry call', () => {
      expect(model(calm.participantOne, csat, 'InappropriateAction').score).toBeGreaterThan(70);
      expect(model(angry.participantOne, csat, 'InappropriateAction').score).toBeLessThanOrEqual(30);
    });

    it('sees the customer calm down or warm up over the call', () => {
      const s = model(calm.participantTwo, csat, 'Sentiment');
      expect(s.maxScore).toBeGreaterThan(s.minScore);
      expect(s.quartile4).toBeGreaterThan(s.quartile1);
      expect(s.maxScoreOffset).toBeGreaterThan(s.minScoreOffset);
    });

    it('keeps the same customer sentiment whichever scope contains only the customer', () => {
      const angryConversation = conversation('audio', interrupting(ANGRY));
      const customerOnly: Conversation = {
        ...angryConversation,
        sentences: angryConversation.sentences.filter((s) => s.participant === 'participantTwo'),
        words: angryConversation.words.filter((w) => w.participant === 'participantTwo'),
      };
      const alone = analyzer.analyze(customerOnly);
      expect(model(alone.participantTwo, csat, 'Sentiment').score).toBe(
        model(angry.participantTwo, csat, 'Sentiment').score,
      );
    });
  });

  it('marks timing models as not measurable in chat (neutral) but measures them in audio', () => {
    const chat = analyzer.analyze(conversation('chat', sequential(CALM, 20_000)));
    const audio = analyzer.analyze(conversation('audio', sequential(CALM)));
    for (const name of ['SpeechVelocity', 'Interruption']) {
      const inChat = model(chat.participantOne, 'Customer Satisfaction', name);
      expect([inChat.score, inChat.minScore, inChat.maxScore]).toEqual([50, 50, 50]);
      expect(model(audio.participantOne, 'Customer Satisfaction', name).score).not.toBe(50);
    }
  });

  it('scores speech velocity from words per minute', () => {
    const slow = sequential(CALM).map((t) => ({ ...t, endMs: t.startMs + (t.endMs - t.startMs) * 3 }));
    const paced = analyzer.analyze(conversation('audio', sequential(CALM)));
    const dragging = analyzer.analyze(conversation('audio', slow));
    const velocity = (r: Record<ParticipantScope, EnlightenBundle[]>): number =>
      model(r.participantOne, 'Customer Satisfaction', 'SpeechVelocity').score;
    expect(velocity(paced)).toBe(100);
    expect(velocity(dragging)).toBeLessThan(30);
  });

  it('finds vulnerability indicators the customer discloses', () => {
    const lines: ReadonlyArray<[Side, string]> = [
      ['agent', 'Thanks for calling, how can I help?'],
      ['customer', 'My husband passed away last month and I have lost my job, so I cannot afford this bill.'],
      ['agent', 'I am so sorry for your loss. Let me see what we can do.'],
      ['customer', 'I am sorry, I do not understand the letter you sent, I am scared and I cannot cope.'],
    ];
    const vulnerable = analyzer.analyze(conversation('transcript', sequential(lines)));
    const calm = analyzer.analyze(conversation('transcript', sequential(CALM)));
    const v = 'Vulnerable Customer';
    for (const name of [
      'Vulnerability',
      'Bereavement',
      'FinancialHardship',
      'EmotionalDistress',
      'Capability',
    ]) {
      expect(model(vulnerable.participantTwo, v, name).score, name).toBeGreaterThan(70);
      expect(model(vulnerable.participantTwo, v, name).score).toBeGreaterThan(
        model(calm.participantTwo, v, name).score,
      );
    }
    expect(model(calm.participantTwo, v, 'Vulnerability').score).toBeLessThanOrEqual(30);
  });

  it('moves the sales behaviours for a consultative sale', () => {
    const sale: ReadonlyArray<[Side, string]> = [
      ['agent', 'What are you looking for in a new phone plan, and how do you currently use your phone?'],
      ['customer', 'Mostly streaming, but honestly the unlimited plan is too expensive for me.'],
      [
        'agent',
        'I understand, many customers felt the same until they saw the savings. Based on what you said, I would recommend the Stream plan.',
      ],
      [
        'agent',
        'It includes unlimited streaming, which means you will save about ten dollars a month. The offer ends this Friday.',
      ],
      [
        'agent',
        'Would you also like to add the device protection plan? Shall I go ahead and set that up for you?',
      ],
      ['customer', 'Yes, please go ahead.'],
      ['agent', 'To recap, you are all set on the Stream plan, and you will receive a confirmation email.'],
    ];
    const result = analyzer.analyze(conversation('transcript', sequential(sale)));
    const service = analyzer.analyze(conversation('transcript', sequential(CALM)));
    const s = 'Sales Effectiveness';
    for (const name of [
      'DiscoverNeeds',
      'PresentValue',
      'RecommendSolution',
      'CreateUrgency',
      'AskForCommitment',
      'OfferAdditionalProducts',
    ]) {
      expect(model(result.participantOne, s, name).score, name).toBeGreaterThan(
        model(service.participantOne, s, name).score,
      );
    }
  });

  it('credits an objection the agent answers, not one it ignores', () => {
    const objection: Array<[Side, string]> = [
      ['agent', 'The premium plan is forty dollars a month.'],
      ['customer', 'That is too expensive for me, I can get a better deal elsewhere.'],
    ];
    const answered = analyzer.analyze(
      conversation(
        'transcript',
        sequential([
          ...objection,
          [
            'agent',
            'I understand. Compared to other providers it includes the router, and I can offer a discount.',
          ],
        ]),
      ),
    );
    const ignored = analyzer.analyze(
      conversation('transcript', sequential([...objection, ['agent', 'Okay. Anything else?']])),
    );
    const score = (r: Record<ParticipantScope, EnlightenBundle[]>): number =>
      model(r.participantOne, 'Sales Effectiveness', 'HandleObjections').score;
    expect(score(answered)).toBeGreaterThan(70);
    expect(score(ignored)).toBeLessThanOrEqual(30);
  });

  it('is deterministic', () => {
    const c = conversation('audio', interrupting(ANGRY));
    expect(analyzer.analyze(c)).toEqual(analyzer.analyze(c));
  });

  it('analyses an hour-long transcript of about 9,000 words', () => {
    const lines = [...CALM, ...ANGRY];
    const hour: Array<[Side, string]> = [];
    let words = 0;
    while (words < 9000) {
      for (const line of lines) {
        hour.push(line);
        words += line[1].split(/\s+/).length;
      }
    }
    const c = conversation('transcript', sequential(hour, 400));
    expect(c.sentences.length).toBeGreaterThan(700);
    const result = analyzer.analyze(c);
    checkInvariants(c, result);
    const sentiment = model(result.participantTwo, 'Customer Satisfaction', 'Sentiment');
    // Calm and angry stretches alternate, so the windows must see both extremes.
    expect(sentiment.maxScore - sentiment.minScore).toBeGreaterThan(40);
  });

  it('handles an empty conversation with the priors', () => {
    const c = conversation('chat', []);
    const result = analyzer.analyze(c);
    expect(result.participantOne).toEqual([]);
    expect(model(result.allParticipants, 'Customer Satisfaction', 'Sentiment')).toMatchObject({
      score: 50,
      minScore: 50,
      maxScore: 50,
    });
  });
});

describe('CX AI analyzer without model files', () => {
  it('falls back to the AFINN lexicon and says where the files go', async () => {
    // No models directory at all: not even the models shipped in models/ are used.
    const analyzer = await createAnalyzer({ modelsDir: undefined });
    const [status] = analyzer.status();
    expect(status?.detail).toMatch(/AFINN/);
    expect(status?.remedy).toMatch(/sentiment-fasttext-en/);
    const calm = analyzer.analyze(conversation('chat', sequential(CALM, 20_000)));
    const angry = analyzer.analyze(conversation('chat', sequential(ANGRY, 20_000)));
    const sentiment = (r: Record<ParticipantScope, EnlightenBundle[]>): number =>
      model(r.participantTwo, 'Customer Satisfaction', 'Sentiment').score;
    expect(sentiment(calm)).toBeGreaterThan(sentiment(angry));
  });
});

describe('CX AI analyzer with a damaged model file', () => {
  it('refuses to start and names the file to replace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-analytics-'));
    try {
      mkdirSync(join(dir, 'sentiment-fasttext-en'));
      for (const file of ['tweets.ftz', 'conv.ftz']) {
        writeFileSync(join(dir, 'sentiment-fasttext-en', file), 'not a fastText model');
      }
      await expect(createAnalyzer({ modelsDir: dir })).rejects.toThrow(/tweets\.ftz.*replace it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
