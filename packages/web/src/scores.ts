import type { AiResults, ModelScore, ParticipantScope } from '@parley/client';
import { findModelInfo } from '@parley/contract/core';
import { participantLabel } from './participants.js';

/**
 * The wire format gives scores without a scale. Scores that all lie within -1..1 are drawn on
 * that scale; otherwise on 0..100 (-100..100 with negatives), as NICE's own tools show them,
 * widened to fit any value beyond it instead of clipping.
 */
export interface ScoreDomain {
  min: number;
  max: number;
}

export function modelValues(model: ModelScore): number[] {
  return [
    model.score,
    model.minScore,
    model.maxScore,
    model.quartile1,
    model.quartile2,
    model.quartile3,
    model.quartile4,
  ];
}

export function scoreDomain(models: readonly ModelScore[]): ScoreDomain {
  const values = models.flatMap(modelValues).filter(Number.isFinite);
  if (values.length > 0 && values.every((v) => v >= -1 && v <= 1) && values.some((v) => v !== 0)) {
    return { min: values.some((v) => v < 0) ? -1 : 0, max: 1 };
  }
  const lo = Math.min(0, ...values);
  const hi = Math.max(100, ...values);
  return { min: lo < 0 ? Math.min(-100, lo) : 0, max: hi };
}

export interface Band {
  label: string;
  meaning?: string;
  from: number;
  to: number;
}

/**
 * The bands a model's score is read against. Parley's own models carry them in the contract's
 * model catalogue (0–100); a model the catalog does not know (another ElevateAI-compatible service)
 * gets plain thirds of the chart's scale, labelled as such.
 */
export function bandsFor(modelName: string, domain: ScoreDomain): Band[] {
  const definition = findModelInfo(modelName);
  if (definition && domain.min >= 0 && domain.max <= 100) {
    let from = 0;
    return definition.bands.map((band) => {
      const result = { label: band.label, meaning: band.meaning, from, to: band.upTo };
      from = band.upTo;
      return result;
    });
  }
  const span = domain.max - domain.min;
  const a = domain.min + span / 3;
  const b = domain.min + (2 * span) / 3;
  return [
    { label: 'lower third', from: domain.min, to: a },
    { label: 'middle third', from: a, to: b },
    { label: 'upper third', from: b, to: domain.max },
  ];
}

/** Lower bound exclusive, upper inclusive, the first band including its lower end (as the catalog defines). */
export function bandOf(value: number, bands: readonly Band[]): Band | undefined {
  return bands.find((band) => value <= band.to) ?? bands[bands.length - 1];
}

export interface ScopedModel {
  scope: ParticipantScope;
  bundle: string;
  model: ModelScore;
}

const SCOPES: readonly ParticipantScope[] = ['participantOne', 'participantTwo', 'allParticipants'];

export function allModels(ai: AiResults): ScopedModel[] {
  return SCOPES.flatMap((scope) =>
    (ai[scope]?.enlightenBundles ?? []).flatMap((bundle) =>
      bundle.models.map((model) => ({ scope, bundle: bundle.name, model })),
    ),
  );
}

/** Sentiment models by name; the catalogue calls the overall one "Sentiment". */
export function sentimentModels(ai: AiResults): ScopedModel[] {
  return allModels(ai).filter((m) => /sentiment/i.test(m.model.name) || /sentiment/i.test(m.bundle));
}

/** The quartile steps as time spans: quartile n covers the n-th quarter of the interaction. */
export function quartileSteps(
  model: ModelScore,
  durationMs: number,
): { startMs: number; endMs: number; value: number }[] {
  const q = [model.quartile1, model.quartile2, model.quartile3, model.quartile4];
  return q.map((value, i) => ({ startMs: (durationMs * i) / 4, endMs: (durationMs * (i + 1)) / 4, value }));
}

/** The catalog's display title and description for a Parley model; the wire name otherwise. */
export function describeModel(name: string): { title: string; measures?: string } {
  const definition = findModelInfo(name);
  return definition ? { title: definition.title, measures: definition.measures } : { title: name };
}

/** Whose scores: a participant, or the interaction as a whole (allParticipants). */
export function scopeLabel(scope: ParticipantScope): string {
  return scope === 'allParticipants' ? 'Whole interaction' : participantLabel(scope);
}
