/**
 * The behaviour every EventStore adapter must show, as one parameterised Jest suite. An
 * adapter's spec calls `describeEventStoreContract('postgres', open)`.
 *
 * `open` gives a store for one test. The tests never assume the store is empty: they work in
 * streams of their own (random prefix) and read the global log after the head position they
 * found, so an adapter may hand out the same database to every test.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  IdempotencyViolationError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import type {
  EventMetadata,
  EventStore,
  NewEvent,
  RecordedEvent,
  Subscription,
} from '../event-store.port.js';
import { deferred } from '../testing/deferred.js';

export interface EventStoreFixture {
  readonly store: EventStore;
  /** Opens the same data again; the suite closes `store` before calling it. */
  readonly reopen?: () => Promise<EventStore>;
  /** Closes whatever store is still open and removes the test's data. */
  readonly cleanup: () => Promise<void>;
  /**
   * How far the adapter guards event ids. `log` (default): an id is stored once in the whole
   * log, and an append repeating only some stored ids is refused. `stream`: EventStoreDB's own
   * guarantee — an exact repeat of an append to the same stream is idempotent, but the server
   * accepts a stored id in another stream or in a partial repeat, and no adapter can check that
   * without a global index of ids.
   */
  readonly idempotency?: 'log' | 'stream';
}

/** Upper bound for anything a test waits for (subscription deliveries); never a measurement. */
const WAIT_MS = 15_000;

const metadata: EventMetadata = {
  actor: { sub: 'board-officer', name: 'Nguyễn Văn A', role: 'board' },
  correlationId: 'corr-1',
  causationId: 'cmd-1',
};

function newEvent(type = 'Tested', data: unknown = { n: 1 }, meta: EventMetadata = metadata): NewEvent {
  return { id: randomUUID(), type, data, metadata: meta };
}

function events(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}

