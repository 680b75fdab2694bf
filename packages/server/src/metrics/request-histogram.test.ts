import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { REQUEST_BUCKETS } from './metrics.js';
import { RequestHistogram } from './request-histogram.js';

const NAME = 'test_request_duration_seconds';
const HELP = 'Requests.';

/** Observations that land on bucket bounds, between them, below the first and above the last. */
const OBSERVATIONS: Array<[string, string, number, number]> = [
  ['GET', '/v1/interactions/:interactionId/status', 200, 0.0004],
  ['GET', '/v1/interactions/:interactionId/status', 200, 0.001],
  ['GET', '/v1/interactions/:interactionId/status', 200, 0.0031],
  ['GET', '/v1/interactions/:interactionId/status', 404, 0.002],
  ['POST', '/v1/interactions', 201, 0.25],
  ['POST', '/v1/interactions/:interactionId/upload', 201, 42],
  ['GET', 'unmatched', 404, 0.01],
  ['GET', '/v1/interactions/:interactionId/status', 200, 30],
];

function registries() {
  const reference = new Registry();
  const fast = new Registry();
  for (const registry of [reference, fast]) registry.setDefaultLabels({ role: 'all' });
  const histogram = new Histogram({
    name: NAME,
    help: HELP,
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [reference],
  });
  const requests = new RequestHistogram(NAME, HELP, REQUEST_BUCKETS);
  requests.register(fast);
  for (const [method, route, status, seconds] of OBSERVATIONS) {
    histogram.observe({ method, route, status_code: status }, seconds);
    requests.observe(method, route, status, seconds);
  }
  return { reference, fast };
}

describe('RequestHistogram', () => {
  it("writes exactly the exposition prom-client's own Histogram writes for the same observations", async () => {
    const { reference, fast } = registries();
    const expected = await reference.metrics();
    expect(expected).toMatch(/status_code="404"/u);
    expect(await fast.metrics()).toBe(expected);
  });

  it('gives the same JSON, and resets', async () => {
    const { reference, fast } = registries();
    // prom-client adds an empty `exemplar` to each value; exemplars are not used here.
    const withoutExemplars = (await reference.getMetricsAsJSON()).map((metric) => ({
      ...metric,
      values: metric.values.map((value) => {
        const { exemplar: _unused, ...rest } = value as typeof value & { exemplar?: unknown };
        return rest;
      }),
    }));
    expect(await fast.getMetricsAsJSON()).toEqual(withoutExemplars);
    fast.resetMetrics();
    reference.resetMetrics();
    expect(await fast.metrics()).toBe(await reference.metrics());
  });
});
