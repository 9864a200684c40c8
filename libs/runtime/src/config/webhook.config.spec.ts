import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app.config.js';
import { loadWebhookConfig, webhookConfigOf } from './webhook.config.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('webhook settings', () => {
  it('default to 10 attempts, no private targets, a 1 s first retry up to 5 min, a 10 s timeout', () => {
    expect(loadWebhookConfig({})).toEqual({
      webhookMaxAttempts: 10,
      webhookAllowPrivate: false,
      webhookRetryBaseMs: 1_000,
      webhookRetryMaxMs: 300_000,
      webhookTimeoutMs: 10_000,
    });
  });

  it('are read from the environment by loadConfig', () => {
    const config = loadConfig({
      AUTH_SECRET: SECRET,
      DATA_DIR: '/tmp/unused-webhook-config',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_ALLOW_PRIVATE: 'on',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '200',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    expect(config).toMatchObject({
      webhookMaxAttempts: 3,
      webhookAllowPrivate: true,
      webhookRetryBaseMs: 50,
      webhookRetryMaxMs: 200,
      webhookTimeoutMs: 2000,
    });
  });

  it.each([
    ['WEBHOOK_MAX_ATTEMPTS', '0'],
    ['WEBHOOK_MAX_ATTEMPTS', 'ten'],
    ['WEBHOOK_MAX_ATTEMPTS', '101'],
    ['WEBHOOK_ALLOW_PRIVATE', 'yes'],
    // API.md: the first retry comes within 5 s.
    ['WEBHOOK_RETRY_BASE_MS', '6000'],
    ['WEBHOOK_TIMEOUT_MS', '-1'],
  ])('refuse %s=%s', (name, value) => {
    expect(() => loadWebhookConfig({ [name]: value })).toThrow(ConfigError);
  });

  it('refuse a maximum delay below the first one', () => {
    expect(() => loadWebhookConfig({ WEBHOOK_RETRY_BASE_MS: '2000', WEBHOOK_RETRY_MAX_MS: '1000' })).toThrow(
      ConfigError,
    );
  });

  it('fill a configuration built by hand with the defaults', () => {
    expect(webhookConfigOf({ webhookMaxAttempts: 2 })).toMatchObject({
      webhookMaxAttempts: 2,
      webhookTimeoutMs: 10_000,
    });
  });
});
