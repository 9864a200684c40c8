import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ChainLinkAt, ChainWalk, EventStore, VerifyIntegrityOptions } from './event-store.port.js';
import { auditSigningKeyFromPem, type SignedHead, type SignedHeadRead, signHead } from './signed-head.js';
import { verifySpans } from './signed-spans.js';

const newKey = () =>
  auditSigningKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
const key = newKey();
const signedAt = new Date('2018-01-12T09:00:00.000Z');
const link = (position: number): ChainLinkAt => ({
  position,
  hash: position.toString(16).padStart(64, '0'),
  recordedAt: '2018-01-12T08:30:00.000Z',
});

/** A log of `length` intact events that records the walks asked of it (the chain is the fake's: every link is `link`). */
function intactLog(length: number) {
  const walks: VerifyIntegrityOptions[] = [];
  const store = {
    verifyIntegrity: async (options: VerifyIntegrityOptions = {}): Promise<ChainWalk> => {
      walks.push(options);
      const from = options.from?.position ?? 0;
      const through = Math.min(options.through ?? length, length);
      const kept = [...(options.keep ?? [])].filter((p) => p > from && p <= through);
      const links = new Map(kept.map((p): [number, ChainLinkAt] => [p, link(p)]));
      return {
        ok: true,
        checked: through - from,
        head: { position: through, hash: link(through).hash },
        links,
      };
    },
  } as unknown as EventStore;
  return { store, walks };
}

/** Heads kept in memory, counting what each read hands out. */
function keptHeads(heads: readonly SignedHead[]) {
  const sorted = [...heads].sort((a, b) => a.position - b.position);
  const reads: { options: SignedHeadRead; answered: number }[] = [];
  return {
    reads,
    read: async (options: SignedHeadRead): Promise<SignedHead[]> => {
      const answer =
        options.direction === 'forwards'
          ? sorted.filter((head) => head.position >= options.from).slice(0, options.maxCount)
          : sorted
              .filter((head) => head.position <= options.from)
              .reverse()
              .slice(0, options.maxCount);
      reads.push({ options, answered: answer.length });
      return answer;
    },
  };
}

/** A head every 1,000 events through `length`. */
const headsEvery1000 = (length: number): SignedHead[] =>
  Array.from({ length: Math.floor(length / 1000) }, (_, n) => signHead(link((n + 1) * 1000), key, signedAt));

describe('verifySpans on a long log', () => {
  const length = 1_000_000;
  const heads = headsEvery1000(length);

  it('reads only the signed heads around the positions, not every head of the log', async () => {
    const log = intactLog(length);
    const kept = keptHeads(heads);
    const check = await verifySpans(log.store, kept, key.publicKey, [500_400, 500_600], [500_600]);
    expect(check).toMatchObject({ ok: true, checked: 1000 });
    expect(check.ok && check.links.get(500_600)).toEqual(link(500_600));
    expect(log.walks).toEqual([
      { from: { position: 500_000, hash: link(500_000).hash }, through: 501_000, keep: [500_600, 501_000] },
    ]);
    // One head before the positions, one after: two reads of one head each.
    expect(kept.reads.reduce((sum, read) => sum + read.answered, 0)).toBe(2);
  });

  it('reads the heads between the first and the last position, and walks the spans that hold positions', async () => {
    const log = intactLog(length);
    const kept = keptHeads(heads);
    const check = await verifySpans(log.store, kept, key.publicKey, [10_500, 12_500, 900_500]);
    expect(check).toMatchObject({ ok: true, checked: 3000 });
    // 10,000–11,000 and 12,000–13,000 apart (11,000–12,000 holds none), then 900,000–901,000.
    expect(log.walks.map((walk) => [walk.from?.position, walk.through])).toEqual([
      [10_000, 11_000],
      [12_000, 13_000],
      [900_000, 901_000],
    ]);
    const answered = kept.reads.reduce((sum, read) => sum + read.answered, 0);
    expect(answered).toBeGreaterThanOrEqual(891);
    expect(answered).toBeLessThan(891 + 256);
  });

  it('passes over heads that do not verify, for the next ones out', async () => {
    const forged = (position: number) => ({ ...heads[0]!, position, hash: link(position).hash });
    const kept = keptHeads([
      ...heads.filter((head) => head.position !== 500_000 && head.position !== 501_000),
      forged(500_000),
      forged(501_000),
    ]);
    const log = intactLog(length);
    expect(await verifySpans(log.store, kept, key.publicKey, [500_400])).toMatchObject({
      ok: true,
      checked: 3000,
    });
    expect(log.walks.map((walk) => [walk.from?.position, walk.through])).toEqual([[499_000, 502_000]]);
  });

  it('walks from genesis before the first head, and to the log head after the last', async () => {
    const log = intactLog(length + 500);
    const kept = keptHeads(heads);
    expect(await verifySpans(log.store, kept, key.publicKey, [5, 1_000_200])).toMatchObject({
      ok: true,
      checked: 1000 + 500,
    });
    expect(log.walks.map((walk) => [walk.from?.position, walk.through])).toEqual([
      [undefined, 1000],
      [1_000_000, undefined],
    ]);
  });

  it('finds a signed head the log no longer holds as it signed it', async () => {
    const log = intactLog(length);
    const altered = heads.map((head) =>
      head.position === 3000 ? signHead({ ...link(3000), hash: 'f'.repeat(64) }, key, signedAt) : head,
    );
    expect(await verifySpans(log.store, keptHeads(altered), key.publicKey, [2500])).toMatchObject({
      ok: false,
      brokenAt: 3000,
      reason: 'head-mismatch',
    });
  });
});
