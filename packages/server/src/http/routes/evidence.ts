/**
 * GET /v1/interactions/{id}/evidence — a Parley extension: for each CX AI score, the sentences
 * that moved it. It sits beside /ai, whose ElevateAI wire format it leaves untouched, and is
 * recomputed from the stored (redacted) punctuated transcript, so it stores nothing new.
 */
import { AnalyticsEvidenceSchema, ErrorBodySchema, InteractionIdParamsSchema } from '@parley/contract';
import type { Engine } from '@parley/engine';
import { ApiError } from '../../errors/api-error.js';
import type { InteractionStore } from '../../store/types.js';
import { tenantOf } from '../auth.js';
import type { TypedApp } from '../typed-app.js';

export interface EvidenceRoutesDeps {
  interactions: InteractionStore;
  engine: Engine;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function evidenceRoutes(app: TypedApp, deps: EvidenceRoutesDeps): Promise<void> {
  const explain = deps.engine.explain?.bind(deps.engine);
  if (explain === undefined) return;
  app.get(
    '/interactions/:interactionId/evidence',
    {
      schema: {
        tags: ['interactions'],
        security: [{ apiToken: [] }],
        summary: 'The sentences behind each CX AI score (Parley extension)',
        params: InteractionIdParamsSchema,
        response: {
          200: AnalyticsEvidenceSchema,
          ...Object.fromEntries(
            [401, 404, 409].map((s) => [s, { ...ErrorBodySchema, description: 'Error' }]),
          ),
        },
      },
    },
    async (request) => {
      const raw = request.params.interactionId;
      const tenant = tenantOf(request).id;
      const found = GUID.test(raw)
        ? await deps.interactions.findForTenant(tenant, raw.toLowerCase())
        : undefined;
      if (found === undefined) {
        throw new ApiError('not_found', `No interaction ${raw.slice(0, 80)} exists for this API token.`);
      }
      if (found.status !== 'processed') {
        throw new ApiError(
          'results_not_ready',
          `Interaction ${found.id} is ${found.status}; its evidence is available once its status is processed.`,
        );
      }
      const results = await deps.interactions.findResults(tenant, found.id);
      if (results === undefined)
        throw new Error(`interaction ${found.id} is processed but has no stored results`);
      const durationMs = results.punctuated.sentenceSegments.reduce(
        (m, s) => Math.max(m, s.endTimeOffset),
        0,
      );
      return explain(results.punctuated, durationMs);
    },
  );
}
