/**
 * The load generator, on its own thread so that it does not share an event loop with the server
 * under test (it still shares the machine's cores, as wrk would).
 */
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';

export interface LoadOrder {
  url: string;
  seconds: number;
  connections: number;
  headers: Record<string, string>;
}

export interface LoadReport {
  latencies: number[];
  seconds: number;
  errors: number;
}

function get(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(order: LoadOrder): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: order.connections });
  const report: LoadReport = { latencies: [], seconds: 0, errors: 0 };
  const started = performance.now();
  const until = started + order.seconds * 1000;
  await Promise.all(
    Array.from({ length: order.connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const status = await get(agent, order.url, order.headers).catch(() => 0);
        report.latencies.push(performance.now() - t0);
        if (status !== 200) report.errors += 1;
      }
    }),
  );
  report.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return report;
}

parentPort?.on('message', (order: LoadOrder) => {
  void run(order).then((report) => parentPort?.postMessage(report));
});
