/**
 * POSTs one delivery. Outside private networks (production), the address connected to is
 * the address checked: the name is resolved once, in the socket's own lookup, and refused
 * when any of its addresses is not public (DNS rebinding cannot slip in between). Redirects
 * are not followed. A request that takes longer than the timeout is abandoned.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-policy.js';
import { hostOf } from './webhook-target.js';

export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** `ok` for a 2xx answer; otherwise why not (never a header or the body sent). */
export type WebhookResponse = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** Sends one delivery; never throws. */
export type WebhookSender = (request: WebhookRequest) => Promise<WebhookResponse>;

export interface HttpWebhookSenderOptions {
  readonly timeoutMs: number;
  /** Allow loopback and private addresses (outside production, or WEBHOOK_ALLOW_PRIVATE=on). */
  readonly allowPrivate: boolean;
  /** The resolver the socket uses (default: the system's); specs resolve names their own way. */
  readonly lookup?: typeof dnsLookup;
}

export function httpWebhookSender(options: HttpWebhookSenderOptions): WebhookSender {
  return (request) =>
    new Promise<WebhookResponse>((resolve) => {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return resolve({ ok: false, error: 'not a URL' });
      }
      if (!options.allowPrivate) {
        const literal = classifyAddress(hostOf(url));
        if (literal !== undefined && literal !== 'public') {
          return resolve({ ok: false, error: `refused: ${hostOf(url)} is a ${literal} address` });
        }
      }
      const client = url.protocol === 'https:' ? https : http;
      let settled = false;
      const settle = (response: WebhookResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(response);
      };
      const req = client.request(url, {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body).toString() },
        lookup: options.allowPrivate ? options.lookup : publicOnlyLookup(options.lookup ?? dnsLookup),
        // A fresh connection each time: a pooled one could outlive the address check of another delivery.
        agent: false,
      });
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        // The answer's body is not needed: read and dropped, so the socket can close.
        res.resume();
        res.on('end', () =>
          settle(status >= 200 && status < 300 ? { ok: true } : { ok: false, error: `HTTP ${status}` }),
        );
        res.on('error', (error) => settle({ ok: false, error: error.message }));
      });
      req.on('error', (error) => settle({ ok: false, error: error.message }));
      req.end(request.body);
    });
}

/** A socket lookup that fails unless every address of the name is public. */
export function publicOnlyLookup(resolve: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((entry) => classifyAddress(entry.address) !== 'public');
      if (refused !== undefined || addresses.length === 0) {
        const reason =
          refused === undefined
            ? 'no address'
            : `${classifyAddress(refused.address) ?? 'unknown'} address ${refused.address}`;
        return callback(
          Object.assign(new Error(`refused: ${hostname} resolves to a ${reason}`), { code: 'EREFUSED' }),
          '',
          0,
        );
      }
      if (options.all === true)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
