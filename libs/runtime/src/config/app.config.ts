/**
 * The configuration every process of the deployment reads from its environment (DATA_DIR,
 * EVENT_STORE, DATABASE_URL, the secrets, ...), checked once at start: a setting it cannot use
 * stops the process with a ConfigError.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadWebhookConfig, type WebhookConfig } from './webhook.config.js';

/** Injection token of the application's configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export type EventStoreKind = 'sqlite' | 'postgres' | 'eventstoredb';

export interface AppConfig {
  port: number;
  /** Folder of the embedded store, the generated secret and the API's own SQLite file. */
  dataDir: string;
  eventStore: EventStoreKind;
  databaseUrl?: string;
  eventStoreConnectionString?: string;
  /** HS256 secret; empty when only an external issuer (JWKS) is trusted. */
  authSecret: string;
  jwksUrl?: string;
  /** Required with `jwksUrl`: the issuer (`iss`) and audience (`aud`) every external token must name. */
  jwtIssuer?: string;
  jwtAudience?: string;
  projections: 'on' | 'off';
  /**
   * Where the embedded store runs its group commits (SQLITE_WRITER): `adaptive`, the default, a
   * group of one append on the event loop and larger groups in a writer thread of its own;
   * `thread`, every group in the thread; `inline`, every group on the event loop. Absent: `adaptive`.
   */
  sqliteWriter?: 'adaptive' | 'thread' | 'inline';
  production: boolean;
  /** Ed25519 private key (PKCS#8 PEM) that signs the chain heads; see resolveAuditSigningKey. */
  auditSigningKey?: string;
  /** The key (32 bytes, base64url) that seals the webhooks' secrets at rest; see resolveWebhookSecretsKey. */
  webhookSecretsKey?: string;
  /** Keys that sealed them before (WEBHOOK_SECRETS_PREVIOUS_KEYS, base64url): opened, then sealed again. */
  webhookSecretsPreviousKeys?: readonly string[];
  /** Requests per minute per principal (RATE_LIMIT_PER_MINUTE, default 1200); absent or 0: no limit. */
  rateLimitPerMinute?: number;
  /** How often the deadline process manager looks at the time (DEADLINE_TICK_MS); absent: the default. */
  deadlineTickMs?: number;
  /** The webhooks' settings (webhook.config.ts); a configuration built by hand may leave them out. */
  webhookMaxAttempts?: WebhookConfig['webhookMaxAttempts'];
  webhookAllowPrivate?: WebhookConfig['webhookAllowPrivate'];
  webhookRetryBaseMs?: WebhookConfig['webhookRetryBaseMs'];
  webhookRetryMaxMs?: WebhookConfig['webhookRetryMaxMs'];
  webhookTimeoutMs?: WebhookConfig['webhookTimeoutMs'];
  /** The web console's build to serve (WEB_DIR); absent: `dist/web` beside package.json. */
  webDir?: string;
  /** Port of the Prometheus `/metrics` listener (METRICS_PORT), apart from the API's; absent: none. */
  metricsPort?: number;
  /** pino's level for the JSON logs (LOG_LEVEL, default `info`). */
  logLevel?: LogLevelName;
}

/** DEADLINE_TICK_MS when unset. */
export const DEFAULT_DEADLINE_TICK_MS = 5000;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export type Environment = Readonly<Record<string, string | undefined>>;

/** The configuration could not be loaded; the process must not start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const EVENT_STORE_KINDS: readonly EventStoreKind[] = ['sqlite', 'postgres', 'eventstoredb'];
const AUTH_SECRET_FILE = 'auth-secret';
/** The webhook secrets key generated into DATA_DIR outside production. */
export const WEBHOOK_SECRETS_KEY_FILE = 'webhook-secrets-key';
/** HS256 needs at least 256 bits of key material to be worth anything. */
const MIN_SECRET_LENGTH = 32;

