import type { AiResults } from '@parley/client';
import { formatScore } from '../format.js';
import { bandOf, bandsFor, describeModel, scoreDomain, scopeLabel, sentimentModels } from '../scores.js';
import { ScoreLegend, ScoreTimeline } from './ScoreTimeline.js';

interface Props {
  ai: AiResults;
  durationMs: number;
}

/**
 * Sentiment per participant. The wire format has no per-sentence sentiment, only each model's
 * quartiles and extremes, so that is what is drawn.
 */
export function SentimentChart({ ai, durationMs }: Props) {
  const models = sentimentModels(ai);
  if (models.length === 0) {
    return <p class="muted">No sentiment model in the CX AI results for this interaction.</p>;
  }
  const domain = scoreDomain(models.map((m) => m.model));
  return (
    <div class="sentiment">
      {models.map(({ scope, bundle, model }) => {
        const bands = bandsFor(model.name, domain);
        return (
          <div class="sentiment-row" key={`${scope}/${bundle}/${model.name}`}>
            <h3>
              {scopeLabel(scope)} <span class="muted">· {describeModel(model.name).title}</span>{' '}
              <span class="score-chip">
                {formatScore(model.score)} · {bandOf(model.score, bands)?.label}
              </span>
            </h3>
            <ScoreTimeline
              model={model}
              durationMs={durationMs}
              domain={domain}
              bands={bands}
              tone={scope}
              title={`${scopeLabel(scope)} ${model.name}`}
            />
          </div>
        );
      })}
      <ScoreLegend />
    </div>
  );
}
