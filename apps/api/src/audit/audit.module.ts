/** Signed chain heads: the key, the heads kept apart from the log, their signer and endpoints. */

import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AUDIT_SIGNING_KEY, createSignedHeadStore, SIGNED_HEAD_STORE, type SignedHeadStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig, auditSigningKeyOf, signedHeadStoreConfig } from '@app/runtime';
import { AUDIT_CLOCK, AuditHeadSigner } from './audit-head-signer.js';
import { GetAuditHeadController } from './get-audit-head/get-audit-head.controller.js';
import { GetAuditHeadHandler } from './get-audit-head/get-audit-head.handler.js';
import { GetAuditKeyController } from './get-audit-key/get-audit-key.controller.js';
import { GetAuditKeyHandler } from './get-audit-key/get-audit-key.handler.js';

const controllers = [GetAuditKeyController, GetAuditHeadController];
const queryHandlers = [GetAuditKeyHandler, GetAuditHeadHandler];

@Global()
@Module({
  controllers,
  providers: [
    { provide: AUDIT_SIGNING_KEY, useFactory: auditSigningKeyOf, inject: [APP_CONFIG] },
    {
      provide: SIGNED_HEAD_STORE,
      useFactory: (config: AppConfig) => createSignedHeadStore(signedHeadStoreConfig(config)),
      inject: [APP_CONFIG],
    },
    { provide: AUDIT_CLOCK, useValue: () => new Date() },
    AuditHeadSigner,
    ...queryHandlers,
  ],
  exports: [AUDIT_SIGNING_KEY, SIGNED_HEAD_STORE],
})
export class AuditModule implements OnApplicationShutdown {
  constructor(@Inject(SIGNED_HEAD_STORE) private readonly heads: SignedHeadStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.heads.close();
  }
}
