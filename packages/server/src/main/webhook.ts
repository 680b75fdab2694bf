import { parseArgs } from 'node:util';
import { openStore } from './backends.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { checkCallbackUri } from '../http/routes/callback-uri.js';
import { hashToken } from '../tenants/tokens.js';
import { createWebhookSettingsStore } from '../webhooks/settings.js';

const USAGE = `Usage: npm run webhook -- (--tenant <tenant id> | --token <API token>) [--url <callback URL> | --clear] [--rotate-secret]

Shows a tenant's webhook settings (its default callback URL and signing secret), after setting
the URL, clearing it, or replacing the secret when asked. Tenants can do the same themselves with
GET and PUT /v1/webhook. Works on the store PARLEY_DATABASE_URL or PARLEY_DATA_DIR points at.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      tenant: { type: 'string' },
      token: { type: 'string' },
      url: { type: 'string' },
      clear: { type: 'boolean' },
      'rotate-secret': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const tenantId =
    values.tenant ??
    (values.token === undefined ? undefined : `tenant-${hashToken(values.token).slice(0, 16)}`);
  if (tenantId === undefined || (values.url !== undefined && values.clear === true)) {
    console.error(USAGE);
    return 2;
  }
  const { config } = loadConfig(process.env);
  const url =
    values.url === undefined ? undefined : checkCallbackUri(values.url, config.allowPrivateDownloads);
  const { db, close } = await openStore(config);
  try {
    const exists = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
    if (exists === undefined) {
      console.error(
        `No tenant ${tenantId} in this store. Tenant ids are printed by npm run token -- create.`,
      );
      return 1;
    }
    const settings = createWebhookSettingsStore(db);
    if (url !== undefined) await settings.setCallbackUri(tenantId, url);
    if (values.clear === true) await settings.setCallbackUri(tenantId, null);
    const result =
      values['rotate-secret'] === true ? await settings.rotateSecret(tenantId) : await settings.get(tenantId);
    console.log(
      `Tenant ${tenantId}\n  callback URL:   ${result.callbackUri ?? '(none)'}\n  signing secret: ${result.signingSecret}`,
    );
    return 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error,
    );
    process.exit(1);
  },
);
