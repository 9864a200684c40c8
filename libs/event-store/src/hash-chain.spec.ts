import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, linkHash, verifyChain, type StoredChainRow } from './hash-chain.js';

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

  it('verifies an intact chain page by page', async () => {
    const source = pages(chain(25));
    expect(await verifyChain(source.read, 10)).toEqual({ ok: true, checked: 25 });
    expect(source.calls).toEqual([0, 10, 20, 25]);
  });

  it('reports the first altered event and stops there', async () => {
    const rows = chain(12);
    rows[6] = { ...rows[6], data: { points: 1000, criterion: '1.1', unit: 'Sở Du lịch' } };
    rows[9] = { ...rows[9], type: 'Altered' };
    expect(await verifyChain(pages(rows).read, 5)).toEqual({ ok: false, checked: 6, brokenAt: 7 });
  });

  it('does not depend on the key order of stored data', async () => {
    const rows = chain(3);
    rows[1] = { ...rows[1], data: { unit: 'Sở Lao động – Thương binh và Xã hội', criterion: '1.1', points: 961.5 } };
    expect(await verifyChain(pages(rows).read)).toEqual({ ok: true, checked: 3 });
  });

  it('reports a removed event at the missing position', async () => {
    const rows = chain(8);
    expect(await verifyChain(pages([...rows.slice(0, 4), ...rows.slice(5)]).read)).toEqual({ ok: false, checked: 4, brokenAt: 5 });
    expect(await verifyChain(pages(rows.slice(1)).read)).toEqual({ ok: false, checked: 0, brokenAt: 1 });
  });

  it('reports stored data that is not JSON data', async () => {
    const rows = chain(3);
    rows[2] = { ...rows[2], data: undefined };
    expect(await verifyChain(pages(rows).read)).toEqual({ ok: false, checked: 2, brokenAt: 3 });
  });
});
