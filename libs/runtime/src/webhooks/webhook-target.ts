/**
 * Where a webhook may point: an http(s) URL without credentials and, unless private addresses
 * are allowed, a host whose every address is public. Checked at registration and again, on
 * the address actually connected to, at each delivery (webhook-sender.ts), so a name that
 * later resolves to a private address (DNS rebinding) is still refused.
 */
import { lookup } from 'node:dns/promises';
import { classifyAddress } from './address-policy.js';

/** Resolves a host name to all its addresses. */
export type HostResolver = (host: string) => Promise<readonly string[]>;

export const resolveHost: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Longest URL a webhook may have. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Why a URL is not a webhook target; undefined when it is one. Needs no network. */
export function webhookUrlProblem(url: string): string | undefined {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) return `at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https URLs';
  // Credentials in the URL would be shown in every listing and audit entry: the secret signs instead.
  if (parsed.username !== '' || parsed.password !== '') return 'no user name or password in the URL';
  if (parsed.hostname === '') return 'a host is required';
  return undefined;
}

/** The host of a URL as a resolver or classifier takes it (IPv6 without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Why the target's host is refused (a private or loopback address, or one it resolves to);
 * undefined when every address is public. A host that does not resolve is refused too.
 */
export async function privateTargetProblem(url: string, resolve: HostResolver): Promise<string | undefined> {
  const host = hostOf(new URL(url));
  const literal = classifyAddress(host);
  if (literal !== undefined) return literal === 'public' ? undefined : `${host} is a ${literal} address`;
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch {
    return `${host} does not resolve`;
  }
  if (addresses.length === 0) return `${host} does not resolve`;
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind !== 'public') return `${host} resolves to a ${kind ?? 'unknown'} address (${address})`;
  }
  return undefined;
}