export function loadConfig(env: Environment = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR || './data');
  const eventStore = parseEventStoreKind(env.EVENT_STORE);
  const jwksUrl = nonEmpty(env.JWKS_URL);
  if (jwksUrl !== undefined) assertUrl('JWKS_URL', jwksUrl);
  const jwtIssuer = nonEmpty(env.JWT_ISSUER);
  const jwtAudience = nonEmpty(env.JWT_AUDIENCE);
  // Without both, any token the provider issues, for any application, would be accepted.
  if (jwksUrl !== undefined && (jwtIssuer === undefined || jwtAudience === undefined)) {
    throw new ConfigError('JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE: tokens are checked against both');
  }

  return {
    port: parsePort(env.PORT),
    dataDir,
    eventStore,
    databaseUrl: nonEmpty(env.DATABASE_URL),
    eventStoreConnectionString: nonEmpty(env.EVENTSTORE_CONNECTION_STRING),
    authSecret: resolveAuthSecret(env, { production, dataDir, externalIssuer: jwksUrl !== undefined }),
    jwksUrl,
    jwtIssuer,
    jwtAudience,
    projections: parseProjections(env.PROJECTIONS),
    sqliteWriter: parseSqliteWriter(env.SQLITE_WRITER),
    production,
    auditSigningKey: resolveAuditSigningKey(env, { production, dataDir }),
    webhookSecretsKey: resolveWebhookSecretsKey(env, { production, dataDir }),
    webhookSecretsPreviousKeys: parseWebhookSecretsPreviousKeys(env.WEBHOOK_SECRETS_PREVIOUS_KEYS),
    rateLimitPerMinute: parseRateLimit(env.RATE_LIMIT_PER_MINUTE),
    deadlineTickMs: parseDeadlineTick(env.DEADLINE_TICK_MS),
    ...loadWebhookConfig(env),
    webDir: nonEmpty(env.WEB_DIR),
    metricsPort: parseMetricsPort(env.METRICS_PORT),
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}

/**
 * The HS256 secret: AUTH_SECRET when set; in production nothing else (an external issuer may
 * replace it); elsewhere generated once into `<DATA_DIR>/auth-secret` so that the server and
 * the token CLI agree without any setup.
 */
export function resolveAuthSecret(
  env: Environment,
  options: { production: boolean; dataDir: string; externalIssuer: boolean },
): string {
  const explicit = nonEmpty(env.AUTH_SECRET);
  if (explicit !== undefined) {
    if (explicit.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return explicit;
  }
  if (options.production) {
    if (options.externalIssuer) return '';
    throw new ConfigError('NODE_ENV=production needs AUTH_SECRET or JWKS_URL; refusing to start');
  }
  return readOrCreateSecretFile(options.dataDir, AUTH_SECRET_FILE);
}

/**
 * The key that seals the webhooks' secrets in their store (webhook-secret-sealer.ts): 32 bytes
 * in base64 or base64url (`openssl rand -base64 32`) from WEBHOOK_SECRETS_KEY; in production
 * nothing else (a key generated beside the database would be copied along with it); elsewhere
 * generated once into `<DATA_DIR>/webhook-secrets-key`. Answered in base64url.
 */
export function resolveWebhookSecretsKey(
  env: Environment,
  options: { production: boolean; dataDir: string },
): string {
  const explicit = nonEmpty(env.WEBHOOK_SECRETS_KEY);
  if (explicit === undefined && options.production) {
    throw new ConfigError('NODE_ENV=production needs WEBHOOK_SECRETS_KEY; refusing to start');
  }
  const source =
    explicit === undefined ? join(options.dataDir, WEBHOOK_SECRETS_KEY_FILE) : 'WEBHOOK_SECRETS_KEY';
  return webhookKeyOf(explicit ?? readOrCreateSecretFile(options.dataDir, WEBHOOK_SECRETS_KEY_FILE), source);
}

/**
 * WEBHOOK_SECRETS_PREVIOUS_KEYS: the keys that sealed the webhooks' secrets before the current
 * one, comma-separated, each 32 bytes in base64 or base64url. A store seals the secrets they
 * sealed again under the current key when it opens; then they may be dropped.
 */
export function parseWebhookSecretsPreviousKeys(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value
    .split(',')
    .map((key, index) => webhookKeyOf(key.trim(), `WEBHOOK_SECRETS_PREVIOUS_KEYS (key ${index + 1})`));
}

/** A webhook secrets key in base64url, from its base64 or base64url text. */
function webhookKeyOf(text: string, source: string): string {
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    throw new ConfigError(`${source} must be 32 bytes in base64 or base64url (openssl rand -base64 32)`);
  }
  return Buffer.from(text, 'base64').toString('base64url');
}

