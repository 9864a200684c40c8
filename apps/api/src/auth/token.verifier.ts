import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@app/domain';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { ApiError } from '../http/api.error.js';
import { ROLES, type Role } from './auth.decorators.js';

const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Algorithms accepted from an external issuer; HS256 is only ever checked against our own secret. */
const ISSUER_ALGORITHMS = ['RS256', 'ES256'];
/** Verified tokens remembered, least recently verified first out. */
const REMEMBERED_TOKENS = 10_000;

interface VerifiedToken {
  readonly actor: Actor;
  /** The token's `exp`, in milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Turns a bearer token into the principal it vouches for, or refuses it with 401. */
@Injectable()
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly issuerKeys?: JWTVerifyGetKey;
  private readonly issuer?: string;
  /**
   * A client sends the same token with every request, and checking a signature costs more
   * than the rest of the edge: a token verified once is trusted until its `exp`. Only tokens
   * with an expiry are remembered.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.authSecret !== '') this.secret = new TextEncoder().encode(config.authSecret);
    if (config.jwksUrl !== undefined) this.issuerKeys = createRemoteJWKSet(new URL(config.jwksUrl));
    this.issuer = config.jwtIssuer;
  }

  async verify(token: string): Promise<Actor> {
    const remembered = this.verified.get(token);
    if (remembered !== undefined && remembered.expiresAt > Date.now()) return remembered.actor;
    this.verified.delete(token);

    const claims = await this.verifiedClaims(token);
    const actor = actorFromClaims(claims);
    if (typeof claims.exp === 'number') {
      this.verified.set(token, { actor, expiresAt: claims.exp * 1000 });
      if (this.verified.size > REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    }
    return actor;
  }

  private async verifiedClaims(token: string): Promise<JWTPayload> {
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256' && this.secret !== undefined) {
        return (await jwtVerify(token, this.secret, { algorithms: ['HS256'] })).payload;
      }
      if (alg !== undefined && ISSUER_ALGORITHMS.includes(alg) && this.issuerKeys !== undefined) {
        return (
          await jwtVerify(token, this.issuerKeys, { algorithms: ISSUER_ALGORITHMS, issuer: this.issuer })
        ).payload;
      }
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw ApiError.unauthenticated('the token has expired');
      throw ApiError.unauthenticated('the token is not valid');
    }
    throw ApiError.unauthenticated('the token is signed with an algorithm this server does not accept');
  }
}

function actorFromClaims(claims: JWTPayload): Actor {
  const { sub, name, role, unit } = claims as {
    sub?: unknown;
    name?: unknown;
    role?: unknown;
    unit?: unknown;
  };
  if (typeof sub !== 'string' || sub === '' || sub.length > 200)
    throw ApiError.unauthenticated('the token has no subject');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw ApiError.unauthenticated('the token has no valid role');
  }
  if (name !== undefined && typeof name !== 'string')
    throw ApiError.unauthenticated('the token has an invalid name');
  if (role === 'unit' && (typeof unit !== 'string' || !UNIT_ID.test(unit))) {
    throw ApiError.unauthenticated('a unit token must name its unit');
  }
  return {
    sub,
    role: role as Role,
    ...(name !== undefined ? { name } : {}),
    ...(role === 'unit' ? { unit: unit as string } : {}),
  };
}
