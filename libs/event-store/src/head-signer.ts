/**
 * Signs the log's new heads. Before signing it checks that the log still extends the last
 * signed head (the same hash at that position, every later event chained to it), so a log that
 * was cut, rewritten or swapped never gets a fresh signature: the signer refuses and reports
 * why, and keeps refusing until the log is restored.
 */
import type { ChainLinkAt, ChainPoint, EventStore } from './event-store.port.js';
import { headSignatureValid, signHead, type AuditSigningKey, type SignedHead, type SignedHeadStore } from './signed-head.js';

/** A head is signed at least every this many events, even in a burst. */
export const HEAD_EVERY_EVENTS = 1000;

export interface HeadSignerOptions {
  readonly store: EventStore;
  readonly heads: SignedHeadStore;
  readonly key: AuditSigningKey;
  /** Stamps `signedAt`. */
  readonly now: () => Date;
  /** Hears each refusal once (until the next success). */
  readonly refused: (why: string) => void;
}

export class HeadSigner {
  private lastRefusal?: string;

  constructor(private readonly options: HeadSignerOptions) {}

  /** Signs the heads the log gained since the last signed one; answers them (none when refused). */
  async signNewHeads(): Promise<SignedHead[]> {
    const { store, heads, key, now } = this.options;
    const last = await heads.latest();
    if (last !== undefined && !headSignatureValid(last, key.publicKey)) {
      return this.refuse(`the last signed head (position ${last.position}) does not verify with this server's key ${key.keyId}`);
    }
    const headPosition = await store.headPosition();
    const from: ChainPoint | undefined = last && { position: last.position, hash: last.hash };
    if (from !== undefined && headPosition === from.position) return this.signed([]);
    if (from !== undefined && headPosition < from.position) {
      return this.refuse(`the log ends at position ${headPosition}, before the signed head at ${from.position}`);
    }
    const keep: number[] = [];
    for (let position = (from?.position ?? 0) + HEAD_EVERY_EVENTS; position < headPosition; position += HEAD_EVERY_EVENTS) {
      keep.push(position);
    }
    const walk = await store.verifyIntegrity({ from, keep });
    if (!walk.ok) {
      return this.refuse(`the log no longer extends the signed head at position ${from?.position ?? 0}: ${walk.reason} at ${walk.brokenAt}`);
    }
    const links = [...walk.links.values()]
      .filter((link: ChainLinkAt) => link.position > (from?.position ?? 0))
      .sort((a, b) => a.position - b.position);
    const signed: SignedHead[] = [];
    for (const link of links) {
      const head = signHead(link, key, now());
      await heads.append(head);
      signed.push(head);
    }
    return this.signed(signed);
  }

  private signed(heads: SignedHead[]): SignedHead[] {
    this.lastRefusal = undefined;
    return heads;
  }

  private refuse(why: string): SignedHead[] {
    if (why !== this.lastRefusal) this.options.refused(`refusing to sign the log's head: ${why}`);
    this.lastRefusal = why;
    return [];
  }
}
