/**
 * Properties of the hash chain over generated logs and generated tampering: what the chain
 * catches by itself (any change to any field of any stored event, any removed event), and what
 * it cannot (a rewrite that recomputes every later hash), which the signed heads are for. A fixed
 * seed (PROPERTY_SEED overrides it) keeps a failure reproducible.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, linkHash, type StoredChainRow, verifyChain } from './hash-chain.js';
import { auditSigningKeyFromPem, checkSignedHeads, signHead } from './signed-head.js';

const PARAMETERS = { seed: Number(process.env.PROPERTY_SEED ?? 20_261_205), numRuns: 200 };

/** JSON objects as events carry them: nested, with Vietnamese text, integers and two-decimal numbers. */
const jsonData = fc.dictionary(
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,8}$/),
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('Sở Y tế', 'Nguyễn "Văn" A\n', '961,5'),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
  ),
  { maxKeys: 5 },
);

interface NewRow {
  readonly streamId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

const newRow: fc.Arbitrary<NewRow> = fc.record({
  streamId: fc.constantFrom(
    'cycle-khoi-4:2017:so-y-te',
    'cycle-khoi-4:2017',
    'bloc-khoi-4',
    'cycle-khoi-5:2018:so-tc',
  ),
  type: fc.constantFrom('ScoreAwarded', 'IndicatorReported', 'PactSigned'),
  data: jsonData,
});

/** A log as the store writes it: positions from 1, revisions per stream, each hash over its predecessor. */
function written(rows: readonly NewRow[]): StoredChainRow[] {
  const revisions = new Map<string, number>();
  let previous = GENESIS_HASH;
  return rows.map((row, index) => {
    const revision = (revisions.get(row.streamId) ?? -1) + 1;
    revisions.set(row.streamId, revision);
    const event = {
      id: `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`,
      streamId: row.streamId,
      revision,
      position: index + 1,
      type: row.type,
      data: row.data,
      metadata: {
        actor: { sub: 'leader-officer', role: 'unit' },
        correlationId: `c-${index}`,
        causationId: `c-${index}`,
      },
      recordedAt: new Date(Date.UTC(2018, 0, 12, 8, 30, index)).toISOString(),
    };
    previous = linkHash(previous, {
      ...event,
      dataJson: canonicalJson(event.data),
      metadataJson: canonicalJson(event.metadata),
    });
    return { ...event, hash: previous };
  });
}

const log = fc.array(newRow, { minLength: 1, maxLength: 25 }).map(written);

/** Serves the rows as the stores' page readers do. */
const reader =
  (rows: readonly StoredChainRow[]) =>
  async (after: number, limit: number): Promise<StoredChainRow[]> =>
    rows.filter((row) => row.position > after).slice(0, limit);

type Field = 'id' | 'streamId' | 'revision' | 'type' | 'data' | 'metadata' | 'recordedAt' | 'hash';
const FIELDS: readonly Field[] = [
  'id',
  'streamId',
  'revision',
  'type',
  'data',
  'metadata',
  'recordedAt',
  'hash',
];

/** The row with one field given another value (a key the generator never makes, for data). */
function altered(row: StoredChainRow, field: Field, salt: number): StoredChainRow {
  switch (field) {
    case 'revision':
      return { ...row, revision: row.revision + 1 + salt };
    case 'data':
      return { ...row, data: { ...(row.data as object), _tampered: salt } };
    case 'metadata':
      return {
        ...row,
        metadata: { ...(row.metadata as object), actor: { sub: 'someone-else', role: 'board' } },
      };
    case 'hash':
      return { ...row, hash: row.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    case 'recordedAt':
      return { ...row, recordedAt: new Date(Date.parse(row.recordedAt) + 1 + salt).toISOString() };
    default:
      return { ...row, [field]: `${row[field]}-${salt}` };
  }
}

describe('the hash chain, over generated logs', () => {
  it('verifies every log as written, through its last event', async () => {
    await fc.assert(
      fc.asyncProperty(log, fc.integer({ min: 1, max: 7 }), async (rows, pageSize) => {
        const walk = await verifyChain(reader(rows), { pageSize });
        expect(walk).toMatchObject({ ok: true, checked: rows.length, head: { position: rows.length } });
        expect(walk.head.hash).toBe(rows.at(-1)!.hash);
      }),
      PARAMETERS,
    );
  });

  it('finds any change to any field of any event, at that event', async () => {
    await fc.assert(
      fc.asyncProperty(
        log,
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.nat(1000),
        async (rows, pick, field, salt) => {
          const at = pick % rows.length;
          const tampered = rows.map((row, index) => (index === at ? altered(row, field, salt) : row));
          const walk = await verifyChain(reader(tampered), { pageSize: 4 });
          expect(walk).toMatchObject({ ok: false, brokenAt: at + 1, reason: 'altered' });
        },
      ),
      PARAMETERS,
    );
  });

  it('finds an event removed from inside the log, at its position', async () => {
    await fc.assert(
      fc.asyncProperty(
        log.filter((rows) => rows.length >= 2),
        fc.nat(),
        async (rows, pick) => {
          const at = pick % (rows.length - 1);
          const walk = await verifyChain(reader(rows.filter((_, index) => index !== at)));
          expect(walk).toMatchObject({ ok: false, brokenAt: at + 1, reason: 'missing' });
        },
      ),
      PARAMETERS,
    );
  });

  it('cannot by itself tell a rewrite that recomputes every later hash; a head signed before it can', async () => {
    const key = auditSigningKeyFromPem(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const signedAt = new Date('2018-01-12T09:00:00.000Z');
    await fc.assert(
      fc.asyncProperty(log, fc.nat(), fc.nat(1000), async (rows, pick, salt) => {
        const at = pick % rows.length;
        // The administrator changes one event's data and recomputes every hash from there on.
        const rewritten = written(
          rows.map((row, index) => ({
            streamId: row.streamId,
            type: row.type,
            data:
              index === at
                ? { ...(row.data as object), _tampered: salt }
                : (row.data as Record<string, unknown>),
          })),
        );
        const walk = await verifyChain(reader(rewritten), { keep: [rows.length] });
        expect(walk).toMatchObject({ ok: true, checked: rows.length });
        // The head the server signed before the rewrite no longer matches.
        const head = signHead(
          { position: rows.length, hash: rows.at(-1)!.hash, recordedAt: rows.at(-1)!.recordedAt },
          key,
          signedAt,
        );
        expect(checkSignedHeads(walk, [head], key.publicKey)).toMatchObject({
          ok: false,
          brokenAt: rows.length,
          reason: 'head-mismatch',
        });
      }),
      PARAMETERS,
    );
  });
});

describe('canonical JSON, over generated data', () => {
  it('writes the same text whatever the order of the keys, and parses back to the same value', () => {
    fc.assert(
      fc.property(jsonData, (data) => {
        const reversed = Object.fromEntries(Object.entries(data).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(data));
        expect(JSON.parse(canonicalJson(data))).toEqual(data);
      }),
      PARAMETERS,
    );
  });
});
