import { useState } from 'preact/hooks';
import type { Chat, TranscriptInput } from '@parley/client';
import type { DashboardApi, Options } from '../api.js';
import { errorMessageOf } from '../api.js';
import { keepAudio } from '../audioCache.js';
import { AudioDropzone, UploadJobList, type UploadJob } from '../components/UploadJobs.js';
import { JsonSourceInput, type JsonKind } from '../components/JsonSourceInput.js';
import { href, navigate } from '../router.js';
import { parseChat, parseTranscript } from '../inputs.js';

interface Props {
  api: DashboardApi;
  onUnauthorized: () => void;
}

type Kind = 'audio' | 'url' | JsonKind;

const KINDS: { value: Kind; label: string }[] = [
  { value: 'audio', label: 'Audio files' },
  { value: 'url', label: 'Audio URL' },
  { value: 'chat', label: 'Chat JSON' },
  { value: 'transcript', label: 'Transcript JSON' },
];

export function NewInteraction({ api, onUnauthorized }: Props) {
  const [kind, setKind] = useState<Kind>('audio');
  const [languageTag, setLanguageTag] = useState('en-us');
  const [includeAiResults, setIncludeAiResults] = useState(true);
  const [jobs, setJobs] = useState<UploadJob[]>([]);
  const [url, setUrl] = useState('');
  const [json, setJson] = useState('');
  const [jsonName, setJsonName] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const options: Options = { languageTag, includeAiResults };

  function fail(err: unknown) {
    if (api.isUnauthorized(err)) onUnauthorized();
    else setError(errorMessageOf(err));
  }

  function addFiles(list: FileList | null) {
    if (!list) return;
    const added = [...list].map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      file,
      loaded: 0,
      state: 'waiting' as const,
    }));
    setJobs((current) => [...current, ...added]);
  }

  const patchJob = (key: string, patch: Partial<UploadJob>) =>
    setJobs((current) => current.map((j) => (j.key === key ? { ...j, ...patch } : j)));

  async function uploadAll() {
    setBusy(true);
    setError(undefined);
    for (const job of jobs.filter((j) => j.state === 'waiting' || j.state === 'error')) {
      patchJob(job.key, { state: 'uploading', loaded: 0 });
      try {
        await api.declareAudioUpload(
          job.file,
          options,
          (id) => {
            keepAudio(id, job.file);
            patchJob(job.key, { id });
          },
          (progress) => patchJob(job.key, { loaded: progress.loaded }),
        );
        patchJob(job.key, { state: 'done' });
      } catch (err) {
        if (api.isUnauthorized(err)) {
          onUnauthorized();
          return;
        }
        patchJob(job.key, { state: 'error', error: errorMessageOf(err) });
      }
    }
    setBusy(false);
  }

  async function submitUrl() {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      setError('Enter a full URL, such as https://example.com/calls/0001.wav.');
      return;
    }
    setBusy(true);
    try {
      const id = await api.declareAudioUrl(parsed.href, options);
      navigate(href({ name: 'interaction', id }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function submitJson() {
    setBusy(true);
    try {
      if (kind === 'chat') {
        const chat: Chat = parseChat(json);
        const id = await api.declareChat(chat, options, jsonName);
        navigate(href({ name: 'interaction', id }));
      } else {
        const transcript: TranscriptInput = parseTranscript(json);
        const id = await api.declareTranscript(transcript, options, jsonName);
        navigate(href({ name: 'interaction', id }));
      }
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    if (kind === 'audio') {
      if (jobs.every((j) => j.state === 'done')) setError('Choose or drop at least one audio file first.');
      else await uploadAll();
    } else if (kind === 'url') await submitUrl();
    else await submitJson();
  }

  const pending = jobs.some((j) => j.state === 'waiting' || j.state === 'error');

  return (
    <main id="main">
      <div class="page-head">
        <h1>New interaction</h1>
      </div>
      <form class="panel new" onSubmit={submit} noValidate>
        <fieldset class="kinds">
          <legend>What are you sending?</legend>
          {KINDS.map((k) => (
            <label key={k.value} class={kind === k.value ? 'selected' : ''}>
              <input
                type="radio"
                name="kind"
                value={k.value}
                checked={kind === k.value}
                onChange={() => {
                  setKind(k.value);
                  setError(undefined);
                }}
              />
              {k.label}
            </label>
          ))}
        </fieldset>

        <div class="options">
          <label>
            Language
            <select value={languageTag} onChange={(e) => setLanguageTag(e.currentTarget.value)}>
              <option value="en-us">English (US) — en-us</option>
              <option value="en">English — en</option>
              <option value="es-419">Spanish (Latin America) — es-419</option>
              <option value="pt-br">Portuguese (Brazil) — pt-br</option>
              <option value="ja">Japanese — ja</option>
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={includeAiResults}
              onChange={(e) => setIncludeAiResults(e.currentTarget.checked)}
            />
            Include CX AI results
          </label>
        </div>

        {kind === 'audio' && (
          <>
            <AudioDropzone onFiles={addFiles} />
            <UploadJobList jobs={jobs} />
          </>
        )}

        {kind === 'url' && (
          <label class="block">
            Audio URL (downloadUri)
            <input
              type="url"
              inputMode="url"
              placeholder="https://example.com/calls/0001.wav"
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
            <span class="hint muted">
              The server downloads the file itself; it must be reachable from the server.
            </span>
          </label>
        )}

        {(kind === 'chat' || kind === 'transcript') && (
          <>
            <JsonSourceInput
              kind={kind}
              json={json}
              jsonName={jsonName}
              onJson={(text, name) => {
                setJson(text);
                setJsonName(name);
              }}
            />
          </>
        )}

        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="row">
          <button type="submit" class="primary" disabled={busy || (kind === 'audio' && !pending)}>
            {busy ? 'Sending…' : kind === 'audio' ? 'Upload' : 'Submit'}
          </button>
          <a href={href({ name: 'list' })}>Back to interactions</a>
        </div>
      </form>
    </main>
  );
}
