import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { openStore } from './backends.js';
import { createTenantToken } from '../tenants/tokens.js';

const USAGE = `Usage: npm run token -- create --name <tenant name>

Creates a tenant with a new API token in the store the server uses (PARLEY_DATABASE_URL when
set, otherwise the SQLite file under PARLEY_DATA_DIR). The token is printed
once; only its hash is stored.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== 'create' || values.name === undefined || values.name.trim() === '') {
    console.error(USAGE);
    return 2;
  }
  const { config } = loadConfig(process.env);
  const { store, close } = await openStore(config);
  try {
    const { token, tenantId } = await createTenantToken(store.tenants, values.name.trim());
    console.log(
      `Created tenant ${tenantId} (${values.name.trim()}). Its API token, shown only this once:\n\n  ${token}\n`,
    );
  } finally {
    await close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
