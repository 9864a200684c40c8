/**
 * What signed heads must catch on every adapter with a global chain, as one parameterised
 * suite: truncation, a rewrite that recomputes every later hash with the public formula, a
 * log and heads built by another server, a saved head the log no longer holds. Each test gets
 * a fresh log and heads store, and tampers with the log's rows behind the store's back.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { canonicalJson } from '../canonical-json.js';
import type { EventStore, NewEvent } from '../event-store.port.js';
import { linkHash } from '../hash-chain.js';
import { HeadSigner } from '../head-signer.js';
import { verifySpans } from '../signed-spans.js';
import {
  auditSigningKeyFromPem,
  verifySignedLog,
  type AuditSigningKey,
  type SignedHeadStore,
} from '../signed-head.js';

export interface SignedLogFixture {
  readonly store: EventStore;
  readonly heads: SignedHeadStore;
  /** `DELETE FROM events WHERE position > ?`, behind the store's back. */
  deleteAfter(position: number): Promise<void>;
  /** Overwrites one row's data (canonical JSON text) and hash, behind the store's back. */
  overwrite(position: number, dataJson: string, hash: string): Promise<void>;
  /** Closes the stores and removes the test's data. */
  cleanup(): Promise<void>;
}

const metadata = {
  actor: { sub: 'board-officer', role: 'board' as const },
  correlationId: 'c',
  causationId: 'c',
};

function events(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, n) => ({
    id: randomUUID(),
    type: 'ScoreAwarded',
    data: { unitId: 'so-ldtbxh', points: 961.5, n },
    metadata,
  }));
}

function newKey(): AuditSigningKey {
  return auditSigningKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
}

