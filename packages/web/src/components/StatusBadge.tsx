import { statusLabel, statusTone } from '../status.js';

export function StatusBadge({ status }: { status: string | undefined }) {
  const tone = statusTone(status);
  return (
    <span class={`status status-${tone}`} data-status={status ?? 'unknown'}>
      {tone === 'busy' && <span class="spinner" aria-hidden="true" />}
      {statusLabel(status)}
    </span>
  );
}
