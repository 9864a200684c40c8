import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { event, expectPositionsUntilAsScanned } from '../../read-model-store.contract.js';
import { READ_MODELS_FILE, SqliteReadModelStore } from '../sqlite-read-model-store.js';
import { auditEntryOf } from '../../../audit/audit-entry.mapping.js';
import { auditCase } from '../../../testing/audit-case.js';
import type { AuditEntry } from '../../read-model-store.port.js';

// Through the store that holds the index: its commits are the index's transactions.
describe('SqliteAuditIndex', () => {
  it('forgets the terms of a commit that failed, and finds them once a later commit stores them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = SqliteReadModelStore.open({ dataDir: dir });
    try {
      const first = auditEntryOf(event(1, { data: { blocId: 'b1', year: 2017, unitId: 'u1' } }));
      const third = auditEntryOf(event(3, { data: { blocId: 'b1', year: 2017, unitId: 'u1' } }));
      await store.commit({
        documents: [],
        auditEntries: [first, third],
        checkpoints: [{ projection: 'audit', from: 0, to: 3 }],
      });
      const entry = auditEntryOf(
        event(2, { data: { blocId: 'b-new', year: 2017, unitId: 'u-new' }, type: 'NewlySeenType' }),
      );
      // Position 2 is behind what is indexed: the commit fails after adding the new terms.
      await expect(store.commit({ documents: [], auditEntries: [entry], checkpoints: [] })).rejects.toThrow(
        'position 2 does not follow 3',
      );
      expect(await store.searchAudit({ blocId: 'b-new', limit: 10 })).toEqual([]);
      const fourth = { ...entry, position: 4 };
      await store.commit({
        documents: [],
        auditEntries: [fourth],
        checkpoints: [{ projection: 'audit', from: 3, to: 4 }],
      });
      expect(await store.searchAudit({ blocId: 'b-new', limit: 10 })).toEqual([4]);
      expect(await store.searchAudit({ types: ['NewlySeenType'], limit: 10 })).toEqual([4]);
      // As stored, not only as this connection remembers it.
      const reopened = SqliteReadModelStore.open({ dataDir: dir });
      expect(await reopened.searchAudit({ blocId: 'b-new', limit: 10 })).toEqual([4]);
      expect(await reopened.searchAudit({ unitId: 'u1', limit: 10 })).toEqual([1, 3]);
      await reopened.close();
      // A reset keeps the terms' ids; entries stored after it are found by them.
      await store.reset();
      await store.commit({ documents: [], auditEntries: [first, entry], checkpoints: [] });
      await store.finishRebuild();
      expect(await store.searchAudit({ unitId: 'u-new', limit: 10 })).toEqual([2]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forgets the last chunks a failed commit rewrote: the next commit appends to the chunks as stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = SqliteReadModelStore.open({ dataDir: dir });
    const entryAt = (position: number, unitId: string): AuditEntry =>
      auditEntryOf(event(position, { data: { blocId: 'b1', year: 2017, unitId } }));
    try {
      await store.commit({
        documents: [],
        auditEntries: [1, 2, 3].map((p) => entryAt(p, 'u1')),
        checkpoints: [],
      });
      // Another connection makes the first chunk of a new list fail to store, after the
      // commit has rewritten the short last chunks of the lists it shares with earlier ones.
      const other = new Database(join(dir, READ_MODELS_FILE));
      other.exec(
        "CREATE TRIGGER fail_new_list AFTER INSERT ON audit_postings WHEN NEW.last = 7 BEGIN SELECT RAISE(ABORT, 'injected'); END;",
      );
      // The driver's error may come from another realm than Jest's: compared by its text.
      const failure = await store
        .commit({ documents: [], auditEntries: [entryAt(4, 'u1'), entryAt(7, 'u-new')], checkpoints: [] })
        .then(
          () => 'committed',
          (error: unknown) => String(error),
        );
      expect(failure).toContain('injected');
      other.exec('DROP TRIGGER fail_new_list');
      other.close();
      await store.commit({ documents: [], auditEntries: [entryAt(8, 'u1')], checkpoints: [] });
      expect(await store.searchAudit({ limit: 10 })).toEqual([1, 2, 3, 8]);
      expect(await store.searchAudit({ unitId: 'u1', limit: 10 })).toEqual([1, 2, 3, 8]);
      expect(await store.searchAudit({ unitId: 'u-new', limit: 10 })).toEqual([]);
      const reopened = SqliteReadModelStore.open({ dataDir: dir });
      expect(await reopened.searchAudit({ blocId: 'b1', year: 2017, limit: 10 })).toEqual([1, 2, 3, 8]);
      await reopened.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('searches the shards that replayers of parts of the log wrote side by side, and the live shard after them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const { entries, probes } = auditCase(23);
    // Three replayers, each with the entries of its blocs; then live projection (shard 0).
    const replayed = entries.slice(0, 4_000);
    const shards = [0, 1, 2].map((shard) => SqliteReadModelStore.open({ dataDir: dir, auditShard: shard }));
    try {
      const shardOf = (entry: AuditEntry): number =>
        entry.blocId === null ? 0 : Number(entry.blocId.slice(1)) % 3;
      for (let start = 0; start < replayed.length; start += 700) {
        for (const [shard, store] of shards.entries()) {
          const auditEntries = replayed.slice(start, start + 700).filter((entry) => shardOf(entry) === shard);
          await store.commit({ documents: [], auditEntries, checkpoints: [] });
        }
      }
      for (const entry of entries.slice(4_000)) {
        await shards[0].commit({ documents: [], auditEntries: [entry], checkpoints: [] });
      }
      for (const { filter, expected } of probes) {
        expect({ filter, found: await shards[1].searchAudit(filter) }).toEqual({ filter, found: expected });
      }
      await expectPositionsUntilAsScanned(shards[1], entries);
    } finally {
      for (const store of shards) await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a time range by skipping the chunks outside it, whichever order the clock went in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    const store = SqliteReadModelStore.open({ dataDir: dir });
    try {
      // 2018, then a stretch stamped 2020, then 2018 again (a clock set back).
      const year = (position: number): number => (position > 5_000 && position <= 6_000 ? 2020 : 2018);
      const entries: AuditEntry[] = Array.from({ length: 12_000 }, (_, index) => ({
        position: index + 1,
        blocId: 'b1',
        year: 2018,
        unitId: `u${index % 7}`,
        actor: 'officer-1',
        type: 'ScoreAwarded',
        recordedAt: new Date(Date.UTC(year(index + 1), 0, 1) + index * 1_000).toISOString(),
      }));
      for (let start = 0; start < entries.length; start += 3_000) {
        await store.commit({
          documents: [],
          auditEntries: entries.slice(start, start + 3_000),
          checkpoints: [],
        });
      }
      const range = (from: number, to: number): number[] =>
        Array.from({ length: to - from + 1 }, (_, index) => from + index);
      expect(await store.searchAudit({ from: '2020-01-01T00:00:00.000Z', limit: 10_000 })).toEqual(
        range(5_001, 6_000),
      );
      expect(
        await store.searchAudit({ unitId: 'u3', from: '2020-01-01T00:00:00.000Z', limit: 10_000 }),
      ).toEqual(range(5_001, 6_000).filter((position) => (position - 1) % 7 === 3));
      expect(await store.searchAudit({ to: '2019-01-01T00:00:00.000Z', after: 4_990, limit: 20 })).toEqual([
        ...range(4_991, 5_000),
        ...range(6_001, 6_010),
      ]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