export function describeSignedHeadsContract(name: string, open: () => Promise<SignedLogFixture>): void {
  describe(`signed chain heads: ${name}`, () => {
    let fixture: SignedLogFixture;
    let key: AuditSigningKey;
    let refusals: string[];
    let signer: HeadSigner;
    const clock = () => new Date('2018-01-12T09:00:00.000Z');

    beforeEach(async () => {
      fixture = await open();
      key = newKey();
      refusals = [];
      signer = new HeadSigner({
        store: fixture.store,
        heads: fixture.heads,
        key,
        now: clock,
        refused: (why) => refusals.push(why),
      });
      for (let i = 0; i < 4; i++)
        await fixture.store.append(`cycle-k4:2017:u${i % 2}`, events(3), { expectedRevision: 'any' });
      expect(await signer.signNewHeads()).toHaveLength(1);
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    const verify = (saved?: { position: number; hash: string }) =>
      verifySignedLog(fixture.store, fixture.heads, key.publicKey, saved);

    /** Alters the event at `position` and recomputes its hash and every later one with the public formula. */
    async function rewriteFrom(position: number): Promise<void> {
      const walk = await fixture.store.verifyIntegrity({ keep: [position - 1] });
      let previous = walk.links.get(position - 1)?.hash ?? '0'.repeat(64);
      for (const event of await fixture.store.readAll({ after: position - 1 })) {
        const data = event.position === position ? { unitId: 'so-vhtt', points: 1000 } : event.data;
        const dataJson = canonicalJson(data);
        previous = linkHash(previous, { ...event, dataJson, metadataJson: canonicalJson(event.metadata) });
        await fixture.overwrite(event.position, dataJson, previous);
      }
    }

    it('verifies an intact log with its signed head and answers the head', async () => {
      const head = await fixture.heads.latest();
      expect(head).toMatchObject({ position: 12, signedAt: '2018-01-12T09:00:00.000Z', keyId: key.keyId });
      expect(await verify()).toEqual({ ok: true, checked: 12, head: { position: 12, hash: head!.hash } });
      expect(await verify({ position: 12, hash: head!.hash })).toMatchObject({ ok: true });
    });

    it('detects the last 5 events truncated, and the signer refuses to sign the shorter log', async () => {
      await fixture.deleteAfter(7);
      expect(await verify()).toMatchObject({
        ok: false,
        reason: 'truncated',
        brokenAt: 8,
        head: { position: 7 },
      });
      expect(await signer.signNewHeads()).toEqual([]);
      expect(refusals).toHaveLength(1);
    });

    it('detects a truncated log that grew back to its old length', async () => {
      await fixture.deleteAfter(7);
      await fixture.store.append('cycle-k4:2017:u9', events(5), { expectedRevision: 'any' });
      expect(await verify()).toMatchObject({ ok: false, reason: 'head-mismatch', brokenAt: 12 });
      expect(await signer.signNewHeads()).toEqual([]);
    });

    it('detects an event altered with every later hash recomputed, and never signs the rewritten log', async () => {
      await rewriteFrom(4);
      expect(await fixture.store.verifyIntegrity()).toMatchObject({ ok: true });
      expect(await verify()).toMatchObject({ ok: false, reason: 'head-mismatch', brokenAt: 12 });
      await fixture.store.append('cycle-k4:2017:u0', events(2), { expectedRevision: 'any' });
      expect(await signer.signNewHeads()).toEqual([]);
      expect(refusals[0]).toMatch(/no longer extends the signed head at position 12/);
      expect((await fixture.heads.latest())?.position).toBe(12);
    });

    it('detects a log and heads built by another server with another key, and does not sign them', async () => {
      const elsewhere = await open();
      try {
        const otherKey = newKey();
        for (let i = 0; i < 4; i++)
          await elsewhere.store.append(`cycle-k4:2017:u${i % 2}`, events(3), { expectedRevision: 'any' });
        await new HeadSigner({
          store: elsewhere.store,
          heads: elsewhere.heads,
          key: otherKey,
          now: clock,
          refused: () => undefined,
        }).signNewHeads();
        expect(await verifySignedLog(elsewhere.store, elsewhere.heads, otherKey.publicKey)).toMatchObject({
          ok: true,
        });

        // Swapped in here: a valid chain, heads that match it, but not signed with this server's key.
        expect(await verifySignedLog(elsewhere.store, elsewhere.heads, key.publicKey)).toMatchObject({
          ok: false,
          reason: 'bad-signature',
          brokenAt: 12,
        });
        // Only the log swapped in, our heads kept: they do not match it.
        expect(await verifySignedLog(elsewhere.store, fixture.heads, key.publicKey)).toMatchObject({
          ok: false,
          reason: 'head-mismatch',
        });
        await elsewhere.store.append('cycle-k4:2017:u0', events(1), { expectedRevision: 'any' });
        const ours = new HeadSigner({
          store: elsewhere.store,
          heads: elsewhere.heads,
          key,
          now: clock,
          refused: (why) => refusals.push(why),
        });
        expect(await ours.signNewHeads()).toEqual([]);
        expect(refusals[0]).toMatch(/does not verify with this server's key/);
      } finally {
        await elsewhere.cleanup();
      }
    });

    it('detects a saved head that the log no longer holds', async () => {
      const saved = await fixture.heads.latest();
      expect(await verify({ position: 6, hash: 'a'.repeat(64) })).toMatchObject({
        ok: false,
        reason: 'saved-head-mismatch',
        brokenAt: 6,
      });
      expect(await verify({ position: 40, hash: saved!.hash })).toMatchObject({
        ok: false,
        reason: 'saved-head-mismatch',
        brokenAt: 13,
      });
      await fixture.deleteAfter(0);
      expect(await verify({ position: 12, hash: saved!.hash })).toMatchObject({ ok: false });
    });

    it('signs a head at least every 1,000 events in a burst, each over its own link', async () => {
      await fixture.store.append('burst', events(2500), { expectedRevision: 'no_stream' });
      const signed = await signer.signNewHeads();
      expect(signed.map((head) => head.position)).toEqual([1012, 2012, 2512]);
      expect((await fixture.heads.all()).map((head) => head.position)).toEqual([12, 1012, 2012, 2512]);
      expect(await verify()).toMatchObject({ ok: true, checked: 2512 });
      expect(await signer.signNewHeads()).toEqual([]);
    });

    it('reads the kept heads nearest a position, either way, at most maxCount', async () => {
      await fixture.store.append('burst', events(2500), { expectedRevision: 'no_stream' });
      await signer.signNewHeads();
      const read = async (from: number, direction: 'forwards' | 'backwards', maxCount: number) =>
        (await fixture.heads.read({ from, direction, maxCount })).map((head) => head.position);
      expect(await read(1012, 'forwards', 2)).toEqual([1012, 2012]);
      expect(await read(1013, 'forwards', 10)).toEqual([2012, 2512]);
      expect(await read(2011, 'backwards', 10)).toEqual([1012, 12]);
      expect(await read(2512, 'backwards', 1)).toEqual([2512]);
      expect(await read(11, 'backwards', 5)).toEqual([]);
      expect(await read(2513, 'forwards', 5)).toEqual([]);
      expect(await fixture.heads.read({ from: 0, direction: 'forwards', maxCount: 4 })).toEqual(
        await fixture.heads.all(),
      );
      for (const bad of [
        { from: 1.5, direction: 'forwards', maxCount: 1 },
        { from: 1, direction: 'up', maxCount: 1 },
        { from: 1, direction: 'backwards', maxCount: 0 },
      ])
        await expect(fixture.heads.read(bad as never)).rejects.toThrow(RangeError);
    });

    /** Changes the data of the events at `positions` and leaves their stored hashes as they were. */
    async function alterInPlace(...positions: number[]): Promise<void> {
      const { links } = await fixture.store.verifyIntegrity({ keep: positions });
      for (const position of positions)
        await fixture.overwrite(
          position,
          canonicalJson({ unitId: 'so-vhtt', points: 1000 }),
          links.get(position)!.hash,
        );
    }

    it('walks through a position and no further when asked', async () => {
      expect(await fixture.store.verifyIntegrity({ through: 6, keep: [6] })).toMatchObject({
        ok: true,
        checked: 6,
        head: { position: 6 },
      });
      await alterInPlace(9);
      expect(await fixture.store.verifyIntegrity({ through: 6 })).toMatchObject({ ok: true, checked: 6 });
      expect(await fixture.store.verifyIntegrity({ through: 9 })).toMatchObject({
        ok: false,
        brokenAt: 9,
        reason: 'altered',
      });
      const from = (await fixture.heads.latest())!;
      await fixture.store.append('cycle-k4:2017:u0', events(4), { expectedRevision: 'any' });
      expect(await fixture.store.verifyIntegrity({ from, through: 14 })).toMatchObject({
        ok: true,
        checked: 2,
        head: { position: 14 },
      });
    });

    describe('verifying spans between signed heads (verifySpans)', () => {
      // Signed heads at 12 (beforeEach) and 24; events 25 to 30 not signed yet.
      beforeEach(async () => {
        for (let i = 0; i < 4; i++)
          await fixture.store.append(`cycle-k4:2018:u${i % 2}`, events(3), { expectedRevision: 'any' });
        expect((await signer.signNewHeads()).map((head) => head.position)).toEqual([24]);
        await fixture.store.append('cycle-k4:2019:u0', events(6), { expectedRevision: 'any' });
      });
      const spans = async (positions: number[], keep: number[] = []) =>
        verifySpans(fixture.store, fixture.heads, key.publicKey, positions, keep);

      it('walks only the span between the signed heads around the positions, and answers the links kept', async () => {
        const check = await spans([15, 20], [20]);
        expect(check).toMatchObject({ ok: true, checked: 12 });
        expect(check.ok && check.links.get(20)?.hash).toBe(
          (await fixture.store.verifyIntegrity({ keep: [20] })).links.get(20)!.hash,
        );
        // After the last signed head: from it to the log's head.
        expect(await spans([27])).toMatchObject({ ok: true, checked: 6 });
        // Before the first: from genesis; both spans, adjacent, walked as one.
        expect(await spans([3, 15])).toMatchObject({ ok: true, checked: 24 });
        expect(await spans([3, 27])).toMatchObject({ ok: true, checked: 12 + 6 });
      });

      it('answers for the span only: an event altered in place before it is found by a span that holds it', async () => {
        await alterInPlace(3);
        // Outside the span: not what these positions depend on (a whole walk still finds it).
        expect(await spans([15, 20])).toMatchObject({ ok: true });
        expect(await fixture.store.verifyIntegrity()).toMatchObject({ ok: false, brokenAt: 3 });
        expect(await spans([5])).toMatchObject({ ok: false, brokenAt: 3, reason: 'altered' });
      });

      it('refuses an event altered in place inside the span', async () => {
        await alterInPlace(16);
        expect(await spans([15, 20])).toMatchObject({ ok: false, brokenAt: 16, reason: 'altered' });
        expect(await spans([27])).toMatchObject({ ok: true });
      });

      it('refuses a span whose events were rewritten with every later hash recomputed, or whose end head is gone', async () => {
        await rewriteFrom(16);
        expect(await fixture.store.verifyIntegrity({ from: (await fixture.heads.all())[0]! })).toMatchObject({
          ok: true,
        });
        expect(await spans([20])).toMatchObject({ ok: false, brokenAt: 24, reason: 'head-mismatch' });
        await fixture.deleteAfter(22);
        expect(await spans([20])).toMatchObject({ ok: false, reason: 'truncated' });
      });

      it('uses only heads that verify with the key', async () => {
        const heads = await fixture.heads.all();
        // Kept beside the real ones, as a database administrator could: its signature is another head's.
        await fixture.heads.append({ ...heads[1]!, position: 18, hash: 'a'.repeat(64) });
        const check = await spans([20], [20]);
        expect(check).toMatchObject({ ok: true, checked: 12 });
        // With no head that verifies, from genesis to the log's head.
        expect(await verifySpans(fixture.store, fixture.heads, newKey().publicKey, [20])).toMatchObject({
          ok: true,
          checked: 30,
        });
      });
    });
  });
}
