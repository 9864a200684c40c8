import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { QueuedAppend } from '../append-queue.js';
import { ImportRefusedError } from '../recorded-import.js';
import { WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendResult, NewEvent } from '../event-store.port.js';
import type { GroupCommit } from '../group-commit-observer.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.js';
import {
  AdaptiveGroupWriter,
  IDLE_LOOP_UTILIZATION,
  IDLE_MEASURES_FOR_INLINE,
  INLINE_GROUPS_PER_MEASURE,
  MAX_ATTEMPTS,
  type SqliteGroupWriter,
  type SqliteWriterFault,
} from './sqlite-writer.js';
import { flattenGroup, unflattenGroup } from './sqlite-writer-wire.js';
import type { AppendOutcome, StampedAppend } from './sqlite-group-commit.js';

const metadata = { actor: { sub: 'test', role: 'system' as const }, correlationId: 'c', causationId: 'c' };
const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type: 'Tested', data: { n }, metadata }));

/** Whether the group carries the event. */
const carries = (group: readonly QueuedAppend[], event: NewEvent): boolean =>
  group.some((append) => append.events.some((queued) => queued.id === event.id));

describe('a group as it crosses to the writer thread', () => {
  it('arrives as it was sent, metadata shared between events or not, with or without a last event id', () => {
    const event = (metadataJson: string) => ({
      id: randomUUID(),
      type: 'Tested',
      dataJson: '{"n":1}',
      metadataJson,
    });
    const group: StampedAppend[] = [
      {
        streamId: 'a',
        expectedRevision: 4,
        expectedLastEventId: randomUUID(),
        recordedAt: '2018-01-12T08:30:00.123Z',
        events: [event('{"m":1}'), event('{"m":1}'), event('{"m":2}'), event('{"m":1}')],
      },
      {
        streamId: 'b',
        expectedRevision: 'no_stream',
        recordedAt: '2018-01-12T08:30:00.124Z',
        events: [event('{}')],
      },
    ];
    const flat = flattenGroup(group);
    expect(flat.filter((part) => part === null)).toHaveLength(2);
    expect(unflattenGroup(structuredClone(flat))).toEqual(group);
  });
});

