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
  const [opened, setOpened] = useState<string | undefined>();
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
                const lines = evidenceFor(evidence, scope, model.name);
                const key = `${scope}:${model.name}`;
                const open = opened === key;
                const chip = `${formatScore(model.score)} · ${band?.label ?? ''}`;
                return (
                  <li key={model.name}>
                    <div class="model-head">
                      <span class="model-name" title={about.measures}>
                        {about.title}
                      </span>
                      {lines === undefined ? (
                        <span class="score-chip" title={band?.meaning}>
                          {chip}
                        </span>
                      ) : (
                        <button
                          type="button"
                          class="score-chip evidence-toggle"
                          aria-expanded={open}
                          title={evidenceTitle(band?.meaning, lines)}
                          onClick={() => setOpened(open ? undefined : key)}
                        >
                          {chip}
                        </button>
                      )}
                    </div>
                    {open && lines !== undefined && <EvidenceList lines={lines} />}
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
        {evidence ? '; hover or click a score for the lines behind it' : ''}.
      </p>
      <ScoreLegend />
    </div>
  );
}

function evidenceTitle(meaning: string | undefined, lines: readonly EvidenceLine[]): string {
  const head = meaning ?? '';
  if (lines.length === 0) return `${head}\nNo sentence moved this score.`;
  return [head, ...lines.slice(0, 5).map((l) => describeLine(l, formatDuration))].join('\n');
}

/** The sentences behind one score: what each showed, when, and the words that decided it. */
function EvidenceList({ lines }: { lines: readonly EvidenceLine[] }) {
  if (lines.length === 0) return <p class="evidence muted">No sentence moved this score.</p>;
  return (
    <ol class="evidence">
      {lines.map((line, i) => (
        <li key={i} class={line.effect === 'for' ? 'for' : 'against'}>
          <span class="evidence-sign" aria-label={line.effect === 'for' ? 'raises' : 'lowers'}>
            {line.effect === 'for' ? '+' : '−'}
          </span>{' '}
          <span class="muted">{formatDuration(line.startTimeOffset)}</span> {line.text}
          {line.cues.length > 0 && <span class="muted"> ({line.cues.join(', ')})</span>}
        </li>
      ))}
    </ol>
  );
}
