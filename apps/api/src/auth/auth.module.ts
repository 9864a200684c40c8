/**
 * Authentication for every route, then the province scope of every route on one bloc (APP_CONFIG
 * and EVENT_STORE come from the root module).
 */

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { BlocProvinces } from './bloc-provinces.js';
import { CLOCK, systemClock } from './clock.js';
import { ProvinceScopeGuard } from './province-scope.guard.js';
import { TokenVerifier } from './token.verifier.js';

@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    TokenVerifier,
    BlocProvinces,
    // Global guards run in the order given: the province scope reads the actor AuthGuard sets.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ProvinceScopeGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
