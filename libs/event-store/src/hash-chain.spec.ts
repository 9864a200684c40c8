import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';
import { AppendChain, GENESIS_HASH, linkHash, verifyChain, type StoredChainRow } from './hash-chain.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function chain(count: number): StoredChainRow[] {
  const rows: StoredChainRow[] = [];
  let previous = GENESIS_HASH;
  for (let position = 1; position <= count; position++) {
    const event = {
      id: randomUUID(),
      streamId: `cycle-k4:2017:u${position % 3}`,
      revision: Math.floor((position - 1) / 3),
      position,
      type: 'ScoreAwarded',
      data: { points: 961.5, criterion: '1.1', unit: 'Sở Lao động – Thương binh và Xã hội' },
      metadata: { actor: { sub: 'leader', role: 'unit' }, correlationId: 'c', causationId: 'c' },
      recordedAt: '2018-01-12T08:30:00.000Z',
    };
    previous = linkHash(previous, { ...event, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) });
    rows.push({ ...event, hash: previous });
  }
  return rows;
}

/** Serves `rows` as pages and counts the page reads. */
function pages(rows: readonly StoredChainRow[]): { read: (after: number, limit: number) => Promise<StoredChainRow[]>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    read: async (after, limit) => {
      calls.push(after);
      return rows.filter((row) => row.position > after).slice(0, limit);
    },
  };
}

