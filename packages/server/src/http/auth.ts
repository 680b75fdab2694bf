import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import type { Tenant, TenantStore } from '../store/types.js';
import { hashToken } from '../tenants/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | undefined;
  }
}

const KNOWN_TOKENS_CACHED = 10_000;
const KNOWN_TOKEN_TTL_MS = 60_000;

/**
 * Resolves `X-API-Token` (header names are case-insensitive on the wire) to its tenant. Known
 * tokens are remembered for a minute, which spares a query and a hash on every poll, so a token
 * removed from the database keeps working on a running server for up to that long; unknown ones
 * are always looked up, so a token created a moment ago works at once. The memory is this
 * process's only: it holds the tokens clients sent, as the requests themselves did.
 */
export function createAuthenticator(tenants: TenantStore) {
  const known = new Map<string, { tenant: Tenant; until: number }>();

  const remember = (token: string, tenant: Tenant) => {
    if (known.size >= KNOWN_TOKENS_CACHED) known.clear();
    known.set(token, { tenant, until: Date.now() + KNOWN_TOKEN_TTL_MS });
  };

  // A callback hook, so that a known token (nearly every request) costs no promise.
  return function authenticate(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: (error?: Error) => void,
  ): void {
    const header = request.headers['x-api-token'];
    const token = (Array.isArray(header) ? header[0] : header)?.trim();
    if (token === undefined || token === '') {
      done(
        new ApiError(
          'unauthorized',
          'Missing X-API-Token header. Send the API token of your account in X-API-Token.',
        ),
      );
      return;
    }
    const cached = known.get(token);
    if (cached !== undefined && cached.until > Date.now()) {
      request.tenant = cached.tenant;
      done();
      return;
    }
    tenants.findTenantByTokenHash(hashToken(token)).then(
      (tenant) => {
        if (tenant === undefined) {
          done(
            new ApiError(
              'unauthorized',
              'The X-API-Token is not valid on this server. Check the token, or ask the operator for one (npm run token -- create --name <name>).',
            ),
          );
          return;
        }
        remember(token, tenant);
        request.tenant = tenant;
        done();
      },
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

export function tenantOf(request: FastifyRequest): Tenant {
  if (request.tenant === undefined) throw new Error('route reached without authentication');
  return request.tenant;
}
