import { createHash, randomBytes } from 'node:crypto';
import type { TenantStore } from '../store/types.js';

/** Tokens are long random strings, so a fast hash is enough: there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token: 32 random bytes, URL-safe. */
export function generateToken(): string {
  return `prl_${randomBytes(32).toString('base64url')}`;
}

/**
 * Registers the tokens given in configuration. Each is its own tenant whose id derives from the
 * token's hash, so the same token keeps seeing the same interactions across restarts.
 */
export async function registerConfiguredTokens(
  tenants: TenantStore,
  tokens: readonly string[],
): Promise<void> {
  for (const token of tokens) {
    const hash = hashToken(token);
    const tenantId = `tenant-${hash.slice(0, 16)}`;
    await tenants.ensureTenant({ id: tenantId, name: `configured token ${hash.slice(0, 8)}` });
    await tenants.addToken({ hash, tenantId, name: 'PARLEY_API_TOKENS' });
  }
}

/** Creates a tenant with a fresh token and returns the token, which is stored only as a hash. */
export async function createTenantToken(
  tenants: TenantStore,
  name: string,
): Promise<{ token: string; tenantId: string }> {
  const token = generateToken();
  const hash = hashToken(token);
  const tenantId = `tenant-${hash.slice(0, 16)}`;
  await tenants.ensureTenant({ id: tenantId, name });
  await tenants.addToken({ hash, tenantId, name });
  return { token, tenantId };
}