/** Polls until `check` holds; fails the test with `what` after WAIT_MS. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function logStreamScopedIds(name: string): void {
  console.log(
    `${name}: event ids are guarded per stream by the server, so partial repeats and ids in other streams are not refused`,
  );
}

export function describeEventStoreContract(name: string, open: () => Promise<EventStoreFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    /** A prefix of stream ids no other test uses. */
    let ns: string;
    /** The head position when the test started: everything after it is the test's own. */
    let start: number;
    const subscriptions: Subscription[] = [];

    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
      ns = `t${randomUUID().slice(0, 8)}-`;
      start = await store.headPosition();
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      await fixture.cleanup();
    });

    /** Everything the test wrote, in log order. */
    const ownLog = (): Promise<RecordedEvent[]> => store.readAll({ after: start });

    /** Asserts that `attempt` is refused with `errorType` and that the log did not change. */
    async function expectRefusedWithoutWriting(
      attempt: () => Promise<unknown>,
      errorType: new (...args: never[]) => Error,
    ): Promise<Error> {
      const headBefore = await store.headPosition();
      const refusal = await attempt().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(errorType);
      expect(await store.headPosition()).toBe(headBefore);
      expect(await store.readAll({ after: headBefore })).toEqual([]);
      return refusal as Error;
    }

    describe('expected revision', () => {
      it('no_stream creates a stream with revisions from 0 and answers the last revision and position', async () => {
        const result = await store.append(`${ns}a`, events(3), { expectedRevision: 'no_stream' });
        const stored = await store.readStream(`${ns}a`);
        expect(stored.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(result).toEqual({ nextExpectedRevision: 2, position: stored[2].position });
      });

      it('no_stream on an existing stream is refused with the actual revision, writing nothing', async () => {
        await store.append(`${ns}a`, events(2), { expectedRevision: 'no_stream' });
        const error = await expectRefusedWithoutWriting(
          () => store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' }),
          WrongExpectedRevisionError,
        );
        expect(error).toMatchObject({
          code: 'CONFLICT',
          streamId: `${ns}a`,
          expected: 'no_stream',
          actual: 1,
        });
      });

      it('exists needs at least one event in the stream', async () => {
        const error = await expectRefusedWithoutWriting(
          () => store.append(`${ns}a`, events(1), { expectedRevision: 'exists' }),
          WrongExpectedRevisionError,
        );
        expect(error).toMatchObject({ expected: 'exists', actual: -1 });
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' });
        await expect(
          store.append(`${ns}a`, events(1), { expectedRevision: 'exists' }),
        ).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('any appends to a missing or an existing stream', async () => {
        await expect(store.append(`${ns}a`, events(1), { expectedRevision: 'any' })).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
        await expect(store.append(`${ns}a`, events(2), { expectedRevision: 'any' })).resolves.toMatchObject({
          nextExpectedRevision: 2,
        });
      });

      it('an exact revision must be the revision of the last event', async () => {
        await store.append(`${ns}a`, events(2), { expectedRevision: 'no_stream' });
        for (const stale of [0, 2, 7]) {
          const error = await expectRefusedWithoutWriting(
            () => store.append(`${ns}a`, events(2), { expectedRevision: stale }),
            WrongExpectedRevisionError,
          );
          expect(error).toMatchObject({ expected: stale, actual: 1 });
        }
        await expect(store.append(`${ns}a`, events(1), { expectedRevision: 1 })).resolves.toMatchObject({
          nextExpectedRevision: 2,
        });
        await expectRefusedWithoutWriting(
          () => store.append(`${ns}b`, events(1), { expectedRevision: 0 }),
          WrongExpectedRevisionError,
        );
      });

      it('of concurrent appends expecting the same revision exactly one succeeds', async () => {
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append(`${ns}a`, events(2), { expectedRevision: 0 })),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected')
            expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect((await store.readStream(`${ns}a`)).map((event) => event.revision)).toEqual([0, 1, 2]);
      });
    });

    describe('idempotent event ids', () => {
      it('appending the same events again answers the original result and writes nothing', async () => {
        const batch = events(3);
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' });
        const first = await store.append(`${ns}a`, batch, { expectedRevision: 0 });
        const head = await store.headPosition();
        // The retry carries the revision the first attempt expected, now stale, or `any`.
        expect(await store.append(`${ns}a`, batch, { expectedRevision: 0 })).toEqual(first);
        expect(await store.append(`${ns}a`, batch, { expectedRevision: 'any' })).toEqual(first);
        expect(await store.append(`${ns}a`, batch, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(`${ns}a`)).toHaveLength(4);
      });

      it('a retry racing the original append in the same moment writes the events once', async () => {
        const batch = events(2);
        const [a, b] = await Promise.all([
          store.append(`${ns}a`, batch, { expectedRevision: 'no_stream' }),
          store.append(`${ns}a`, batch, { expectedRevision: 'no_stream' }),
        ]);
        expect(a).toEqual(b);
        expect(await store.readStream(`${ns}a`)).toHaveLength(2);
      });

      it('refuses an append that repeats only some stored ids', async () => {
        if (fixture.idempotency === 'stream') return logStreamScopedIds(name);
        const batch = events(2);
        await store.append(`${ns}a`, batch, { expectedRevision: 'no_stream' });
        const error = await expectRefusedWithoutWriting(
          () => store.append(`${ns}a`, [batch[1], newEvent()], { expectedRevision: 'any' }),
          IdempotencyViolationError,
        );
        expect(error).toMatchObject({ code: 'IDEMPOTENCY_VIOLATION' });
        await expectRefusedWithoutWriting(
          () => store.append(`${ns}a`, [newEvent(), batch[0]], { expectedRevision: 1 }),
          IdempotencyViolationError,
        );
      });

      it('refuses stored ids in another order or in another stream', async () => {
        if (fixture.idempotency === 'stream') return logStreamScopedIds(name);
        const batch = events(2);
        await store.append(`${ns}a`, batch, { expectedRevision: 'no_stream' });
        await expectRefusedWithoutWriting(
          () => store.append(`${ns}a`, [batch[1], batch[0]], { expectedRevision: 'any' }),
          IdempotencyViolationError,
        );
        await expectRefusedWithoutWriting(
          () => store.append(`${ns}b`, batch, { expectedRevision: 'any' }),
          IdempotencyViolationError,
        );
      });
      it('treats a single-event append alike, without failing its concurrent neighbours', async () => {
        const event = newEvent();
        const first = await store.append(`${ns}a`, [event], { expectedRevision: 'no_stream' });
        const [replay, elsewhere, neighbour] = await Promise.allSettled([
          store.append(`${ns}a`, [event], { expectedRevision: 'any' }),
          store.append(`${ns}b`, [event], { expectedRevision: 'any' }),
          store.append(`${ns}c`, events(1), { expectedRevision: 'no_stream' }),
        ]);
        expect(replay).toEqual({ status: 'fulfilled', value: first });
        expect(elsewhere).toMatchObject({
          status: 'rejected',
          reason: expect.any(IdempotencyViolationError),
        });
        expect(neighbour).toMatchObject({ status: 'fulfilled' });
        expect((await ownLog()).map((stored) => stored.streamId.slice(ns.length))).toEqual(['a', 'c']);
      });
    });

    describe('atomic appends', () => {
      it('writes none of a batch when one of its events is invalid', async () => {
        const batch = [newEvent(), newEvent(), newEvent('Tested', { amount: 10n })];
        await expectRefusedWithoutWriting(
          () => store.append(`${ns}a`, batch, { expectedRevision: 'any' }),
          InvalidAppendError,
        );
        expect(await store.readStream(`${ns}a`)).toEqual([]);
      });

      it('writes none of a batch that repeats an id within itself', async () => {
        const event = newEvent();
        await expectRefusedWithoutWriting(
          () => store.append(`${ns}a`, [event, newEvent(), event], { expectedRevision: 'any' }),
          InvalidAppendError,
        );
      });

      it('one refused append does not fail its concurrent neighbours', async () => {
        await store.append(`${ns}busy`, events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled([
          store.append(`${ns}a`, events(2), { expectedRevision: 'no_stream' }),
          store.append(`${ns}busy`, events(2), { expectedRevision: 5 }),
          store.append(`${ns}b`, events(2), { expectedRevision: 'no_stream' }),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.readStream(`${ns}busy`)).toHaveLength(1);
        expect(await store.readStream(`${ns}a`)).toHaveLength(2);
        expect(await store.readStream(`${ns}b`)).toHaveLength(2);
      });
    });

    describe('pipelined appends (expectedLastEventId)', () => {
      /** Whether the adapter pipelines; prints why the case does not apply otherwise. */
      const pipelines = (): boolean => {
        if (!store.pipelinesAppends)
          console.log(`${name}: does not pipeline appends (pipelinesAppends is not set)`);
        return store.pipelinesAppends === true;
      };
      /** The next turn of the event loop: an append made before it is on its way to a commit. */
      const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

      it('a store that does not pipeline refuses the option with a RangeError', async () => {
        if (store.pipelinesAppends)
          return console.log(`${name}: pipelines appends, the refusal does not apply`);
        const first = events(1);
        await store.append(`${ns}a`, first, { expectedRevision: 'no_stream' });
        await expect(
          store.append(`${ns}a`, events(1), { expectedRevision: 0, expectedLastEventId: first[0].id }),
        ).rejects.toThrow(RangeError);
        expect(await store.readStream(`${ns}a`)).toHaveLength(1);
      });

      it('writes appends decided on appends still pending, in order, in one group or the next', async () => {
        if (!pipelines()) return;
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' });
        const a = events(2);
        const b = events(1);
        const c = events(3);
        // B and C are queued together with A; D after A has gone to its commit.
        const written = [
          store.append(`${ns}a`, a, { expectedRevision: 0 }),
          store.append(`${ns}a`, b, { expectedRevision: 2, expectedLastEventId: a[1].id }),
          store.append(`${ns}a`, c, { expectedRevision: 3, expectedLastEventId: b[0].id.toUpperCase() }),
        ];
        await nextTurn();
        const d = events(1);
        written.push(store.append(`${ns}a`, d, { expectedRevision: 6, expectedLastEventId: c[2].id }));
        const results = await Promise.all(written);
        expect(results.map((result) => result.nextExpectedRevision)).toEqual([2, 3, 6, 7]);
        const stream = await store.readStream(`${ns}a`);
        expect(stream.slice(1).map((event) => event.id)).toEqual(
          [...a, ...b, ...c, ...d].map((event) => event.id),
        );
        expect(results.map((result) => result.position)).toEqual(
          [stream[2], stream[3], stream[6], stream[7]].map((event) => event.position),
        );
      });

      it('refuses an append decided on a refused one, writing nothing of it', async () => {
        if (!pipelines()) return;
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' });
        const a = events(1);
        const [refusedA, refusedB] = await Promise.allSettled([
          store.append(`${ns}a`, a, { expectedRevision: 4 }),
          store.append(`${ns}a`, events(2), { expectedRevision: 1, expectedLastEventId: a[0].id }),
        ]);
        expect(refusedA).toMatchObject({
          status: 'rejected',
          reason: expect.any(WrongExpectedRevisionError),
        });
        expect(refusedB).toMatchObject({
          status: 'rejected',
          reason: expect.any(WrongExpectedRevisionError),
        });
        expect(await store.readStream(`${ns}a`)).toHaveLength(1);
      });

      it('refuses it even when another writer took the revision it expects (ABA)', async () => {
        if (!pipelines()) return;
        const first = events(1);
        await store.append(`${ns}a`, first, { expectedRevision: 'no_stream' });
        const other = events(1);
        const a = events(1);
        const b = events(2);
        // Another writer's event takes revision 1 before A, decided on revision 0, is written.
        const outcomes = await Promise.allSettled([
          store.append(`${ns}a`, other, { expectedRevision: 0 }),
          store.append(`${ns}a`, a, { expectedRevision: 0, expectedLastEventId: first[0].id }),
          store.append(`${ns}a`, b, { expectedRevision: 1, expectedLastEventId: a[0].id }),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
        const refusal = (outcomes[2] as PromiseRejectedResult).reason as WrongExpectedRevisionError;
        expect(refusal).toBeInstanceOf(WrongExpectedRevisionError);
        expect(refusal).toMatchObject({
          code: 'CONFLICT',
          expected: 1,
          actual: 1,
          lastEventId: { expected: a[0].id, actual: other[0].id },
        });
        expect(refusal.message).toContain(`expected last event ${a[0].id}, actual ${other[0].id}`);
        expect((await store.readStream(`${ns}a`)).map((event) => event.id)).toEqual([
          first[0].id,
          other[0].id,
        ]);
        const log = await ownLog();
        expect(log.map((event) => event.id)).not.toContain(b[0].id);
      });

      it('answers a replay of a written pipelined append with its original result', async () => {
        if (!pipelines()) return;
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' });
        const a = events(2);
        const b = events(2);
        const options = { expectedRevision: 2, expectedLastEventId: a[1].id };
        const [, original] = await Promise.all([
          store.append(`${ns}a`, a, { expectedRevision: 0 }),
          store.append(`${ns}a`, b, options),
        ]);
        const head = await store.headPosition();
        await store.append(`${ns}a`, events(1), { expectedRevision: 4 });
        expect(await store.append(`${ns}a`, b, options)).toEqual(original);
        expect(await store.headPosition()).toBe(head + 1);
        expect(await store.readStream(`${ns}a`)).toHaveLength(6);
      });

      it('refuses a malformed last event id, or one given with no_stream', async () => {
        if (!pipelines()) return;
        await expectRefusedWithoutWriting(
          () =>
            store.append(`${ns}a`, events(1), { expectedRevision: 'any', expectedLastEventId: 'not-a-uuid' }),
          InvalidAppendError,
        );
        await expectRefusedWithoutWriting(
          () =>
            store.append(`${ns}a`, events(1), {
              expectedRevision: 'no_stream',
              expectedLastEventId: randomUUID(),
            }),
          InvalidAppendError,
        );
      });
    });

    describe('ordering', () => {
      it('numbers revisions per stream and positions across the log in commit order', async () => {
        const results = [];
        for (const [stream, count] of [
          ['a', 2],
          ['b', 1],
          ['a', 3],
          ['c', 2],
          ['b', 2],
        ] as const) {
          results.push(await store.append(`${ns}${stream}`, events(count), { expectedRevision: 'any' }));
        }
        const log = await ownLog();
        expect(log).toHaveLength(10);
        for (let i = 1; i < log.length; i++) expect(log[i].position).toBeGreaterThan(log[i - 1].position);
        expect(log[0].position).toBeGreaterThan(start);
        expect(results.map((result) => result.position)).toEqual(
          [log[1], log[2], log[5], log[7], log[9]].map((event) => event.position),
        );
        expect((await store.readStream(`${ns}a`)).map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(log.filter((event) => event.streamId === `${ns}b`).map((event) => event.revision)).toEqual([
          0, 1, 2,
        ]);
      });

      it('reads back what was appended, with ids, types, data and an ISO recordedAt in ms', async () => {
        const appended = [
          newEvent('BlocRegistered', {
            id: 'k4',
            members: [{ unitId: 'syt', name: 'Sở Y tế' }],
            province: null,
          }),
        ];
        await store.append(`${ns}a`, appended, { expectedRevision: 'no_stream' });
        const [stored] = await store.readStream(`${ns}a`);
        expect(stored).toMatchObject({
          id: appended[0].id,
          streamId: `${ns}a`,
          revision: 0,
          type: 'BlocRegistered',
          data: appended[0].data,
        });
        expect(stored.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(Number.isNaN(Date.parse(stored.recordedAt))).toBe(false);
      });
    });

    describe('readStream', () => {
      beforeEach(async () => {
        await store.append(`${ns}a`, events(5), { expectedRevision: 'no_stream' });
      });
      const revisions = (list: RecordedEvent[]): number[] => list.map((event) => event.revision);

      it('reads forwards from the start by default', async () => {
        expect(revisions(await store.readStream(`${ns}a`))).toEqual([0, 1, 2, 3, 4]);
        expect(
          revisions(await store.readStream(`${ns}a`, { direction: 'forwards', fromRevision: 2 })),
        ).toEqual([2, 3, 4]);
        expect(revisions(await store.readStream(`${ns}a`, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
      });

      it('reads backwards from the end or from a revision', async () => {
        expect(revisions(await store.readStream(`${ns}a`, { direction: 'backwards' }))).toEqual([
          4, 3, 2, 1, 0,
        ]);
        expect(
          revisions(await store.readStream(`${ns}a`, { direction: 'backwards', fromRevision: 2 })),
        ).toEqual([2, 1, 0]);
        expect(revisions(await store.readStream(`${ns}a`, { direction: 'backwards', maxCount: 1 }))).toEqual([
          4,
        ]);
      });

      it('answers an empty array for an unknown stream or past the end', async () => {
        expect(await store.readStream(`${ns}missing`)).toEqual([]);
        expect(await store.readStream(`${ns}a`, { fromRevision: 5 })).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('pages with an exclusive `after` and maxCount', async () => {
        await store.append(`${ns}a`, events(4), { expectedRevision: 'no_stream' });
        await store.append(`${ns}b`, events(3), { expectedRevision: 'no_stream' });
        const log = await ownLog();
        expect(log).toHaveLength(7);
        const firstPage = await store.readAll({ after: start, maxCount: 3 });
        expect(firstPage).toEqual(log.slice(0, 3));
        const secondPage = await store.readAll({ after: firstPage[2].position, maxCount: 3 });
        expect(secondPage).toEqual(log.slice(3, 6));
        expect(await store.readAll({ after: log[6].position })).toEqual([]);
      });

      it('filters by event types', async () => {
        await store.append(
          `${ns}a`,
          [
            newEvent('ScoreAwarded'),
            newEvent('PactSigned'),
            newEvent('ScoreAwarded'),
            newEvent('CycleClosed'),
          ],
          {
            expectedRevision: 'no_stream',
          },
        );
        const log = await store.readAll({ after: start, types: ['ScoreAwarded', 'CycleClosed'] });
        expect(log.map((event) => [event.type, event.revision])).toEqual([
          ['ScoreAwarded', 0],
          ['ScoreAwarded', 2],
          ['CycleClosed', 3],
        ]);
        expect(await store.readAll({ after: start, types: ['ScoreAwarded'], maxCount: 1 })).toEqual(
          log.slice(0, 1),
        );
      });

      it('filters by a stream prefix of whole segments in which _ and % are plain characters', async () => {
        const streams = [
          'cycle-a:2017',
          'cycle-a:2017:u1',
          'cycle-a:20170',
          'cycle-a:20170:u1',
          'cycle-a:2018',
          'cycle-a:201',
          'cycle_a:2017',
          'x%:1',
          'xzy:1',
          'x%',
        ];
        for (const stream of streams)
          await store.append(`${ns}${stream}`, events(1), { expectedRevision: 'no_stream' });
        const streamsWith = async (prefix: string): Promise<string[]> =>
          (await store.readAll({ after: start, streamPrefix: `${ns}${prefix}` })).map((event) =>
            event.streamId.slice(ns.length),
          );
        expect(await streamsWith('cycle-a:2017')).toEqual(['cycle-a:2017', 'cycle-a:2017:u1']);
        expect(await streamsWith('cycle-a:2017:')).toEqual(['cycle-a:2017:u1']);
        expect(await streamsWith('cycle-a')).toEqual([
          'cycle-a:2017',
          'cycle-a:2017:u1',
          'cycle-a:20170',
          'cycle-a:20170:u1',
          'cycle-a:2018',
          'cycle-a:201',
        ]);
        expect(await streamsWith('cycle_a')).toEqual(['cycle_a:2017']);
        expect(await streamsWith('x%')).toEqual(['x%:1', 'x%']);
        expect(await streamsWith('cycle-b')).toEqual([]);
      });

      it('combines types, stream prefix, after and maxCount', async () => {
        await store.append(`${ns}cycle:1`, [newEvent('A'), newEvent('B'), newEvent('A')], {
          expectedRevision: 'no_stream',
        });
        await store.append(`${ns}other`, [newEvent('A')], { expectedRevision: 'no_stream' });
        await store.append(`${ns}cycle:2`, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
        const matching = await store.readAll({ after: start, types: ['A'], streamPrefix: `${ns}cycle:` });
        expect(matching.map((event) => [event.streamId.slice(ns.length), event.revision])).toEqual([
          ['cycle:1', 0],
          ['cycle:1', 2],
          ['cycle:2', 0],
        ]);
        const rest = await store.readAll({
          after: matching[0].position,
          types: ['A'],
          streamPrefix: `${ns}cycle:`,
          maxCount: 1,
        });
        expect(rest).toEqual([matching[1]]);
      });
    });

    describe('headPosition', () => {
      it('is the position of the last event appended and ignores refused appends', async () => {
        const result = await store.append(`${ns}a`, events(3), { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBe(result.position);
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' }).catch(() => undefined);
        expect(await store.headPosition()).toBe(result.position);
      });
    });

    describe('readLogTail (when the store offers it)', () => {
      it('lists the stream and revision of every event after a position, in position order, up to maxCount', async () => {
        if (store.readLogTail === undefined) {
          console.log(
            `${name}: offers no readLogTail (the write side then reads context streams one by one)`,
          );
          return;
        }
        await store.append(`${ns}a`, events(2), { expectedRevision: 'no_stream' });
        await store.append(`${ns}b`, events(1), { expectedRevision: 'no_stream' });
        await store.append(`${ns}a`, events(1), { expectedRevision: 1 });
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' }).catch(() => undefined);
        const log = await ownLog();
        const tail = log.map(({ position, streamId, revision }) => ({ position, streamId, revision }));
        expect(tail.map(({ streamId, revision }) => [streamId.slice(ns.length), revision])).toEqual([
          ['a', 0],
          ['a', 1],
          ['b', 0],
          ['a', 2],
        ]);
        expect(await store.readLogTail(start, 100)).toEqual(tail);
        expect(await store.readLogTail(start, 2)).toEqual(tail.slice(0, 2));
        expect(await store.readLogTail(tail[1].position, 1)).toEqual([tail[2]]);
        expect(await store.readLogTail(tail[3].position, 100)).toEqual([]);
        await expect(store.readLogTail(-1, 10)).rejects.toBeInstanceOf(RangeError);
        await expect(store.readLogTail(start, 0)).rejects.toBeInstanceOf(RangeError);
      });
    });

    describe('subscriptions', () => {
      function collect(
        options: Parameters<EventStore['subscribe']>[0],
        onBatch?: (batch: readonly RecordedEvent[]) => Promise<void>,
      ): { delivered: RecordedEvent[]; batches: number[]; subscription: Subscription } {
        const delivered: RecordedEvent[] = [];
        const batches: number[] = [];
        const subscription = store.subscribe(options, async (batch) => {
          batches.push(batch.length);
          delivered.push(...batch);
          await onBatch?.(batch);
        });
        subscriptions.push(subscription);
        return { delivered, batches, subscription };
      }

      it('catches up in pages, then delivers live appends of 8 concurrent writers exactly once, in order', async () => {
        for (let i = 0; i < 5; i++)
          await store.append(`${ns}history`, events(3), { expectedRevision: 'any' });
        const { delivered, batches } = collect({ after: start, batchSize: 4 });
        await eventually('the catch-up', () => delivered.length >= 15);
        const writers = Array.from({ length: 8 }, async (_, writer) => {
          let revision = -1;
          for (let append = 0; append < 6; append++) {
            const size = 1 + ((writer + append) % 3);
            const result = await store.append(`${ns}writer-${writer}`, events(size), {
              expectedRevision: revision < 0 ? 'no_stream' : revision,
            });
            revision = result.nextExpectedRevision;
          }
        });
        await Promise.all(writers);
        const log = await ownLog();
        await eventually('every live event', () => delivered.length >= log.length);
        expect(delivered.map((event) => event.id)).toEqual(log.map((event) => event.id));
        expect(delivered).toEqual(log);
        expect(Math.max(...batches)).toBeLessThanOrEqual(4);
      });

      it('starts after the checkpoint it is given', async () => {
        await store.append(`${ns}a`, events(4), { expectedRevision: 'no_stream' });
        const log = await ownLog();
        const { delivered } = collect({ after: log[1].position });
        await eventually('the rest of the log', () => delivered.length >= 2);
        await store.append(`${ns}a`, events(1), { expectedRevision: 3 });
        await eventually('the live event', () => delivered.length >= 3);
        expect(delivered.map((event) => event.revision)).toEqual([2, 3, 4]);
      });

      it('delivers only the events that match its filter', async () => {
        const { delivered } = collect({
          after: start,
          types: ['ScoreAwarded'],
          streamPrefix: `${ns}cycle-a:2017`,
        });
        await store.append(`${ns}cycle-a:2017`, [newEvent('ScoreAwarded'), newEvent('PactSigned')], {
          expectedRevision: 'no_stream',
        });
        await store.append(`${ns}cycle-a:20170`, [newEvent('ScoreAwarded')], {
          expectedRevision: 'no_stream',
        });
        await store.append(`${ns}cycle-a:2017:u1`, [newEvent('PactSigned'), newEvent('ScoreAwarded')], {
          expectedRevision: 'no_stream',
        });
        await eventually('two matching events', () => delivered.length >= 2);
        // A marker appended last and delivered by a second subscription proves the first had its chance.
        const marker = collect({ after: start, types: ['Marker'] });
        await store.append(`${ns}cycle-a:2017`, [newEvent('Marker')], { expectedRevision: 1 });
        await eventually('the marker', () => marker.delivered.length === 1);
        expect(delivered.map((event) => [event.streamId.slice(ns.length), event.revision])).toEqual([
          ['cycle-a:2017', 0],
          ['cycle-a:2017:u1', 1],
        ]);
      });

      it('delivers every matching event exactly once while 8 writers append mostly others', async () => {
        const { delivered } = collect({ after: start, types: ['ScoreAwarded'], batchSize: 3 });
        const writers = Array.from({ length: 8 }, async (_, writer) => {
          let revision = -1;
          for (let append = 0; append < 6; append++) {
            const batch =
              (writer + append) % 4 === 0 ? [newEvent('PactSigned'), newEvent('ScoreAwarded')] : events(2);
            const result = await store.append(`${ns}mixed-${writer}`, batch, {
              expectedRevision: revision < 0 ? 'no_stream' : revision,
            });
            revision = result.nextExpectedRevision;
          }
        });
        await Promise.all(writers);
        const matching = (await ownLog()).filter((event) => event.type === 'ScoreAwarded');
        expect(matching).toHaveLength(12);
        await eventually('every matching event', () => delivered.length >= matching.length);
        // A marker appended last and delivered by a second subscription proves the first had its chance.
        const marker = collect({ after: start, types: ['Marker'] });
        await store.append(`${ns}mixed-0`, [newEvent('Marker')], { expectedRevision: 11 });
        await eventually('the marker', () => marker.delivered.length === 1);
        expect(delivered).toEqual(matching);
      });

      it('hands over the next batch only after the handler has finished the previous one', async () => {
        let running = 0;
        let mostAtOnce = 0;
        const { delivered } = collect({ after: start, batchSize: 2 }, async () => {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        });
        await store.append(`${ns}a`, events(6), { expectedRevision: 'no_stream' });
        await eventually('six events', () => delivered.length >= 6);
        expect(mostAtOnce).toBe(1);
      });

      it('stop() waits for the running handler and ends delivery', async () => {
        const gate = deferred();
        let handlerFinished = false;
        const { delivered, subscription } = collect({ after: start }, async () => {
          await gate.promise;
          handlerFinished = true;
        });
        await store.append(`${ns}a`, events(1), { expectedRevision: 'no_stream' });
        await eventually('the first delivery', () => delivered.length === 1);
        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(stopped).toBe(false);
        gate.resolve();
        await stopping;
        expect(handlerFinished).toBe(true);
        await expect(subscription.done).resolves.toBeUndefined();
        await store.append(`${ns}a`, events(2), { expectedRevision: 0 });
        // A live subscription proves the later events were delivered to anyone listening.
        const witness = collect({ after: start });
        await eventually('the witness', () => witness.delivered.length === 3);
        expect(delivered).toHaveLength(1);
      });

      it('ends with the handler error: done rejects and nothing more is delivered', async () => {
        const failure = new Error('projection failed');
        let calls = 0;
        const subscription = store.subscribe({ after: start, batchSize: 1 }, () => {
          calls++;
          throw failure;
        });
        subscriptions.push(subscription);
        await store.append(`${ns}a`, events(3), { expectedRevision: 'no_stream' });
        await expect(subscription.done).rejects.toBe(failure);
        expect(calls).toBe(1);
        await expect(subscription.stop()).resolves.toBeUndefined();
      });
    });

    describe('Unicode', () => {
      it('round-trips Vietnamese in both normal forms and emoji byte for byte', async () => {
        const precomposed = 'Sở Văn hóa và Thể thao'.normalize('NFC');
        const decomposed = precomposed.normalize('NFD');
        const emoji = 'Đơn vị dẫn đầu 🏆👩🏽‍💼🇻🇳';
        expect(decomposed).not.toBe(precomposed);
        const streamId = `${ns}khối-4:${precomposed}:${emoji}`;
        const event = newEvent(
          'Đã ghi nhận',
          { precomposed, decomposed, emoji, [decomposed]: 'key in NFD' },
          {
            ...metadata,
            actor: { sub: 'lđtbxh', name: decomposed, role: 'unit', unit: 'sở-lđ-tb-xh' },
            reason: emoji,
          },
        );
        await store.append(streamId, [event], { expectedRevision: 'no_stream' });
        const [stored] = await store.readStream(streamId);
        const data = stored.data as Record<string, string>;
        const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
        expect(bytes(stored.streamId)).toEqual(bytes(streamId));
        expect(bytes(stored.type)).toEqual(bytes('Đã ghi nhận'));
        expect(bytes(data.precomposed)).toEqual(bytes(precomposed));
        expect(bytes(data.decomposed)).toEqual(bytes(decomposed));
        expect(bytes(data.emoji)).toEqual(bytes(emoji));
        expect(bytes(data[decomposed])).toEqual(bytes('key in NFD'));
        expect(data[precomposed]).toBeUndefined();
        expect(bytes(stored.metadata.actor.name!)).toEqual(bytes(decomposed));
        expect(bytes(stored.metadata.reason!)).toEqual(bytes(emoji));
        expect(await store.readStream(`${ns}khối-4:${decomposed}:${emoji}`)).toEqual([]);
      });
    });

    describe('refused input', () => {
      const cyclic: Record<string, unknown> = { name: 'loop' };
      cyclic.self = cyclic;
      const cases: ReadonlyArray<[string, () => [string, NewEvent[]]]> = [
        ['an empty stream id', () => ['', [newEvent()]]],
        ['a stream id over 200 characters', () => [`${ns}${'x'.repeat(201)}`, [newEvent()]]],
        ['a stream id with a control character', () => [`${ns}a\nb`, [newEvent()]]],
        ['an empty type', () => [`${ns}a`, [newEvent('')]]],
        ['a type over 100 characters', () => [`${ns}a`, [newEvent('T'.repeat(101))]]],
        ['an id that is not a UUID', () => [`${ns}a`, [{ ...newEvent(), id: 'event-1' }]]],
        ['no events', () => [`${ns}a`, []]],
        ['BigInt data', () => [`${ns}a`, [newEvent('T', { points: 961n })]]],
        ['a function in the data', () => [`${ns}a`, [newEvent('T', { compute: () => 1 })]]],
        ['cyclic data', () => [`${ns}a`, [newEvent('T', cyclic)]]],
        ['NaN', () => [`${ns}a`, [newEvent('T', { points: Number.NaN })]]],
        ['Infinity', () => [`${ns}a`, [newEvent('T', [Number.POSITIVE_INFINITY])]]],
        ['undefined data', () => [`${ns}a`, [{ ...newEvent(), data: undefined }]]],
        ['a class instance in the data', () => [`${ns}a`, [newEvent('T', { members: new Map([['a', 1]]) })]]],
        ['an event over 1 MiB', () => [`${ns}a`, [newEvent('T', { text: 'x'.repeat(1024 * 1024) })]]],
      ];

      it.each(cases)('refuses %s with InvalidAppendError and writes nothing', async (_what, input) => {
        const [streamId, batch] = input();
        await expectRefusedWithoutWriting(
          () => store.append(streamId, batch, { expectedRevision: 'any' }),
          InvalidAppendError,
        );
      });

      it('accepts the limits themselves: 200-character stream ids, 100-character types, half a MiB', async () => {
        const streamId = `${ns}${'đ'.repeat(200 - ns.length)}`;
        await store.append(streamId, [newEvent('T'.repeat(100), { text: 'x'.repeat(512 * 1024) })], {
          expectedRevision: 'no_stream',
        });
        const [stored] = await store.readStream(streamId);
        expect((stored.data as { text: string }).text).toHaveLength(512 * 1024);
      });
    });

    describe('metadata', () => {
      it('round-trips actor, correlation, causation, reason and schema version', async () => {
        const full: EventMetadata = {
          actor: { sub: 'officer-7', name: 'Trần Thị B', role: 'unit', unit: 'so-khcn' },
          correlationId: randomUUID(),
          causationId: randomUUID(),
          reason: 'Điều chỉnh điểm sau khi xác minh',
          schemaVersion: 2,
        };
        await store.append(`${ns}a`, [newEvent('ScoreAwarded', { points: 961.5 }, full)], {
          expectedRevision: 'no_stream',
        });
        const [stored] = await store.readStream(`${ns}a`);
        expect(stored.metadata).toEqual(full);
        expect(stored.data).toEqual({ points: 961.5 });
      });
    });

    describe('integrity', () => {
      it('verifies a good log', async () => {
        for (let i = 0; i < 5; i++)
          await store.append(`${ns}s${i % 2}`, events(i + 1), { expectedRevision: 'any' });
        const report = await store.verifyIntegrity();
        expect(report.ok).toBe(true);
        expect(report.brokenAt).toBeUndefined();
        expect(report.checked).toBeGreaterThanOrEqual(15);
      });
    });

    describe('durability across reopening', () => {
      it('keeps every event and continues the log after close and reopen', async () => {
        if (!fixture.reopen) {
          // Not a pass: the fixture cannot open its data again, so nothing here was checked.
          console.log(
            `EventStore contract: ${name}: durability across reopening skipped: the fixture gives no reopen()`,
          );
          return;
        }
        await store.append(`${ns}a`, events(3), { expectedRevision: 'no_stream' });
        const before = await ownLog();
        await store.close();
        store = await fixture.reopen();
        expect(await ownLog()).toEqual(before);
        const result = await store.append(`${ns}a`, events(1), { expectedRevision: 2 });
        expect(result.position).toBeGreaterThan(before[2].position);
        expect(await store.verifyIntegrity()).toMatchObject({ ok: true });
      });
    });
  });
}
