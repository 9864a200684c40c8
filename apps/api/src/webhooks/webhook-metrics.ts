/** The webhook outbox's metrics: its deliveries by status, read from the webhook store at scrape time. */
import type { WebhookStore } from '@app/runtime';
import type { ApiMetrics } from '../metrics/api-metrics.js';

export function registerWebhookMetrics(metrics: ApiMetrics, store: WebhookStore): void {
  metrics.addGauge({
    name: 'blocs_webhook_deliveries',
    help: 'Deliveries to the webhooks not removed, by status (pending: still to send; failed: given up)',
    labelNames: ['status'],
    read: async () =>
      (await store.countDeliveries()).map(({ status, count }) => ({ labels: { status }, value: count })),
  });
}