describe('SqliteEventStore writer', () => {
  let dir: string;
  const opened: SqliteEventStore[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'event-store-writer-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  // The thread by default: its faults are what most of these specs inject.
  async function open(options: Partial<SqliteEventStoreOptions> = {}): Promise<SqliteEventStore> {
    const store = await SqliteEventStore.open({
      file: join(dir, 'events.sqlite'),
      writer: 'thread',
      ...options,
    });
    opened.push(store);
    return store;
  }

  /** Every id of the log exactly once, the chain intact. */
  async function expectLogOnce(store: SqliteEventStore, ids: readonly string[]): Promise<void> {
    const log = await store.readAll();
    expect(log.map((event) => event.id).sort()).toEqual([...ids].sort());
    expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: ids.length });
  }

  describe.each([
    ['after BEGIN', 'exit-after-begin'],
    ['after COMMIT, before answering', 'exit-after-commit'],
  ] as const)('when the writer thread dies %s', (_when, fault: SqliteWriterFault) => {
    it('sends the group again to a new thread: every append acknowledged, each in the log once', async () => {
      const victim = newEvents(2);
      const attempts: number[] = [];
      const store = await open({
        writerFaults: (group, attempt) => {
          if (!carries(group, victim[0])) return undefined;
          attempts.push(attempt);
          return attempt === 1 ? fault : undefined;
        },
      });
      const commits: GroupCommit[] = [];
      store.observeGroupCommits((commit) => commits.push(commit));
      const batches = [victim, ...Array.from({ length: 7 }, (_, i) => newEvents(1 + (i % 3)))];
      const results = await Promise.all(
        batches.map((events, i) => store.append(`s-${i}`, events, { expectedRevision: 'no_stream' })),
      );
      expect(attempts).toEqual([1, 2]);
      expect(commits).toEqual([expect.objectContaining({ appends: 8, committed: true })]);
      const all = batches.flat();
      await expectLogOnce(
        store,
        all.map((event) => event.id),
      );
      // The answers are those of the log: positions and revisions where the events are.
      const log = await store.readAll();
      results.forEach((result, i) => {
        const last = log.find((event) => event.id === batches[i][batches[i].length - 1].id);
        expect(result).toEqual({ nextExpectedRevision: last?.revision, position: last?.position });
      });
      // Later appends work, on a new thread.
      await expect(store.append('s-0', newEvents(1), { expectedRevision: 1 })).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
    });
  });

  it(`after ${MAX_ATTEMPTS} deaths on one group, answers what an earlier attempt wrote, fails what is absent, and serves the next`, async () => {
    const victim = newEvents(1);
    const store = await open({
      writerFaults: (group, attempt) =>
        carries(group, victim[0])
          ? attempt % 2 === 1
            ? 'exit-after-begin'
            : 'exit-after-commit'
          : undefined,
    });
    const before = await store.append('before', newEvents(1), { expectedRevision: 'no_stream' });
    const [doomed, neighbour] = await Promise.allSettled([
      store.append('victim', victim, { expectedRevision: 'no_stream' }),
      store.append('neighbour', newEvents(1), { expectedRevision: 'no_stream' }),
    ]);
    // The second death came after COMMIT: the group is in the log although the third attempt
    // died too, so its appends answer their results, each written once.
    expect(doomed.status).toBe('fulfilled');
    expect(neighbour.status).toBe('fulfilled');
    expect(before.position).toBe(1);
    expect(await store.readStream('victim')).toHaveLength(1);

    // Dying after BEGIN every time: the group is failed, nothing of it written.
    const cursed = newEvents(2);
    await store.close();
    opened.splice(0);
    const again = await open({
      writerFaults: (group) => (carries(group, cursed[0]) ? 'exit-after-begin' : undefined),
    });
    const failed = await again.append('cursed', cursed, { expectedRevision: 'no_stream' }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failed?.message).toMatch(new RegExp(`writer thread stopped ${MAX_ATTEMPTS} times`));
    expect(await again.readStream('cursed')).toEqual([]);
    await expect(
      again.append('after', newEvents(1), { expectedRevision: 'no_stream' }),
    ).resolves.toMatchObject({
      nextExpectedRevision: 0,
    });
    expect(await again.verifyIntegrity()).toMatchObject({ ok: true, checked: 4 });
  });

  describe.each(['thread', 'inline'] as const)('with the %s writer', (writer) => {
    it('rejects a group whose commit fails mid-pipeline, refuses what was decided on it, then goes on', async () => {
      const b = newEvents(1);
      let bSent!: () => void;
      const bInFlight = new Promise<void>((resolve) => (bSent = resolve));
      const store = await open({
        writer,
        writerFaults: (group) => {
          if (!carries(group, b[0])) return undefined;
          bSent();
          return 'io-error';
        },
      });
      const a = newEvents(1);
      const first = await store.append('unit', newEvents(1), { expectedRevision: 'no_stream' });
      const id = (events: NewEvent[]): string => events[events.length - 1].id;
      // A's commit, then B's (which fails), then C decided on B, D decided on C.
      const pipeline: Promise<AppendResult>[] = [store.append('unit', a, { expectedRevision: 0 })];
      await new Promise((resolve) => setImmediate(resolve));
      pipeline.push(store.append('unit', b, { expectedRevision: 1, expectedLastEventId: id(a) }));
      await bInFlight;
      const c = newEvents(2);
      const d = newEvents(1);
      pipeline.push(store.append('unit', c, { expectedRevision: 2, expectedLastEventId: id(b) }));
      pipeline.push(store.append('unit', d, { expectedRevision: 4, expectedLastEventId: id(c) }));
      const [aOutcome, bOutcome, cOutcome, dOutcome] = await Promise.allSettled(pipeline);

      expect(aOutcome).toEqual({
        status: 'fulfilled',
        value: { nextExpectedRevision: 1, position: first.position + 1 },
      });
      expect(bOutcome).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_IOERR' } });
      for (const refused of [cOutcome, dOutcome]) {
        expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
      }
      expect((cOutcome as PromiseRejectedResult).reason).toMatchObject({
        lastEventId: { expected: id(b), actual: id(a) },
      });
      // Decided again on what is written, the next command goes through.
      const e = newEvents(1);
      await expect(
        store.append('unit', e, { expectedRevision: 1, expectedLastEventId: id(a) }),
      ).resolves.toEqual({
        nextExpectedRevision: 2,
        position: first.position + 2,
      });
      expect((await store.readStream('unit')).map((event) => event.id).slice(1)).toEqual([id(a), id(e)]);
      expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: 3 });
    });
  });

  it('fails the appends of a group whose writer thread cannot start, writing nothing', async () => {
    const store = await open({ writerExecArgv: ['--import', 'file:///nonexistent/loader.mjs'] });
    await expect(store.append('a', newEvents(2), { expectedRevision: 'no_stream' })).rejects.toThrow(
      /writer thread did not start/,
    );
    expect(await store.headPosition()).toBe(0);
  });

  it('keeps the event loop free while the thread commits: appends made meanwhile form the next group', async () => {
    const store = await open();
    const commits: GroupCommit[] = [];
    store.observeGroupCommits((commit) => commits.push(commit));
    const first = store.append('a', newEvents(1), { expectedRevision: 'no_stream' });
    await new Promise((resolve) => setImmediate(resolve));
    // The first group is with the thread; these four wait on this thread's queue.
    const rest = Array.from({ length: 4 }, (_, i) =>
      store.append(`b-${i}`, newEvents(1), { expectedRevision: 'no_stream' }),
    );
    await Promise.all([first, ...rest]);
    expect(commits.map((commit) => commit.appends)).toEqual([1, 4]);
  });

  describe('the adaptive writer (the default)', () => {
    it('commits a group of one append on the event loop, and a larger group in the thread', async () => {
      // A thread that cannot start tells the two apart: only the thread's groups fail.
      const store = await open({
        writer: undefined,
        writerExecArgv: ['--import', 'file:///nonexistent/loader.mjs'],
      });
      await expect(
        store.append('alone', newEvents(3), { expectedRevision: 'no_stream' }),
      ).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
      const together = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) =>
          store.append(`together-${i}`, newEvents(1), { expectedRevision: 'no_stream' }),
        ),
      );
      expect(together.map((outcome) => outcome.status)).toEqual([
        'rejected',
        'rejected',
        'rejected',
        'rejected',
      ]);
      expect(await store.headPosition()).toBe(3);
    });

    it('keeps one chain and every acknowledged append once while groups alternate between the two connections', async () => {
      const store = await open({ writer: 'adaptive' });
      const ids: string[] = [];
      const appendTo = async (streamId: string, count: number): Promise<void> => {
        const events = newEvents(count);
        ids.push(...events.map((event) => event.id));
        await store.append(streamId, events, { expectedRevision: 'any' });
      };
      for (let round = 0; round < 5; round++) {
        await appendTo('lone', 2);
        await Promise.all(Array.from({ length: 6 }, (_, i) => appendTo(`busy-${i}`, 1)));
      }
      await expectLogOnce(store, ids);
      expect((await store.readStream('lone')).map((event) => event.revision)).toEqual([...Array(10).keys()]);
    });
  });

  it('imports recorded events between group commits, on the store connection', async () => {
    const source = await open({ writer: 'inline' });
    await source.append('x', newEvents(3), { expectedRevision: 'no_stream' });
    const recorded = await source.readAll();
    const target = await SqliteEventStore.open({ file: join(dir, 'target.sqlite') });
    opened.push(target);
    const appended = target.append('y', newEvents(1), { expectedRevision: 'no_stream' });
    await new Promise((resolve) => setImmediate(resolve));
    // The append is with the thread: the import waits for its commit, then continues the log.
    await expect(target.importRecorded(recorded)).rejects.toThrow(ImportRefusedError);
    await appended;
    // On a log that is the source's prefix (empty), the import continues it.
    const fresh = await SqliteEventStore.open({ file: join(dir, 'fresh.sqlite') });
    opened.push(fresh);
    await fresh.importRecorded(recorded);
    await expect(fresh.append('z', newEvents(1), { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      position: 4,
    });
    expect(await fresh.verifyIntegrity()).toMatchObject({ ok: true, checked: 4 });
  });
});

