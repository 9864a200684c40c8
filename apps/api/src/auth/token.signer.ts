/** Signs an HS256 bearer token for a principal, as the server's own issuer (CLI, tests, bench). */

import type { Actor } from '@app/domain';
import { SignJWT } from 'jose';

export async function signToken(
  secret: string,
  actor: Actor,
  expiresIn: string | number = '8h',
): Promise<string> {
  const claims: Record<string, string> = { role: actor.role };
  if (actor.name !== undefined) claims.name = actor.name;
  if (actor.unit !== undefined) claims.unit = actor.unit;
  if (actor.province !== undefined) claims.province = actor.province;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
