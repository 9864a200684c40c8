/**
 * The behaviour every read-model storage adapter must have; each adapter's spec runs it.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { auditEntryOf } from '../audit/audit-entry.mapping.js';
import { CheckpointConflictError } from '../projection.errors.js';
import { auditCase, seededRandom } from '../testing/audit-case.js';
import type { AuditEntry, ReadModelStore } from './read-model-store.port.js';

export interface ReadModelStoreFixture {
  open(): Promise<ReadModelStore>;
  /** Removes what `open` created. */
  dispose(): Promise<void>;
}

/** A recorded event at `position` for the audit index's cases. */
export const event = (
  position: number,
  overrides: Partial<RecordedEvent> & { data: unknown },
): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  streamId: 'cycle-b1:2017',
  revision: position - 1,
  position,
  type: 'ScoreAwarded',
  metadata: { actor: { sub: 'leader-1', role: 'unit', unit: 'u1' }, correlationId: 'c', causationId: 'c' },
  recordedAt: `2018-01-${String(10 + (position % 10)).padStart(2, '0')}T08:00:00.000Z`,
  ...overrides,
});

/**
 * Checks `blocYearPositionsUntil` against a scan of `entries` for every bloc-year and a spread
 * of moments: ascending, a prefix of the bloc-year's positions, every one recorded by then
 * included, and none beyond the last position of the log recorded by then.
 */
export async function expectPositionsUntilAsScanned(
  store: ReadModelStore,
  entries: readonly AuditEntry[],
): Promise<void> {
  const times = entries.map((entry) => entry.recordedAt).sort();
  const moments = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1].map((f) => times[Math.floor(f * (times.length - 1))]);
  const blocYears = new Set(
    entries.filter((e) => e.blocId !== null && e.year !== null).map((e) => `${e.blocId} ${e.year}`),
  );
  for (const blocYear of blocYears) {
    const [blocId, year] = blocYear.split(' ');
    const ofBlocYear = entries.filter((e) => e.blocId === blocId && e.year === Number(year));
    for (const until of [...moments, '2000-01-01T00:00:00.000Z']) {
      const found = await store.blocYearPositionsUntil(blocId, Number(year), until);
      const bound = found.at(-1) ?? 0;
      const lastOfLog = Math.max(0, ...entries.filter((e) => e.recordedAt <= until).map((e) => e.position));
      const recorded = ofBlocYear.filter((e) => e.recordedAt <= until).map((e) => e.position);
      expect({ blocYear, until, found }).toEqual({
        blocYear,
        until,
        found: ofBlocYear.map((e) => e.position).filter((position) => position <= bound),
      });
      expect(recorded.every((position) => position <= bound)).toBe(true);
      expect(bound).toBeLessThanOrEqual(lastOfLog);
    }
  }
}

