import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { CLOCK, systemClock } from './clock.js';
import { TokenVerifier } from './token.verifier.js';

/** Authentication for every route (APP_CONFIG comes from the root module). */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    TokenVerifier,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
