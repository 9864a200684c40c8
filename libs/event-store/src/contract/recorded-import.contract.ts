/**
 * What importing recorded events verbatim (recorded-import.ts) must do on every adapter that
 * offers it: continue the log with the source's positions, ids, revisions, times and metadata,
 * so that the chain comes out with the source's hashes; refuse, writing nothing, a batch that
 * does not continue the log; and leave a log that appends continue as usual.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventMetadata, EventStore, RecordedEvent } from '../event-store.port.js';
import { ImportRefusedError, type RecordedEventImporter } from '../recorded-import.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';

export interface ImportFixture {
  /** An empty store. */
  readonly store: EventStore & RecordedEventImporter;
  readonly cleanup: () => Promise<void>;
}

const metadata = (sub: string): EventMetadata => ({
  actor: { sub, name: 'Nguyễn Thị B', role: 'unit', unit: 'so-tu-phap' },
  correlationId: 'corr',
  causationId: 'cmd',
  reason: 'Rà soát lại',
  schemaVersion: 2,
});

export function describeRecordedImportContract(name: string, open: () => Promise<ImportFixture>): void {
  describe(`importRecorded (${name})`, () => {
    let target: ImportFixture;
    let sourceDir: string;
    let source: SqliteEventStore;
    let events: RecordedEvent[];

    /** A source log of three interleaved streams, recorded at distinct past times. */
    beforeEach(async () => {
      target = await open();
      sourceDir = await mkdtemp(join(tmpdir(), 'import-source-'));
      let clock = Date.parse('2017-03-01T08:00:00.123Z');
      source = await SqliteEventStore.open({ file: join(sourceDir, 'events.sqlite'), now: () => new Date((clock += 61_001)) });
      for (let round = 0; round < 4; round++) {
        for (const stream of ['bloc-k4', 'cycle-k4:2017', 'cycle-k4:2017:so-tu-phap']) {
          await source.append(
            stream,
            [0, 1].map((n) => ({ id: randomUUID(), type: 'Tested', data: { round, n, text: 'Sở Tư pháp', value: 97.5 }, metadata: metadata(`${stream}-${n}`) })),
            { expectedRevision: 'any' },
          );
        }
      }
      events = await source.readAll();
    });

    afterEach(async () => {
      await source.close();
      await target.cleanup();
      await rm(sourceDir, { recursive: true, force: true });
    });

    it('continues the log verbatim in batches: the same events, the same chain hashes', async () => {
      const sourceHead = (await source.verifyIntegrity()).head;
      expect(await target.store.importRecorded(events.slice(0, 10))).toEqual({
        position: 10,
        hash: (await source.verifyIntegrity({ keep: [10] })).links.get(10)?.hash,
      });
      expect(await target.store.importRecorded(events.slice(10))).toEqual(sourceHead);
      expect(await target.store.readAll()).toEqual(events);
      expect(await target.store.readStream('cycle-k4:2017')).toEqual(events.filter((event) => event.streamId === 'cycle-k4:2017'));
      expect(await target.store.verifyIntegrity()).toMatchObject({ ok: true, checked: events.length, head: sourceHead });
      expect(await target.store.importRecorded([])).toEqual(sourceHead);
    });

    it('lets appends continue the imported log and its streams', async () => {
      await target.store.importRecorded(events);
      const last = events.filter((event) => event.streamId === 'bloc-k4').at(-1) as RecordedEvent;
      const appended = await target.store.append('bloc-k4', [{ id: randomUUID(), type: 'Tested', data: {}, metadata: metadata('x') }], {
        expectedRevision: last.revision,
      });
      expect(appended).toEqual({ nextExpectedRevision: last.revision + 1, position: events.length + 1 });
      expect(await target.store.verifyIntegrity()).toMatchObject({ ok: true, checked: events.length + 1 });
    });

    it('refuses, writing nothing, a batch that skips or repeats a position or a stream revision', async () => {
      await target.store.importRecorded(events.slice(0, 6));
      const refused = async (batch: RecordedEvent[], message: RegExp): Promise<void> => {
        await expect(target.store.importRecorded(batch)).rejects.toThrow(ImportRefusedError);
        await expect(target.store.importRecorded(batch)).rejects.toThrow(message);
        expect(await target.store.headPosition()).toBe(6);
      };
      await refused(events.slice(7, 9), /position 8; the log continues at 7/);
      await refused(events.slice(4, 8), /position 5; the log continues at 7/);
      // Positions in order, but a stream's revision skipped (the last of the batch: nothing of it is written).
      const skipped = events.slice(6, 9).map((event, index) => (index === 2 ? { ...event, revision: event.revision + 1 } : event));
      await refused(skipped, /revision \d+ of .* does not follow its last one/);
      await refused([{ ...events[6], recordedAt: '2017-03-01 08:00' }], /recordedAt/);
      expect(await target.store.verifyIntegrity()).toMatchObject({ ok: true, checked: 6 });
    });
  });
}
