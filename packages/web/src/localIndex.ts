import type { InteractionType } from '@parley/client';

/**
 * The interactions this browser declared, for servers without `GET /v1/interactions`. Kept per
 * token (by a hash, never the token itself) so two tenants on one browser do not see each
 * other's ids.
 */
export interface LocalRecord {
  id: string;
  type: InteractionType;
  declared: string;
  name?: string;
}

function hash(text: string): string {
  // FNV-1a: enough to tell tokens apart in a storage key; not a secret.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

function key(token: string): string {
  return `parley.interactions.${hash(token)}`;
}

export function readLocal(token: string): LocalRecord[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(token)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as LocalRecord[]).filter((r) => typeof r?.id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberLocal(token: string, record: LocalRecord): void {
  const records = readLocal(token).filter((r) => r.id !== record.id);
  records.unshift(record);
  localStorage.setItem(key(token), JSON.stringify(records.slice(0, 500)));
}

export function forgetLocal(token: string, id: string): void {
  localStorage.setItem(key(token), JSON.stringify(readLocal(token).filter((r) => r.id !== id)));
}

const DURATIONS = 'parley.durations';
const MAX_DURATIONS = 2000;

/**
 * Durations learnt from results, by interaction id: the list endpoint does not carry them and
 * fetching every interaction's results on each visit would be wasteful.
 */
function readDurations(): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(DURATIONS) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function knownDuration(id: string): number | undefined {
  const value = readDurations()[id];
  return typeof value === 'number' ? value : undefined;
}

export function rememberDuration(id: string, durationMs: number): void {
  const entries = Object.entries(readDurations()).filter(([key]) => key !== id);
  entries.push([id, durationMs]);
  localStorage.setItem(DURATIONS, JSON.stringify(Object.fromEntries(entries.slice(-MAX_DURATIONS))));
}
