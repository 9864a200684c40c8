/**
 * The webhooks' settings: WEBHOOK_MAX_ATTEMPTS, WEBHOOK_ALLOW_PRIVATE, the retry schedule
 * (WEBHOOK_RETRY_BASE_MS, WEBHOOK_RETRY_MAX_MS) and the request timeout (WEBHOOK_TIMEOUT_MS).
 */
import { ConfigError, type Environment } from './app.config.js';

export interface WebhookConfig {
  /** Attempts of one delivery before it is `failed` (default 10). */
  readonly webhookMaxAttempts: number;
  /** Allow loopback and private targets in production (WEBHOOK_ALLOW_PRIVATE=on). */
  readonly webhookAllowPrivate: boolean;
  /** Delay before the first retry, doubled after each failure (default 1000 ms). */
  readonly webhookRetryBaseMs: number;
  /** Longest delay between two attempts (default 300000 ms). */
  readonly webhookRetryMaxMs: number;
  /** How long one delivery may take (default 10000 ms). */
  readonly webhookTimeoutMs: number;
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  webhookMaxAttempts: 10,
  webhookAllowPrivate: false,
  webhookRetryBaseMs: 1_000,
  webhookRetryMaxMs: 300_000,
  webhookTimeoutMs: 10_000,
};

export function loadWebhookConfig(env: Environment): WebhookConfig {
  const base = whole(env, 'WEBHOOK_RETRY_BASE_MS', DEFAULT_WEBHOOK_CONFIG.webhookRetryBaseMs, 1, 5_000);
  return {
    webhookMaxAttempts: whole(env, 'WEBHOOK_MAX_ATTEMPTS', DEFAULT_WEBHOOK_CONFIG.webhookMaxAttempts, 1, 100),
    webhookAllowPrivate: onOff(env, 'WEBHOOK_ALLOW_PRIVATE'),
    webhookRetryBaseMs: base,
    webhookRetryMaxMs: whole(
      env,
      'WEBHOOK_RETRY_MAX_MS',
      Math.max(DEFAULT_WEBHOOK_CONFIG.webhookRetryMaxMs, base),
      base,
      86_400_000,
    ),
    webhookTimeoutMs: whole(env, 'WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOK_CONFIG.webhookTimeoutMs, 100, 120_000),
  };
}

/** A configuration built by hand (specs) may leave the webhook settings out: the defaults apply. */
export function webhookConfigOf(config: Partial<WebhookConfig>): WebhookConfig {
  return { ...DEFAULT_WEBHOOK_CONFIG, ...config };
}

function whole(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const parsed = /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max))
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  return parsed;
}

function onOff(env: Environment, name: string): boolean {
  const value = env[name]?.trim();
  if (value === undefined || value === '' || value === 'off') return false;
  if (value === 'on') return true;
  throw new ConfigError(`${name} must be on or off, got ${value}`);
}
