import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  AUDIT_SIGNING_KEY,
  auditSigningKeyFromPem,
  createSignedHeadStore,
  SIGNED_HEAD_STORE,
  type SignedHeadStore,
  type SignedHeadStoreConfig,
} from '@app/event-store';
import { APP_CONFIG, resolveAuditSigningKey, type AppConfig } from '../config/app.config.js';
import { AUDIT_CLOCK, AuditHeadSigner } from './audit-head-signer.js';
import { GetAuditHeadController } from './get-audit-head/get-audit-head.controller.js';
import { GetAuditHeadHandler } from './get-audit-head/get-audit-head.handler.js';
import { GetAuditKeyController } from './get-audit-key/get-audit-key.controller.js';
import { GetAuditKeyHandler } from './get-audit-key/get-audit-key.handler.js';

/**
 * The embedded store keeps its heads in a file of its own beside the log; the server stores
 * keep them in PostgreSQL (a schema of its own) when DATABASE_URL is set, else in DATA_DIR.
 */
export function signedHeadStoreConfig(config: AppConfig): SignedHeadStoreConfig {
  if (config.eventStore !== 'sqlite' && config.databaseUrl !== undefined) {
    return { kind: 'postgres', connectionString: config.databaseUrl };
  }
  return { kind: 'sqlite', dataDir: config.dataDir };
}

/** The configured key; a configuration built by hand (tests) falls back to the one in DATA_DIR. */
function loadAuditSigningKey(config: AppConfig) {
  return auditSigningKeyFromPem(
    config.auditSigningKey ?? resolveAuditSigningKey({}, { production: config.production, dataDir: config.dataDir }),
  );
}

const controllers = [GetAuditKeyController, GetAuditHeadController];
const queryHandlers = [GetAuditKeyHandler, GetAuditHeadHandler];

/** Signed chain heads: the key, the heads kept apart from the log, their signer and endpoints. */
@Global()
@Module({
  controllers,
  providers: [
    { provide: AUDIT_SIGNING_KEY, useFactory: loadAuditSigningKey, inject: [APP_CONFIG] },
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