export function describeReadModelStoreContract(name: string, fixture: () => ReadModelStoreFixture): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    let current: ReadModelStoreFixture;
    let store: ReadModelStore;

    beforeEach(async () => {
      current = fixture();
      store = await current.open();
    });

    afterEach(async () => {
      await store.close();
      await current.dispose();
    });

    it('saves documents, audit entries and checkpoints of a batch together', async () => {
      await store.commit({
        documents: [
          { projection: 'standings', key: 'b1:2017', body: { total: 961.5, units: ['a', 'b'] } },
          { projection: 'blocs', key: 'b1', body: { id: 'b1', name: 'Khối thi đua số 4' } },
        ],
        auditEntries: [auditEntryOf(event(1, { data: { blocId: 'b1', year: 2017, unitId: 'u1' } }))],
        checkpoints: [
          { projection: 'standings', from: 0, to: 1 },
          { projection: 'audit', from: 0, to: 1 },
        ],
      });
      expect(await store.checkpoints()).toEqual(
        new Map([
          ['standings', 1],
          ['audit', 1],
        ]),
      );
      expect(await store.loadDocument('standings', 'b1:2017')).toEqual({ total: 961.5, units: ['a', 'b'] });
      expect(await store.loadDocuments('blocs', ['b1', 'b2'])).toEqual(
        new Map([['b1', { id: 'b1', name: 'Khối thi đua số 4' }]]),
      );
      expect(await store.loadDocument('blocs', 'b1:2017')).toBeUndefined();

      await store.commit({
        documents: [{ projection: 'standings', key: 'b1:2017', body: { total: 0.3 } }],
        auditEntries: [],
        checkpoints: [{ projection: 'standings', from: 1, to: 5 }],
      });
      expect(await store.loadDocument('standings', 'b1:2017')).toEqual({ total: 0.3 });
      expect((await store.checkpoints()).get('standings')).toBe(5);
    });

    it('refuses a batch whose checkpoint moved meanwhile, and saves none of it', async () => {
      await store.commit({
        documents: [],
        auditEntries: [],
        checkpoints: [{ projection: 'blocs', from: 0, to: 3 }],
      });
      const stale = store.commit({
        documents: [{ projection: 'cycles', key: 'b1:2017', body: { phase: 'signing' } }],
        auditEntries: [auditEntryOf(event(4, { data: {} }))],
        checkpoints: [
          { projection: 'cycles', from: 0, to: 4 },
          { projection: 'blocs', from: 2, to: 4 },
        ],
      });
      await expect(stale).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await store.loadDocument('cycles', 'b1:2017')).toBeUndefined();
      expect(await store.checkpoints()).toEqual(new Map([['blocs', 3]]));
      expect(await store.searchAudit({ limit: 10 })).toEqual([]);
      const fromZeroAgain = store.commit({
        documents: [],
        auditEntries: [],
        checkpoints: [{ projection: 'blocs', from: 0, to: 9 }],
      });
      await expect(fromZeroAgain).rejects.toBeInstanceOf(CheckpointConflictError);
    });

    it('saves every entry of a batch as large as a replay commits, each with its own columns', async () => {
      const events = Array.from({ length: 1_234 }, (_, index) =>
        event(index + 1, {
          data: { blocId: `b${index % 7}`, year: 2000 + (index % 3), unitId: `u${index}` },
        }),
      );
      await store.commit({
        documents: [],
        auditEntries: events.map(auditEntryOf),
        checkpoints: [{ projection: 'audit', from: 0, to: events.length }],
      });
      expect(await store.searchAudit({ limit: 2_000 })).toEqual(events.map((event) => event.position));
      expect(await store.searchAudit({ unitId: 'u1233', limit: 10 })).toEqual([events[1_233].position]);
    });

    it('answers any combination of filters as a scan of every entry would, over commits of every size', async () => {
      const { entries, probes } = auditCase(7);
      const random = seededRandom(11);
      for (let committed = 0; committed < entries.length;) {
        // From single events (as live) to thousands (as a replay commits).
        const batch = entries.slice(committed, committed + [1, 2, 7, 40, 300, 2_500][random(6)]);
        await store.commit({
          documents: [],
          auditEntries: batch,
          checkpoints: [{ projection: 'audit', from: committed, to: committed + batch.length }],
        });
        committed += batch.length;
      }
      await store.finishRebuild();
      for (const { filter, expected } of probes) {
        expect({ filter, found: await store.searchAudit(filter) }).toEqual({ filter, found: expected });
      }
    });

    it('loads the documents among many keys, absent ones left out', async () => {
      const keys = Array.from({ length: 300 }, (_, index) => `b${index}`);
      await store.commit({
        documents: keys
          .filter((_, index) => index % 3 === 0)
          .map((key) => ({ projection: 'blocs', key, body: { key } })),
        auditEntries: [],
        checkpoints: [{ projection: 'blocs', from: 0, to: 1 }],
      });
      const loaded = await store.loadDocuments('blocs', [...keys, 'b0', 'missing']);
      expect(loaded).toEqual(
        new Map(keys.filter((_, index) => index % 3 === 0).map((key) => [key, { key }])),
      );
      expect(await store.loadDocuments('cycles', keys)).toEqual(new Map());
    });

    it('lists a projection’s documents in key order', async () => {
      await store.commit({
        documents: ['b10', 'a2', 'b2'].map((key) => ({ projection: 'blocs', key, body: { key } })),
        auditEntries: [],
        checkpoints: [],
      });
      expect((await store.listDocuments('blocs')).map((document) => document.key)).toEqual([
        'a2',
        'b10',
        'b2',
      ]);
      expect(await store.listDocuments('cycles')).toEqual([]);
    });

    it('searches the audit index by its columns, in position order, after a cursor', async () => {
      const events = [
        event(1, { type: 'BlocRegistered', streamId: 'bloc-b1', data: { blocId: 'b1' } }),
        event(2, { data: { blocId: 'b1', year: 2017, unitId: 'u1', points: 10 } }),
        event(3, { data: { blocId: 'b1', year: 2018, unitId: 'u1', points: 20 } }),
        event(4, {
          type: 'IndicatorReported',
          data: { blocId: 'b1', year: 2017, unitId: 'u2', value: 0.1 },
          metadata: {
            actor: { sub: 'officer-2', role: 'unit', unit: 'u2' },
            correlationId: 'k',
            causationId: 'k',
            reason: 'late',
          },
        }),
        event(5, { data: { blocId: 'b2', year: 2017, unitId: 'u1', points: 30 } }),
      ];
      await store.commit({
        documents: [],
        auditEntries: events.map(auditEntryOf),
        checkpoints: [{ projection: 'audit', from: 0, to: 5 }],
      });
      const positions = (filter: Parameters<ReadModelStore['searchAudit']>[0]) => store.searchAudit(filter);

      expect(await store.searchAudit({ limit: 10 })).toEqual([1, 2, 3, 4, 5]);
      expect(await positions({ blocId: 'b1', year: 2017, limit: 10 })).toEqual([2, 4]);
      expect(await positions({ blocId: 'b1', limit: 10 })).toEqual([1, 2, 3, 4]);
      expect(await positions({ unitId: 'u1', types: ['ScoreAwarded'], limit: 10 })).toEqual([2, 3, 5]);
      expect(await positions({ actor: 'officer-2', limit: 10 })).toEqual([4]);
      expect(await positions({ types: ['BlocRegistered', 'IndicatorReported'], limit: 10 })).toEqual([1, 4]);
      expect(await positions({ from: events[1].recordedAt, to: events[3].recordedAt, limit: 10 })).toEqual([
        2, 3, 4,
      ]);
      expect(await positions({ after: 2, limit: 2 })).toEqual([3, 4]);
      expect(await positions({ unitId: 'u1', after: 3, limit: 10 })).toEqual([5]);
    });

    it('finds ids and codes named like inherited members as terms like any other', async () => {
      const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
      const events = names.map((name, index) =>
        event(index + 1, {
          type: name,
          data: { blocId: name, year: 2017, unitId: name },
          metadata: { actor: { sub: name, role: 'unit', unit: name }, correlationId: 'c', causationId: 'c' },
        }),
      );
      await store.commit({
        documents: [
          { projection: 'standings', key: '__proto__', body: { ['__proto__']: { constructor: 1 } } },
        ],
        auditEntries: events.map(auditEntryOf),
        checkpoints: [{ projection: 'audit', from: 0, to: events.length }],
      });
      for (const [index, name] of names.entries()) {
        const found = [index + 1];
        expect(await store.searchAudit({ unitId: name, limit: 10 })).toEqual(found);
        expect(await store.searchAudit({ blocId: name, year: 2017, limit: 10 })).toEqual(found);
        expect(await store.searchAudit({ blocId: name, limit: 10 })).toEqual(found);
        expect(await store.searchAudit({ actor: name, limit: 10 })).toEqual(found);
        expect(await store.searchAudit({ types: [name], limit: 10 })).toEqual(found);
      }
      expect(await store.searchAudit({ unitId: 'valueOf', limit: 10 })).toEqual([]);
      const body = await store.loadDocument('standings', '__proto__');
      expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toEqual({ constructor: 1 });
      expect({}.constructor).toBe(Object);
    });

    it('bounds the positions a bloc-year had at a moment, recorded times going back included', async () => {
      const time = (minute: number) => new Date(Date.UTC(2018, 0, 12, 8, minute)).toISOString();
      const entry = (position: number, blocId: string, minute: number) =>
        auditEntryOf(event(position, { data: { blocId, year: 2017 }, recordedAt: time(minute) }));
      // Position 4 was stamped by a clock set back a minute.
      const entries = [
        entry(1, 'b1', 1),
        entry(2, 'b2', 2),
        entry(3, 'b1', 3),
        entry(4, 'b1', 2),
        entry(5, 'b2', 5),
        entry(6, 'b1', 6),
      ];
      await store.commit({
        documents: [],
        auditEntries: entries,
        checkpoints: [{ projection: 'audit', from: 0, to: entries.length }],
      });
      const until = (minute: number) => store.blocYearPositionsUntil('b1', 2017, time(minute));
      expect(await until(0)).toEqual([]);
      expect(await until(1)).toEqual([1]);
      // Recorded by minute 2: positions 1 and 4; the bound may not stop before 4.
      expect(await until(2)).toEqual([1, 3, 4]);
      expect(await until(5)).toEqual([1, 3, 4]);
      expect(await until(6)).toEqual([1, 3, 4, 6]);
      expect(await store.blocYearPositionsUntil('b1', 2018, time(6))).toEqual([]);
      expect(await store.blocYearPositionsUntil('b3', 2017, time(6))).toEqual([]);
    });

    it('bounds the positions of every bloc-year at any moment as a scan would, the clock stepping back', async () => {
      const { entries } = auditCase(29, 3_000);
      for (let start = 0; start < entries.length; start += 1_000) {
        await store.commit({
          documents: [],
          auditEntries: entries.slice(start, start + 1_000),
          checkpoints: [],
        });
      }
      await expectPositionsUntilAsScanned(store, entries);
    });

    it('drops every document, audit entry and checkpoint on reset', async () => {
      await store.commit({
        documents: [{ projection: 'blocs', key: 'b1', body: {} }],
        auditEntries: [auditEntryOf(event(1, { data: {} }))],
        checkpoints: [{ projection: 'audit', from: 0, to: 1 }],
      });
      await store.reset();
      expect(await store.checkpoints()).toEqual(new Map());
      expect(await store.listDocuments('blocs')).toEqual([]);
      expect(await store.searchAudit({ limit: 10 })).toEqual([]);
      await store.commit({
        documents: [],
        auditEntries: [auditEntryOf(event(1, { data: { blocId: 'b1' } }))],
        checkpoints: [],
      });
      await store.finishRebuild();
      expect(await store.searchAudit({ blocId: 'b1', limit: 10 })).toHaveLength(1);
    });

    it('gives the projector lock to a caller, and refuses once the wait is aborted', async () => {
      const lock = await store.acquireProjectorLock(new AbortController().signal);
      await lock.release();
      const aborted = new AbortController();
      aborted.abort(new Error('stopping'));
      await expect(store.acquireProjectorLock(aborted.signal)).rejects.toThrow('stopping');
    });
  });
}