/** The generated secret files of DATA_DIR (outside production): 32 random bytes in base64url. */
function readOrCreateSecretFile(dataDir: string, name: string): string {
  const path = join(dataDir, name);
  // The folder holds the secret: its owner alone may enter it (an existing one is left as it is).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails when the file exists, so two processes starting together keep one secret.
    writeFileSync(path, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${path} holds a secret shorter than ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0..65535, got ${value}`);
  return port;
}

function parseMetricsPort(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`METRICS_PORT must be 0..65535, got ${value}`);
  return port;
}

function parseLogLevel(value: string | undefined): LogLevelName {
  if (value === undefined || value.trim() === '') return 'info';
  const level = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${value}`);
  }
  return level as LogLevelName;
}

function parseEventStoreKind(value: string | undefined): EventStoreKind {
  if (value === undefined || value === '') return 'sqlite';
  if (!(EVENT_STORE_KINDS as readonly string[]).includes(value)) {
    throw new ConfigError(`EVENT_STORE must be one of ${EVENT_STORE_KINDS.join(', ')}, got ${value}`);
  }
  return value as EventStoreKind;
}

function parseRateLimit(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1200;
  if (!/^\d{1,9}$/.test(value.trim()))
    throw new ConfigError(`RATE_LIMIT_PER_MINUTE must be a whole number, got ${value}`);
  return Number(value.trim());
}

/** Milliseconds, 10 ms to 1 hour: a tick is a read of the log's new deadline events. */
function parseDeadlineTick(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_DEADLINE_TICK_MS;
  const ms = /^\d{1,7}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(ms >= 10 && ms <= 3_600_000)) {
    throw new ConfigError(
      `DEADLINE_TICK_MS must be a whole number of milliseconds from 10 to 3600000, got ${value}`,
    );
  }
  return ms;
}

function parseSqliteWriter(value: string | undefined): 'adaptive' | 'thread' | 'inline' {
  if (value === undefined || value === '' || value === 'adaptive') return 'adaptive';
  if (value === 'thread' || value === 'inline') return value;
  throw new ConfigError(`SQLITE_WRITER must be adaptive, thread or inline, got ${value}`);
}

function parseProjections(value: string | undefined): 'on' | 'off' {
  if (value === undefined || value === '' || value === 'on') return 'on';
  if (value === 'off') return 'off';
  throw new ConfigError(`PROJECTIONS must be on or off, got ${value}`);
}

function assertUrl(name: string, value: string): void {
  try {
    new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${value}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The Ed25519 key that signs the chain heads (PKCS#8 PEM): AUDIT_SIGNING_KEY when set; in
 * production nothing else; elsewhere generated once into `<DATA_DIR>/audit-signing-key` (0600,
 * created with 'wx' so that two processes starting together keep one key).
 */
export function resolveAuditSigningKey(
  env: Environment,
  options: { production: boolean; dataDir: string },
): string {
  const explicit = nonEmpty(env.AUDIT_SIGNING_KEY);
  const check = (pem: string, source: string): string => {
    let key;
    try {
      key = createPrivateKey(pem);
    } catch {
      throw new ConfigError(`${source} is not a PKCS#8 PEM private key`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`${source} must be an Ed25519 key`);
    return pem;
  };
  if (explicit !== undefined) return check(explicit.replace(/\\n/g, '\n').trim(), 'AUDIT_SIGNING_KEY');
  if (options.production)
    throw new ConfigError('NODE_ENV=production needs AUDIT_SIGNING_KEY; refusing to start');
  const path = join(options.dataDir, 'audit-signing-key');
  mkdirSync(options.dataDir, { recursive: true });
  try {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return check(readFileSync(path, 'utf8'), path);
}
