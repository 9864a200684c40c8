/**
 * Turns a bearer token into the principal it vouches for (exp, iat, issuer, audience and
 * province checked), or refuses it with 401.
 */
import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Actor } from '@app/domain';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { APP_CONFIG, type AppConfig } from '@app/runtime';
import { ApiError } from '../http/api.error.js';
import { ROLES, type Role } from './auth.decorators.js';
import { CLOCK, type Clock } from './clock.js';

const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Algorithms accepted from an external issuer; HS256 is only ever checked against our own secret. */
const ISSUER_ALGORITHMS = ['RS256', 'ES256'];
/** How far ahead of our clock an issuer's clock may run: a token issued later than that is refused. */
const MAX_ISSUED_AHEAD_MS = 60_000;
/** A province claim is a name, e.g. `Kiên Giang`. */
const MAX_PROVINCE_LENGTH = 100;
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
  private readonly audience?: string;
  /**
   * A client sends the same token with every request, and checking a signature costs more
   * than the rest of the edge: a token verified once is trusted until its `exp` (checked here,
   * against the injected clock, not by the cache).
   */
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: REMEMBERED_TOKENS });

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly now: Clock,
  ) {
    if (config.authSecret !== '') this.secret = new TextEncoder().encode(config.authSecret);
    if (config.jwksUrl !== undefined) this.issuerKeys = createRemoteJWKSet(new URL(config.jwksUrl));
    this.issuer = config.jwtIssuer;
    this.audience = config.jwtAudience;
  }

  async verify(token: string): Promise<Actor> {
    const now = this.now();
    // peek: the least recently verified token goes first, however often it was used since.
    const remembered = this.verified.peek(token);
    if (remembered !== undefined && remembered.expiresAt > now) return remembered.actor;
    this.verified.delete(token);

    const claims = await this.verifiedClaims(token, now);
    const actor = actorFromClaims(claims);
    // `exp` is required: every token accepted has one.
    this.verified.set(token, { actor, expiresAt: (claims.exp as number) * 1000 });
    return actor;
  }

  private async verifiedClaims(token: string, now: number): Promise<JWTPayload> {
    const payload = await this.signedClaims(token, now);
    // jose checks `iat` only against a maximum age; a token issued ahead of time is ours to refuse.
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now + MAX_ISSUED_AHEAD_MS) {
      throw ApiError.unauthenticated('the token is issued in the future');
    }
    return payload;
  }

  private async signedClaims(token: string, now: number): Promise<JWTPayload> {
    // A token without `exp` would never expire.
    const checks = { requiredClaims: ['exp'], currentDate: new Date(now) };
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256' && this.secret !== undefined) {
        return (await jwtVerify(token, this.secret, { ...checks, algorithms: ['HS256'] })).payload;
      }
      if (alg !== undefined && ISSUER_ALGORITHMS.includes(alg) && this.issuerKeys !== undefined) {
        const issued = await jwtVerify(token, this.issuerKeys, {
          ...checks,
          algorithms: ISSUER_ALGORITHMS,
          issuer: this.issuer,
          audience: this.audience,
        });
        return issued.payload;
      }
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw ApiError.unauthenticated('the token has expired');
      if (
        error instanceof errors.JWTClaimValidationFailed &&
        error.claim === 'exp' &&
        error.reason === 'missing'
      ) {
        throw ApiError.unauthenticated('the token has no expiry (exp)');
      }
      throw ApiError.unauthenticated('the token is not valid');
    }
    throw ApiError.unauthenticated('the token is signed with an algorithm this server does not accept');
  }
}

function actorFromClaims(claims: JWTPayload): Actor {
  const { sub, name, role, unit, province } = claims as {
    sub?: unknown;
    name?: unknown;
    role?: unknown;
    unit?: unknown;
    province?: unknown;
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
  if (
    province !== undefined &&
    (typeof province !== 'string' || province.trim() === '' || province.length > MAX_PROVINCE_LENGTH)
  ) {
    throw ApiError.unauthenticated('the token has an invalid province');
  }
  // A unit is scoped by its unit already; the province scopes the board and auditors.
  const scoped = province !== undefined && role !== 'unit';
  return {
    sub,
    role: role as Role,
    ...(name !== undefined ? { name } : {}),
    ...(role === 'unit' ? { unit: unit as string } : {}),
    ...(scoped ? { province: (province as string).normalize('NFC') } : {}),
  };
}
