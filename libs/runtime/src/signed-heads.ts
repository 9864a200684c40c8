/**
 * Where the signed chain heads are kept and which key signs them, as every process that
 * signs or checks heads (the API, `audit:verify`) reads them from the configuration.
 */
import {
  type AuditSigningKey,
  auditSigningKeyFromPem,
  type SignedHeadStoreConfig,
} from '@app/event-store';
import { resolveAuditSigningKey, type AppConfig } from './config/app.config.js';

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
export function auditSigningKeyOf(config: AppConfig): AuditSigningKey {
  return auditSigningKeyFromPem(
    config.auditSigningKey ?? resolveAuditSigningKey({}, { production: config.production, dataDir: config.dataDir }),
  );
}
