import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.js';
import { modelProgressReporter } from './model-progress.js';
import { startParley } from './start.js';

/** The process entry: configuration from the environment, listen, and stop cleanly on a signal. */
async function main(): Promise<void> {
  // `--role api|worker|all` overrides PARLEY_ROLE, for process managers that share one environment.
  const { values } = parseArgs({ args: process.argv.slice(2), options: { role: { type: 'string' } } });
  const env = values.role === undefined ? process.env : { ...process.env, PARLEY_ROLE: values.role };
  const server = await startParley({
    env,
    createTokenIfNone: true,
    fetchRecognizers: modelProgressReporter(),
    loadModelsInBackground: true,
  });
  if (server.createdToken !== undefined) {
    console.log(
      `No API token existed, so one was created. It is shown only this once; keep it:\n\n  ${server.createdToken}\n`,
    );
  }
  if (server.url !== '') {
    console.log(
      [
        `Parley listening on ${server.url}`,
        `  API base URL: ${server.url}/v1   (for the SDK, the parley CLI and ElevateAI clients)`,
        `  dashboard:    ${server.url}/app`,
        `  API docs:     ${server.url}/docs`,
        `  metrics:      ${server.metricsUrl}/metrics   (Prometheus; docs/metrics.md)`,
      ].join('\n'),
    );
  } else
    console.log(
      `Parley worker started (PARLEY_ROLE=worker)${server.metricsUrl === '' ? '' : `; metrics at ${server.metricsUrl}/metrics`}`,
    );

  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      console.error(`${signal} again: exiting without waiting for running jobs`);
      process.exit(1);
    }
    console.log(
      `${signal} received: finishing running jobs (up to ${server.config.shutdownGraceMs} ms), then exiting`,
    );
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Error while shutting down', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Parley could not start:', error);
  process.exit(1);
});
