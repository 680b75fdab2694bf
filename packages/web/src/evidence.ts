/**
 * The sentences behind each CX AI score, from GET /v1/interactions/{id}/evidence (a Parley
 * extension beside /ai). Servers without it answer 404; the dashboard then shows scores alone.
 */
import type { ParticipantScope } from '@parley/client';
import type { EvidenceLine, AnalyticsEvidence as ServerEvidence } from '@parley/contract';

export type { EvidenceLine, ModelEvidence } from '@parley/contract';

/** What a server sends; one that scores fewer scopes may leave some out. */
export type AnalyticsEvidence = Partial<ServerEvidence>;

export async function fetchEvidence(
  origin: string,
  token: string,
  id: string,
): Promise<AnalyticsEvidence | undefined> {
  const response = await fetch(`${origin}/v1/interactions/${encodeURIComponent(id)}/evidence`, {
    headers: { 'x-api-token': token, accept: 'application/json' },
  });
  if (!response.ok) return undefined;
  return (await response.json()) as AnalyticsEvidence;
}

export function evidenceFor(
  evidence: AnalyticsEvidence | undefined,
  scope: ParticipantScope,
  model: string,
): EvidenceLine[] | undefined {
  return evidence?.[scope]?.find((m) => m.name === model)?.lines;
}

/** One line of a tooltip: "+ 0:42 I'm so sorry to hear that (sorry to hear)". */
export function describeLine(line: EvidenceLine, formatTime: (ms: number) => string): string {
  const sign = line.effect === 'for' ? '+' : '−';
  const cues = line.cues.length > 0 ? ` (${line.cues.join(', ')})` : '';
  return `${sign} ${formatTime(line.startTimeOffset)} ${line.text}${cues}`;
}
