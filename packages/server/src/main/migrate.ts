import { loadConfig, ConfigError } from '../config/config.js';
import { openBackends } from './backends.js';

/**
 * Brings the database to the latest schema (Parley's tables and, on PostgreSQL, the job queue's)
 * and exits. Servers also migrate when they start, under the same advisory lock, so running this
 * first is optional: it lets a deployment migrate once before rolling out new processes.
 */
async function main(): Promise<void> {
  const { config } = loadConfig(process.env);
  const backends = await openBackends(config, {
    env: process.env,
    owner: `migrate-${process.pid}`,
    onQueueError: (error, context) => console.error(`${context}:`, error.message),
  });
  await backends.close();
  console.log(
    config.databaseUrl === undefined
      ? `SQLite database under ${config.dataDir} is up to date`
      : 'PostgreSQL schema is up to date',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
