import { useState } from 'preact/hooks';
import type { AiResults, ParticipantScope } from '@parley/client';
import { describeLine, evidenceFor, type AnalyticsEvidence, type EvidenceLine } from '../evidence.js';
import { formatDuration, formatScore } from '../format.js';
import { allModels, bandOf, bandsFor, describeModel, scoreDomain, scopeLabel } from '../scores.js';
import { ScoreLegend, ScoreTimeline } from './ScoreTimeline.js';

interface Props {
  ai: AiResults;
  durationMs: number;
  evidence?: AnalyticsEvidence | undefined;
}

const SCOPES: ParticipantScope[] = ['participantOne', 'participantTwo', 'allParticipants'];

/**
 * One card per CX AI bundle, for one participant at a time: each model's score and band, and its
 * course over the interaction (quartile steps, lowest and highest moments) as a sparkline.
 */
export function ScoreCards({ ai, durationMs, evidence }: Props) {
  const scopes = SCOPES.filter((scope) =>
    (ai[scope]?.enlightenBundles ?? []).some((b) => b.models.length > 0),
  );
  const [picked, setPicked] = useState<ParticipantScope | undefined>();
  const scope = picked !== undefined && scopes.includes(picked) ? picked : scopes[0];
  if (scope === undefined) {
    return (
      <p class="muted">
        No CX AI bundles in the results. Declare interactions with “Include CX AI results” to get them.
      </p>
    );
  }
  const domain = scoreDomain(allModels(ai).map((m) => m.model));
  const bundles = (ai[scope]?.enlightenBundles ?? []).filter((b) => b.models.length > 0);
  return (
    <div>
      {scopes.length > 1 && (
        <fieldset class="segmented">
          <legend class="visually-hidden">Whose scores</legend>
          {scopes.map((s) => (
            <label key={s} class={s === scope ? 'selected' : ''}>
              <input
                type="radio"
                name="cx-scope"
                value={s}
                checked={s === scope}
                onChange={() => setPicked(s)}
              />
              {scopeLabel(s)}
            </label>
          ))}
        </fieldset>
      )}
      <div class="cards">
        {bundles.map((bundle) => (
          <article class="card" key={bundle.name} aria-label={`${bundle.name}, ${scopeLabel(scope)}`}>
            <h3>
              {bundle.name} <span class="muted">· {scopeLabel(scope)}</span>
            </h3>
            <ul class="models">
              {bundle.models.map((model) => {
                const bands = bandsFor(model.name, domain);
                const band = bandOf(model.score, bands);
                const about = describeModel(model.name);
                return (
                  <li key={model.name}>
                    <div class="model-head">
                      <span class="model-name" title={about.measures}>
                        {about.title}
                      </span>
                      <span
                        class="score-chip"
                        title={evidenceTitle(band?.meaning, evidenceFor(evidence, scope, model.name))}
                      >
                        {formatScore(model.score)} · {band?.label}
                      </span>
                    </div>
                    <ScoreTimeline
                      model={model}
                      durationMs={durationMs}
                      domain={domain}
                      bands={bands}
                      tone={scope}
                      compact
                      title={`${about.title} for ${scopeLabel(scope)}`}
                    />
                  </li>
                );
              })}
            </ul>
          </article>
        ))}
      </div>
      <p class="hint muted">
        Each sparkline runs over the whole interaction ({formatDuration(durationMs)}); dotted lines mark its
        quarters. Hover a model’s name for what it measures
        {evidence ? ', and a score for the sentences behind it' : ''}.
      </p>
      <ScoreLegend />
    </div>
  );
}

/** The band's meaning, then the strongest sentences behind the score (when the server gives them). */
function evidenceTitle(
  meaning: string | undefined,
  lines: readonly EvidenceLine[] | undefined,
): string | undefined {
  if (lines === undefined) return meaning;
  const head = meaning ?? '';
  if (lines.length === 0) return `${head}\nNo sentence moved this score.`;
  return [head, ...lines.slice(0, 6).map((l) => describeLine(l, formatDuration))].join('\n');
}