describe('the adaptive writer, choosing between the loop and the thread', () => {
  /** A writer that records which groups it was given, and answers them written. */
  class RecordingWriter implements SqliteGroupWriter {
    readonly groups: number[] = [];
    fail = false;
    constructor(private readonly log: string[], private readonly name: string) {}
    async write(group: readonly StampedAppend[]): Promise<AppendOutcome[]> {
      this.log.push(`${this.name} ${group.length}`);
      if (this.fail) throw new Error(`${this.name} failed`);
      return group.map((_, index) => ({ result: { nextExpectedRevision: 0, position: index + 1 }, written: true }));
    }
    async close(): Promise<void> {}
  }

  const groupOf = (size: number): StampedAppend[] =>
    Array.from({ length: size }, (_, index) => ({
      streamId: `s-${index}`,
      expectedRevision: 'any' as const,
      recordedAt: '2026-12-05T00:00:00.000Z',
      events: [],
    }));

  const setUp = (): {
    log: string[];
    writer: AdaptiveGroupWriter;
    thread: RecordingWriter;
    busy: number[];
  } => {
    const log: string[] = [];
    const busy: number[] = [];
    const thread = new RecordingWriter(log, 'thread');
    // Each thread commit finds the loop as busy as the next figure given.
    const writer = new AdaptiveGroupWriter(new RecordingWriter(log, 'inline'), thread, () => {
      const share = busy.shift();
      if (share === undefined) throw new Error('a measure nobody expected');
      return () => share;
    });
    return { log, writer, thread, busy };
  };

  it('commits a lone append on the loop, and concurrent appends in the thread while the loop has other work', async () => {
    const { log, writer, busy } = setUp();
    await writer.write(groupOf(1));
    busy.push(0.9, IDLE_LOOP_UTILIZATION);
    await writer.write(groupOf(5));
    await writer.write(groupOf(3));
    expect(log).toEqual(['inline 1', 'thread 5', 'thread 3']);
    expect(busy).toEqual([]);
  });

  it('commits the next groups on the loop once thread commits in a row found it idle, then measures it again', async () => {
    const { log, writer, busy } = setUp();
    // One idle measure between busy ones (a load starting or pausing) changes nothing.
    busy.push(...Array(IDLE_MEASURES_FOR_INLINE - 1).fill(0.1), 0.9);
    for (let n = 0; n < IDLE_MEASURES_FOR_INLINE; n++) await writer.write(groupOf(64));
    busy.push(...Array(IDLE_MEASURES_FOR_INLINE).fill(0.1));
    for (let n = 0; n < IDLE_MEASURES_FOR_INLINE; n++) await writer.write(groupOf(64));
    expect(log).toEqual(Array(2 * IDLE_MEASURES_FOR_INLINE).fill('thread 64'));
    log.length = 0;
    for (let n = 0; n < INLINE_GROUPS_PER_MEASURE; n++) await writer.write(groupOf(64));
    expect(log).toEqual(Array(INLINE_GROUPS_PER_MEASURE).fill('inline 64'));
    // Measured again: still idle, the next stretch goes inline at once.
    log.length = 0;
    busy.push(0.2);
    await writer.write(groupOf(64));
    await writer.write(groupOf(64));
    expect(log).toEqual(['thread 64', 'inline 64']);
    // The stretch ends; the measure finds the loop serving requests: the thread keeps the groups.
    for (let n = 1; n < INLINE_GROUPS_PER_MEASURE; n++) await writer.write(groupOf(64));
    log.length = 0;
    busy.push(0.8, 0.1, 0.1);
    await writer.write(groupOf(64));
    await writer.write(groupOf(8));
    await writer.write(groupOf(1));
    await writer.write(groupOf(8));
    expect(log).toEqual(['thread 64', 'thread 8', 'inline 1', 'thread 8']);
    expect(busy).toEqual([]);
  });

  it('leaves the choice as it was when the thread fails a group', async () => {
    const { log, writer, thread, busy } = setUp();
    busy.push(...Array(IDLE_MEASURES_FOR_INLINE + 1).fill(0.1));
    for (let n = 1; n < IDLE_MEASURES_FOR_INLINE; n++) await writer.write(groupOf(4));
    thread.fail = true;
    await expect(writer.write(groupOf(4))).rejects.toThrow('thread failed');
    thread.fail = false;
    await writer.write(groupOf(4));
    await writer.write(groupOf(4));
    expect(log).toEqual([...Array(IDLE_MEASURES_FOR_INLINE + 1).fill('thread 4'), 'inline 4']);
  });
});
