import type { Metric, Registry } from 'prom-client';

interface Series {
  labels: { method: string; route: string; status_code: number };
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * The request histogram, kept for the hot path. prom-client's Histogram checks and hashes its
 * label object on every observation, which costs about as much as serialising a status answer;
 * here an observation is three map lookups and three additions, allocating nothing. At scrape time it
 * hands the registry the very values (names, labels, cumulative buckets, `+Inf`, `_sum`,
 * `_count`) a prom-client Histogram would, so the exposition is the same (request-histogram.test.ts).
 */
export class RequestHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** Every series, in the order first seen (the order prom-client's Histogram exposes them in). */
  private readonly series: Series[] = [];
  private readonly byRoute = new Map<string, Map<number, Map<string, Series>>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  /** Registers with a registry as any of its own metrics; it reads only name, the two getters and reset. */
  register(registry: Registry): void {
    // prom-client types registerMetric as its own classes; it needs only what this class has.
    registry.registerMetric(this as unknown as Metric);
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    // Keyed level by level rather than by a joined string: the route and method strings are the
    // same objects on every request, so each lookup reuses their cached hash and nothing is allocated.
    let byStatus = this.byRoute.get(route);
    if (byStatus === undefined) this.byRoute.set(route, (byStatus = new Map()));
    let byMethod = byStatus.get(statusCode);
    if (byMethod === undefined) byStatus.set(statusCode, (byMethod = new Map()));
    let series = byMethod.get(method);
    if (series === undefined) {
      series = {
        labels: { method, route, status_code: statusCode },
        counts: new Float64Array(this.buckets.length + 1),
        sum: 0,
        count: 0,
      };
      byMethod.set(method, series);
      this.series.push(series);
    }
    let slot = 0;
    while (slot < this.buckets.length && seconds > (this.buckets[slot] as number)) slot++;
    series.counts[slot] = (series.counts[slot] ?? 0) + 1;
    series.sum += seconds;
    series.count += 1;
  }

  /** What the registry writes the text exposition from: each series' labels kept apart, as prom-client does. */
  getForPromString() {
    const bucketName = `${this.name}_bucket`;
    const values: Array<{
      labels: Record<string, string | number>;
      sharedLabels: Series['labels'];
      value: number;
      metricName: string;
    }> = [];
    for (const series of this.series) {
      let cumulative = 0;
      this.buckets.forEach((le, slot) => {
        cumulative += series.counts[slot] ?? 0;
        values.push({
          labels: { le },
          sharedLabels: series.labels,
          value: cumulative,
          metricName: bucketName,
        });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: bucketName },
        { labels: {}, sharedLabels: series.labels, value: series.sum, metricName: `${this.name}_sum` },
        { labels: {}, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The same values with each series' labels merged in, as prom-client's getMetricsAsJSON expects. */
  get() {
    const exposed = this.getForPromString();
    return {
      ...exposed,
      values: exposed.values.map(({ labels, sharedLabels, value, metricName }) => ({
        labels: { ...labels, ...sharedLabels },
        value,
        metricName,
      })),
    };
  }

  reset(): void {
    this.series.length = 0;
    this.byRoute.clear();
  }
}
