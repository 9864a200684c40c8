/**
 * The principal of a request's bearer token, for the Fastify hooks that need it before Nest's
 * auth guard runs (the rate limit, idempotency). The guard still decides: a token that does not
 * verify gives no principal here and a 401 there.
 */
import type { Actor } from '@app/domain';
import type { FastifyRequest } from 'fastify';

const BEARER = /^Bearer\s+(\S+)$/i;

/** Turns a bearer token into its principal, or throws (the auth module's TokenVerifier). */
export interface PrincipalVerifier {
  verify(token: string): Promise<Actor>;
}

/** The principal of the `Authorization: Bearer` token, or undefined without one that verifies. */
export async function bearerPrincipal(
  request: FastifyRequest,
  verifier: PrincipalVerifier,
): Promise<Actor | undefined> {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (match === null) return undefined;
  try {
    return await verifier.verify(match[1]!);
  } catch {
    return undefined;
  }
}
