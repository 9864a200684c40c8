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

/**
 * The principal a request's bearer token verified to, by request, with the token: the rate
 * limit's key and the idempotency hook verify it before the guard does, so the guard and the
 * hooks after the first need not look the token up again (see verifiedBefore).
 */
const verifiedThisRequest = new WeakMap<FastifyRequest, { readonly token: string; readonly actor: Actor }>();

/** The principal of the `Authorization: Bearer` token, or undefined without one that verifies. */
export async function bearerPrincipal(
  request: FastifyRequest,
  verifier: PrincipalVerifier,
): Promise<Actor | undefined> {
  const token = bearerToken(request);
  if (token === undefined) return undefined;
  const earlier = verifiedBefore(request, token);
  if (earlier !== undefined) return earlier;
  try {
    const actor = await verifier.verify(token);
    verifiedThisRequest.set(request, { token, actor });
    return actor;
  } catch {
    return undefined;
  }
}

/** The token of the request's `Authorization: Bearer` header, if it has one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return BEARER.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * The principal `token` verified to earlier in this request, if it did: a token is checked
 * against its `exp` once per request, not once per hook. Only a token that verified is
 * remembered, so a refusal is always the verifier's own, with its reason.
 */
export function verifiedBefore(request: FastifyRequest, token: string): Actor | undefined {
  const earlier = verifiedThisRequest.get(request);
  return earlier !== undefined && earlier.token === token ? earlier.actor : undefined;
}
