/** The signature a receiver checks: HMAC-SHA256 of the raw body with the webhook's secret. */
import { createHmac } from 'node:crypto';

/** The value of `X-Signature-256`: `sha256=<lowercase hex>`. */
export function webhookSignature(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