describe('hash chain', () => {
  it('hashes the previous hash followed by the canonical JSON of the whole envelope', () => {
    const [row] = chain(1);
    const { hash, ...envelope } = row;
    expect(hash).toBe(sha256(GENESIS_HASH + canonicalJson(envelope)));
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('hashes an append\'s events as linkHash does, with types that change and escaped text', () => {
    const streamId = 'cycle-k4:2017:"u1"\\ Sở';
    const recordedAt = '2018-01-12T08:30:00.123Z';
    const appendChain = new AppendChain(streamId, recordedAt);
    let viaAppend = GENESIS_HASH;
    let viaLink = GENESIS_HASH;
    ['ScoreAwarded', 'ScoreAwarded', 'Note "quoted"', 'ScoreAwarded'].forEach((type, index) => {
      const event = {
        id: randomUUID(),
        type,
        dataJson: canonicalJson({ n: index, text: 'Nguyễn\n"x"' }),
        metadataJson: canonicalJson({ actor: { sub: 'a', role: 'unit' } }),
      };
      viaAppend = appendChain.link(viaAppend, event, 7 + index, 100 + index);
      viaLink = linkHash(viaLink, { ...event, streamId, recordedAt, revision: 7 + index, position: 100 + index });
      expect(viaAppend).toBe(viaLink);
    });
  });

  it('links a whole append at once as it links its events one by one', () => {
    const streamId = 'cycle-k4:2017:u1';
    const recordedAt = '2018-01-12T08:30:00.123Z';
    const metadataJson = canonicalJson({ actor: { sub: 'a', name: 'Nguyễn Thị Hà', role: 'unit' } });
    const events = ['ScoreAwarded', 'ScoreAwarded', 'IndicatorReported'].map((type, n) => ({
      id: randomUUID(),
      type,
      dataJson: canonicalJson({ n }),
      // The last event carries other metadata than the first two.
      metadataJson: n < 2 ? metadataJson : canonicalJson({ actor: { sub: 'b' } }),
    }));
    const previous = 'ab'.repeat(32);
    let expected = previous;
    const oneByOne = events.map((event, i) =>
      (expected = linkHash(expected, { ...event, streamId, recordedAt, revision: 4 + i, position: 41 + i })),
    );
    expect(new AppendChain(streamId, recordedAt).linkAll(previous, events, 4, 41)).toEqual(oneByOne);
  });

  it('verifies an intact chain page by page', async () => {
    const rows = chain(25);
    const source = pages(rows);
    expect(await verifyChain(source.read, { pageSize: 10 })).toMatchObject({
      ok: true,
      checked: 25,
      head: { position: 25, hash: rows[24].hash },
    });
    expect(source.calls).toEqual([0, 10, 20, 25]);
  });

  it('gives the event loop back between pages, so a walk beside requests does not hold it throughout', async () => {
    const rows = chain(25);
    const source = pages(rows);
    // A timer due now runs only when the walk yields to the event loop.
    let ranAfterPages: number | undefined;
    setImmediate(() => (ranAfterPages = source.calls.length));
    await verifyChain(source.read, { pageSize: 10 });
    expect(ranAfterPages).toBe(1);
  });

  it('reports the first altered event and stops there', async () => {
    const rows = chain(12);
    rows[6] = { ...rows[6], data: { points: 1000, criterion: '1.1', unit: 'Sở Du lịch' } };
    rows[9] = { ...rows[9], type: 'Altered' };
    expect(await verifyChain(pages(rows).read, { pageSize: 5 })).toMatchObject({
      ok: false,
      checked: 6,
      brokenAt: 7,
      reason: 'altered',
      head: { position: 6, hash: rows[5].hash },
    });
  });

  it('does not depend on the key order of stored data', async () => {
    const rows = chain(3);
    rows[1] = { ...rows[1], data: { unit: 'Sở Lao động – Thương binh và Xã hội', criterion: '1.1', points: 961.5 } };
    expect(await verifyChain(pages(rows).read)).toMatchObject({ ok: true, checked: 3 });
  });

  it('reports a removed event at the missing position', async () => {
    const rows = chain(8);
    expect(await verifyChain(pages([...rows.slice(0, 4), ...rows.slice(5)]).read)).toMatchObject({
      ok: false,
      checked: 4,
      brokenAt: 5,
      reason: 'missing',
    });
    expect(await verifyChain(pages(rows.slice(1)).read)).toMatchObject({ ok: false, checked: 0, brokenAt: 1 });
  });

  it('reports stored data that is not JSON data', async () => {
    const rows = chain(3);
    rows[2] = { ...rows[2], data: undefined };
    expect(await verifyChain(pages(rows).read)).toMatchObject({ ok: false, checked: 2, brokenAt: 3, reason: 'altered' });
  });

  it('answers the genesis point as the head of an empty log', async () => {
    expect(await verifyChain(pages([]).read)).toMatchObject({ ok: true, checked: 0, head: { position: 0, hash: GENESIS_HASH } });
  });

  it('reports the stored link at each kept position and at the head', async () => {
    const rows = chain(9);
    const walk = await verifyChain(pages(rows).read, { keep: [3, 7, 20] });
    expect([...walk.links.keys()].sort()).toEqual([3, 7, 9]);
    expect(walk.links.get(7)).toEqual({ position: 7, hash: rows[6].hash, recordedAt: rows[6].recordedAt });
  });

  describe('from a trusted point', () => {
    it('checks only the links after it, which must chain to it', async () => {
      const rows = chain(10);
      rows[2] = { ...rows[2], data: { points: 0 } };
      const source = pages(rows);
      const walk = await verifyChain(source.read, { from: { position: 6, hash: rows[5].hash } });
      expect(walk).toMatchObject({ ok: true, checked: 4, head: { position: 10, hash: rows[9].hash } });
      expect(source.calls[0]).toBe(5);
    });

    it('refuses a log that ends before it, or that holds another hash there', async () => {
      const rows = chain(10);
      expect(await verifyChain(pages(rows.slice(0, 4)).read, { from: { position: 6, hash: rows[5].hash } })).toMatchObject({
        ok: false,
        brokenAt: 6,
        reason: 'truncated',
      });
      expect(await verifyChain(pages(rows).read, { from: { position: 6, hash: 'a'.repeat(64) } })).toMatchObject({
        ok: false,
        brokenAt: 6,
        reason: 'head-mismatch',
      });
    });

    it('refuses a rewritten log whose later links were recomputed from another point', async () => {
      const original = chain(10);
      const rewritten = chain(10);
      expect(await verifyChain(pages(rewritten).read, { from: { position: 6, hash: original[5].hash } })).toMatchObject({
        ok: false,
        reason: 'head-mismatch',
      });
    });
  });
});
