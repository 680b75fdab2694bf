import { useEffect, useRef, useState } from 'preact/hooks';
import { toSrt, toVtt } from '@parley/client';
import type { DeclaredInteraction, InteractionStatus } from '@parley/client';
import type { DashboardApi, Results } from '../api.js';
import { errorMessageOf } from '../api.js';
import { audioUrl, dropAudio } from '../audioCache.js';
import { downloadText } from '../download.js';
import { formatDateTime, formatDuration, interactionTitle } from '../format.js';
import { readLocal, rememberDuration } from '../localIndex.js';
import { href, navigate } from '../router.js';
import { isFailed, isTerminal } from '../status.js';
import { interactionDurationMs } from '../timeline.js';
import { ScoreCards } from '../components/ScoreCards.js';
import { SentimentChart } from '../components/SentimentChart.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { TranscriptLanes } from '../components/TranscriptLanes.js';
import { VoiceActivityChart } from '../components/VoiceActivityChart.js';

interface Props {
  api: DashboardApi;
  id: string;
  onUnauthorized: () => void;
}

const POLL_MS = 2000;

export function InteractionDetail({ api, id, onUnauthorized }: Props) {
  const [status, setStatus] = useState<InteractionStatus | undefined>();
  const [declared, setDeclared] = useState<DeclaredInteraction | undefined>();
  const [results, setResults] = useState<Results | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [currentMs, setCurrentMs] = useState<number | undefined>();
  const audio = useRef<HTMLAudioElement>(null);
  const local = readLocal(api.token).find((r) => r.id === id);
  const source = audioUrl(id);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (err: unknown) => {
      if (stopped) return;
      if (api.isUnauthorized(err)) onUnauthorized();
      else setError(errorMessageOf(err));
    };
    api.declared(id).then(
      (d) => !stopped && setDeclared(d),
      () => undefined,
    );
    async function poll() {
      try {
        const next = await api.status(id);
        if (stopped) return;
        setStatus(next);
        if (next.status === 'processed') {
          const loaded = await api.results(id);
          if (stopped) return;
          setResults(loaded);
          rememberDuration(id, interactionDurationMs(loaded.punctuated, loaded.ai));
        } else if (!isTerminal(next.status)) {
          timer = setTimeout(() => void poll(), POLL_MS);
        }
      } catch (err) {
        fail(err);
      }
    }
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, id, onUnauthorized]);

  const type = declared?.type ?? local?.type;
  const name = interactionTitle(id, type, local?.name);
  const durationMs = results ? interactionDurationMs(results.punctuated, results.ai) : undefined;

  function seek(ms: number) {
    const element = audio.current;
    if (!element) return;
    element.currentTime = ms / 1000;
    void element.play();
  }

  async function remove() {
    if (!confirm('Delete this interaction and all its results? This cannot be undone.')) return;
    try {
      await api.remove(id);
      dropAudio(id);
      navigate(href({ name: 'list' }));
    } catch (err) {
      if (api.isUnauthorized(err)) onUnauthorized();
      else setError(errorMessageOf(err));
    }
  }

  function exportAs(format: 'json' | 'srt' | 'vtt') {
    if (!results) return;
    if (format === 'json') {
      const document = { identifier: id, status, ...results };
      downloadText(`${id}.json`, `${JSON.stringify(document, null, 2)}\n`, 'application/json');
    } else if (format === 'srt') {
      downloadText(`${id}.srt`, toSrt(results.punctuated), 'application/x-subrip');
    } else {
      downloadText(`${id}.vtt`, toVtt(results.punctuated), 'text/vtt');
    }
  }

  return (
    <main id="main" class="detail">
      <p class="crumbs">
        <a href={href({ name: 'list' })}>Interactions</a> / <span>{name}</span>
      </p>
      <div class="page-head">
        <h1 class="title">{name}</h1>
        <StatusBadge status={status?.status} />
      </div>
      <dl class="facts">
        <div>
          <dt>Identifier</dt>
          <dd class="id">{id}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{type ?? '—'}</dd>
        </div>
        <div>
          <dt>Declared</dt>
          <dd>{formatDateTime(status?.declared)}</dd>
        </div>
        <div>
          <dt>Processed</dt>
          <dd>{formatDateTime(status?.processed)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(durationMs)}</dd>
        </div>
        {declared?.languageTag && (
          <div>
            <dt>Language</dt>
            <dd>{declared.languageTag}</dd>
          </div>
        )}
      </dl>

      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {status && isFailed(status.status) && (
        <div class="failure" role="alert">
          <h2>Processing did not finish</h2>
          <p>{status.errorMessage ?? 'The server gave no reason.'}</p>
        </div>
      )}
      {status && !isTerminal(status.status) && (
        <p class="notice" role="status">
          Working on it — this page updates by itself.
        </p>
      )}

      {results && (
        <>
          <div class="toolbar" role="group" aria-label="Export">
            <span class="muted">Export</span>
            <button type="button" onClick={() => exportAs('json')}>
              JSON
            </button>
            <button type="button" onClick={() => exportAs('srt')}>
              SRT
            </button>
            <button type="button" onClick={() => exportAs('vtt')}>
              WebVTT
            </button>
          </div>

          {type !== 'chat' && type !== 'transcript' && (
            <section aria-labelledby="audio-h" class="section">
              <h2 id="audio-h">Audio</h2>
              {source ? (
                <>
                  <audio
                    ref={audio}
                    controls
                    src={source}
                    preload="metadata"
                    onTimeUpdate={(e) => setCurrentMs(e.currentTarget.currentTime * 1000)}
                  />
                  <p class="hint muted">Click a sentence to play from there.</p>
                </>
              ) : (
                <p class="notice">
                  Playback is not available: the server deletes source audio once it is processed, and this
                  browser session does not hold the file. Upload from this tab to listen along.
                </p>
              )}
            </section>
          )}

          <section aria-labelledby="transcript-h" class="section">
            <h2 id="transcript-h">Transcript</h2>
            <TranscriptLanes
              punctuated={results.punctuated}
              onSeek={source ? seek : undefined}
              currentMs={currentMs}
            />
          </section>

          <section aria-labelledby="voice-h" class="section">
            <h2 id="voice-h">Voice activity</h2>
            <VoiceActivityChart ai={results.ai} durationMs={durationMs ?? 0} />
          </section>

          <section aria-labelledby="sentiment-h" class="section">
            <h2 id="sentiment-h">Sentiment</h2>
            <SentimentChart ai={results.ai} durationMs={durationMs ?? 0} />
          </section>

          <section aria-labelledby="cxai-h" class="section">
            <h2 id="cxai-h">CX AI</h2>
            <ScoreCards ai={results.ai} durationMs={durationMs ?? 0} evidence={results.evidence} />
          </section>
        </>
      )}

      <div class="danger-zone">
        <button type="button" class="danger" onClick={() => void remove()}>
          Delete interaction
        </button>
      </div>
    </main>
  );
}
