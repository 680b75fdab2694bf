import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DashboardApi, InteractionRow } from '../api.js';
import { errorMessageOf } from '../api.js';
import { formatDateTime, formatDuration, interactionTitle } from '../format.js';
import { rememberDuration } from '../localIndex.js';
import { href } from '../router.js';
import { isFailed, isTerminal } from '../status.js';
import { interactionDurationMs } from '../timeline.js';
import { StatusBadge } from '../components/StatusBadge.js';

interface Props {
  api: DashboardApi;
  onUnauthorized: () => void;
}

type StatusFilter = 'all' | 'active' | 'processed' | 'failed';

const POLL_MS = 2000;
const DURATIONS_PER_VISIT = 25;

function matchesStatus(row: InteractionRow, filter: StatusFilter): boolean {
  switch (filter) {
    case 'active':
      return !isTerminal(row.status);
    case 'processed':
      return row.status === 'processed';
    case 'failed':
      return isFailed(row.status);
    default:
      return true;
  }
}

export function InteractionList({ api, onUnauthorized }: Props) {
  const [rows, setRows] = useState<InteractionRow[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');
  const [typeFilter, setTypeFilter] = useState('all');
  const [search, setSearch] = useState('');
  const rowsRef = useRef<InteractionRow[]>([]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const durationsAsked = new Set<string>();

    const publish = (next: InteractionRow[]) => {
      rowsRef.current = next;
      if (!stopped) setRows(next);
    };
    const update = (id: string, patch: Partial<InteractionRow>) =>
      publish(rowsRef.current.map((r) => (r.id === id ? { ...r, ...patch } : r)));

    async function refreshStatus(row: InteractionRow) {
      try {
        const status = await api.status(row.id);
        update(row.id, {
          status: status.status,
          declared: status.declared,
          processed: status.processed,
          errorMessage: status.errorMessage,
        });
        if (status.status === 'processed') await learnDuration(row);
      } catch (err) {
        if (api.isUnauthorized(err)) onUnauthorized();
        else update(row.id, { errorMessage: errorMessageOf(err) });
      }
    }

    /** Durations come from results; a few per visit, remembered, so a long list costs little. */
    async function learnDuration(row: InteractionRow) {
      if (
        row.durationMs !== undefined ||
        durationsAsked.size >= DURATIONS_PER_VISIT ||
        durationsAsked.has(row.id)
      )
        return;
      durationsAsked.add(row.id);
      const results = await api.results(row.id);
      const durationMs = interactionDurationMs(results.punctuated, results.ai);
      update(row.id, { durationMs });
      rememberDuration(row.id, durationMs);
    }

    async function poll() {
      const pending = rowsRef.current.filter((r) => !isTerminal(r.status));
      // A few at a time: a tenant with hundreds of rows must not flood the server.
      for (let i = 0; i < pending.length && !stopped; i += 6) {
        await Promise.all(pending.slice(i, i + 6).map(refreshStatus));
      }
      if (!stopped && rowsRef.current.some((r) => !isTerminal(r.status))) timer = setTimeout(poll, POLL_MS);
    }

    api
      .list()
      .then(async (listed) => {
        publish(listed);
        for (const row of listed.filter((r) => r.status === 'processed' && r.durationMs === undefined)) {
          if (stopped) break;
          await learnDuration(row).catch(() => undefined);
        }
        return poll();
      })
      .catch((err: unknown) => {
        if (api.isUnauthorized(err)) onUnauthorized();
        else setError(`Could not load interactions: ${errorMessageOf(err)}`);
      });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, onUnauthorized]);

  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (rows ?? [])
      .filter((r) => matchesStatus(r, statusFilter))
      .filter((r) => typeFilter === 'all' || r.type === typeFilter)
      .filter(
        (r) =>
          !needle || r.id.toLowerCase().includes(needle) || (r.name ?? '').toLowerCase().includes(needle),
      )
      .sort((a, b) => (b.declared ?? '').localeCompare(a.declared ?? ''));
  }, [rows, statusFilter, typeFilter, search]);

  return (
    <main id="main">
      <div class="page-head">
        <h1>Interactions</h1>
        <a class="button primary" href={href({ name: 'new' })}>
          New interaction
        </a>
      </div>
      {api.listSource === 'browser' && (
        <p class="notice">
          This server does not list interactions, so this list shows the ones declared from this browser.
        </p>
      )}
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter interactions">
        <label>
          Status
          <select
            value={statusFilter}
            onChange={(e) => setStatusFilter(e.currentTarget.value as StatusFilter)}
          >
            <option value="all">All</option>
            <option value="active">In progress</option>
            <option value="processed">Processed</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <label>
          Type
          <select value={typeFilter} onChange={(e) => setTypeFilter(e.currentTarget.value)}>
            <option value="all">All</option>
            <option value="audio">Audio</option>
            <option value="chat">Chat</option>
            <option value="transcript">Transcript</option>
          </select>
        </label>
        <label class="grow">
          Search
          <input
            type="search"
            placeholder="Name or identifier"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rows === undefined && !error && <p class="muted">Loading…</p>}
      {rows !== undefined && rows.length > 0 && (
        <p class="muted summary" aria-live="polite">
          {visible.length === rows.length
            ? `${rows.length} interactions`
            : `${visible.length} of ${rows.length} shown`}
          {rows.some((r) => !isTerminal(r.status)) &&
            ` · ${rows.filter((r) => !isTerminal(r.status)).length} in progress, updating live`}
        </p>
      )}
      {rows !== undefined && rows.length === 0 && (
        <p class="empty">
          No interactions yet. <a href={href({ name: 'new' })}>Submit a recording, a chat or a transcript</a>.
        </p>
      )}
      {rows !== undefined && rows.length > 0 && (
        <table class="interactions">
          <caption class="visually-hidden">
            {visible.length} of {rows.length} interactions
          </caption>
          <thead>
            <tr>
              <th scope="col">Interaction</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={row.id} data-id={row.id}>
                <td data-label="Interaction">
                  <a href={href({ name: 'interaction', id: row.id })}>
                    {interactionTitle(row.id, row.type, row.name)}
                  </a>
                  <div class="id muted">{row.id}</div>
                </td>
                <td data-label="Type">{row.type ?? '—'}</td>
                <td data-label="Status">
                  <StatusBadge status={row.status} />
                  {isFailed(row.status) && row.errorMessage && (
                    <div class="row-error">{row.errorMessage}</div>
                  )}
                </td>
                <td data-label="Created">{formatDateTime(row.declared)}</td>
                <td data-label="Duration">{formatDuration(row.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows !== undefined && rows.length > 0 && visible.length === 0 && (
        <p class="muted">No interaction matches these filters.</p>
      )}
    </main>
  );
}
