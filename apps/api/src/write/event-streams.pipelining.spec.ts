import { describe, expect, it, jest } from '@jest/globals';
import { type AdmitMember, blocDecider, blocStream, DomainError } from '@app/domain';
import { WrongExpectedRevisionError } from '@app/event-store';
import { keyedCommandId } from './command-origin.js';
import { EventStreams } from './event-streams.js';
import { MAX_ATTEMPTS } from './stream-command.js';
import {
  admit,
  foreignEvent,
  originOf,
  register,
  registerSeeing,
  STREAM,
  withdraw,
} from './testing/bloc-commands.js';
import { CommitFailedError, PipeliningMemoryStore } from './testing/pipelining-memory-store.js';

/** Waits until the store closed its group `group` (it commits it one macrotask later). */
const groupClosed = async (store: PipeliningMemoryStore, group: number) => {
  while (store.groups.length < group) await new Promise((resolve) => setImmediate(resolve));
};

const storedMembers = async (store: PipeliningMemoryStore) =>
  (await new EventStreams(store).load(STREAM, blocDecider)).state?.members.map((m) => m.unitId);

describe('EventStreams on a store that pipelines appends', () => {
  it('puts the commands of one stream decided meanwhile into one group commit, answering each once durable', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    const units = Array.from({ length: 10 }, (_, i) => `unit-${i}`);
    const answers = await Promise.all(
      units.map((unitId) =>
        admit(streams, unitId).then((accepted) => ({ accepted, headWhenAnswered: store.head })),
      ),
    );

    expect(store.groups).toEqual([[STREAM], units.map(() => STREAM)]);
    for (const { accepted, headWhenAnswered } of answers)
      expect(headWhenAnswered).toBeGreaterThanOrEqual(accepted.position);
    expect(answers.map(({ accepted }) => accepted.position)).toEqual(units.map((_, i) => i + 2));
    expect(await storedMembers(store)).toEqual(['y-te', ...units]);
  });

  it('writes every command of a request that shares its non-keyed id, each in turn', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    const shared = originOf();
    const answers = await Promise.all(['u1', 'u2', 'u3'].map((unitId) => admit(streams, unitId, shared)));
    expect(answers.map((accepted) => accepted.position)).toEqual([2, 3, 4]);
    expect(store.groups).toHaveLength(2);
  });

  it('decides on the appends waiting for their commit, chaining each to the last event it was decided on', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    const append = jest.spyOn(store, 'append');
    const first = admit(streams, 'u1');
    await groupClosed(store, 2);
    // u1 is not durable yet: it joins the next group, on top of u1.
    const second = withdraw(streams, 'u1');
    await Promise.all([first, second]);

    const [admitted, withdrawn] = await store.readStream(STREAM, { fromRevision: 1 });
    expect(append.mock.calls.map(([, , options]) => options)).toEqual([
      { expectedRevision: 0, expectedLastEventId: (await store.readStream(STREAM))[0]!.id },
      { expectedRevision: 1, expectedLastEventId: admitted!.id },
    ]);
    expect(withdrawn).toMatchObject({ type: 'MemberWithdrawn', revision: 2 });
    expect(store.groups).toHaveLength(3);
  });

  it('keeps load() to durable state while an append waits for its commit', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    const admitted = admit(streams, 'u1');
    await groupClosed(store, 2);
    expect((await streams.load(STREAM, blocDecider)).state?.members.map((m) => m.unitId)).toEqual(['y-te']);
    await admitted;
    expect((await streams.load(STREAM, blocDecider)).state?.members.map((m) => m.unitId)).toEqual([
      'y-te',
      'u1',
    ]);
  });

  it('answers a refusal decided on a pending append once that append is written', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    const first = admit(streams, 'u1');
    await groupClosed(store, 2);
    const again = admit(streams, 'u1');
    await expect(again).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(first).resolves.toMatchObject({ events: ['MemberAdmitted'] });
  });

  it('after a failed commit, decides again or refuses every command decided on top of it, writing none on what did not happen', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams); // group 1
    store.failGroup(2);
    const failing = [admit(streams, 'u1'), admit(streams, 'u2')]; // group 2
    await groupClosed(store, 2);
    // Decided on top of u1 and u2, which will not be written.
    const onTop = {
      admitU1Again: admit(streams, 'u1'), // refused on the pending state, valid on the durable one
      withdrawU2: withdraw(streams, 'u2'), // valid only if u2 were a member
      admitU3: admit(streams, 'u3', originOf('a3000000-0000-4000-8000-000000000003')),
    };
    const [u1, u2] = await Promise.allSettled(failing);
    expect(u1).toMatchObject({ status: 'rejected', reason: expect.any(CommitFailedError) });
    expect(u2).toMatchObject({ status: 'rejected', reason: expect.any(CommitFailedError) });
    await expect(onTop.withdrawU2).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
    const answers = [await onTop.admitU1Again, await onTop.admitU3];

    const stored = await store.readStream(STREAM);
    expect(stored.map((event) => event.type)).toEqual(['BlocRegistered', 'MemberAdmitted', 'MemberAdmitted']);
    expect(await storedMembers(store)).toEqual(expect.arrayContaining(['y-te', 'u1', 'u3']));
    expect(await storedMembers(store)).toHaveLength(3);
    // Every acknowledged command is in the log, at the position it was answered with.
    for (const accepted of answers)
      expect(stored.find((event) => event.position === accepted.position)?.type).toBe('MemberAdmitted');
    expect(stored.find((event) => event.position === answers[1]!.position)?.metadata.causationId).toBe(
      'a3000000-0000-4000-8000-000000000003',
    );
    // The fold the write side holds is the stored one.
    expect((await streams.load(STREAM, blocDecider)).state).toEqual(
      (await new EventStreams(store).load(STREAM, blocDecider)).state,
    );
  });

  it('refuses an append whose revision another writer took after the append under it failed (ABA)', async () => {
    const store: PipeliningMemoryStore = new PipeliningMemoryStore((group) => {
      // Between the failed group and the next, another writer takes revision 1.
      if (group === 3)
        store.appendForeign(STREAM, [
          foreignEvent('MemberAdmitted', { blocId: 'kg-4', unitId: 'u-foreign', name: 'Foreign' }),
        ]);
    });
    const streams = new EventStreams(store);
    await register(streams);
    store.failGroup(2);
    const failing = admit(streams, 'u1');
    await groupClosed(store, 2);
    const append = jest.spyOn(store, 'append');
    const withdrawU1 = withdraw(streams, 'u1');
    const admitU2 = admit(streams, 'u2');

    await expect(failing).rejects.toBeInstanceOf(CommitFailedError);
    await expect(withdrawU1).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
    await expect(admitU2).resolves.toMatchObject({ events: ['MemberAdmitted'] });
    // The withdrawal was handed over at revision 1, the revision the foreign event then took.
    expect(append.mock.calls[0]![2]).toMatchObject({ expectedRevision: 1 });
    const stored = await store.readStream(STREAM);
    expect(stored.map((event) => [event.type, (event.data as { unitId?: string }).unitId])).toEqual([
      ['BlocRegistered', undefined],
      ['MemberAdmitted', 'u-foreign'],
      ['MemberAdmitted', 'u2'],
    ]);
    expect((await streams.load(STREAM, blocDecider)).state?.members.map((m) => m.unitId)).toEqual([
      'y-te',
      'u-foreign',
      'u2',
    ]);
  });

  it('answers a keyed retry sent while the original waits for its commit with the original answer', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    const keyed = originOf(keyedCommandId('board-officer', 'admit-1', 'request-hash'));
    const original = admit(streams, 'u1', keyed);
    const retryAtOnce = admit(streams, 'u1', keyed);
    await groupClosed(store, 2);
    const retryWhilePending = admit(streams, 'u1', keyed);

    const answer = await original;
    await expect(retryAtOnce).resolves.toEqual(answer);
    await expect(retryWhilePending).resolves.toEqual(answer);
    await expect(admit(streams, 'u1', keyed)).resolves.toEqual(answer);
    expect(store.head).toBe(2);
  });

  it('runs a keyed retry itself when the original, pending meanwhile, wrote nothing', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    store.failGroup(2);
    const keyed = originOf(keyedCommandId('board-officer', 'admit-1', 'request-hash'));
    const original = admit(streams, 'u1', keyed);
    await groupClosed(store, 2);
    const retry = admit(streams, 'u1', keyed);

    await expect(original).rejects.toBeInstanceOf(CommitFailedError);
    await expect(retry).resolves.toEqual({ position: 2, events: ['MemberAdmitted'] });
    expect(store.head).toBe(2);
  });

  it('answers 409 once a command was refused by the store MAX_ATTEMPTS times', async () => {
    // Another writer moves the stream before every commit: every append handed over is refused.
    let moving = false;
    const store: PipeliningMemoryStore = new PipeliningMemoryStore(() => {
      if (moving)
        store.appendForeign(STREAM, [
          foreignEvent('MemberAdmitted', { blocId: 'kg-4', unitId: `f-${store.head}`, name: 'Foreign' }),
        ]);
    });
    const streams = new EventStreams(store);
    await register(streams);
    moving = true;
    await expect(admit(streams, 'u1')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(store.groups).toHaveLength(1 + MAX_ATTEMPTS);
    expect(await storedMembers(store)).not.toContain('u1');
  });

  it('reads a context stream once for the commands waiting for their turn, and again for a command arriving later', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    const OTHER = blocStream('other');
    store.appendForeign(OTHER, [
      foreignEvent('BlocRegistered', {
        blocId: 'other',
        name: 'Other',
        members: [{ unitId: 'o-1', name: 'O 1' }],
      }),
    ]);
    const readStream = jest.spyOn(store, 'readStream');
    const reads = () => readStream.mock.calls.filter(([streamId]) => streamId === OTHER).length;
    const seen: string[][] = [];
    const admitSeeingOther = (unitId: string) => {
      const origin = originOf();
      const command: AdmitMember = {
        type: 'AdmitMember',
        data: { blocId: 'kg-4', unitId, name: unitId },
        metadata: origin,
      };
      return streams.decideAndAppend(
        STREAM,
        blocDecider,
        async (bloc, context) => {
          const other = await context.load(OTHER, blocDecider);
          seen.push(other.state?.members.map((m) => m.unitId) ?? []);
          return blocDecider.decide(command, bloc);
        },
        origin,
      );
    };

    await Promise.all(['u1', 'u2', 'u3', 'u4'].map(admitSeeingOther));
    expect(reads()).toBe(1);
    // Another writer (the deadline tracker, another process) moves the context stream directly.
    store.appendForeign(OTHER, [
      foreignEvent('MemberAdmitted', { blocId: 'other', unitId: 'o-2', name: 'O 2' }),
    ]);
    await admitSeeingOther('u5');
    expect(reads()).toBe(2);
    expect(seen).toEqual([...Array.from({ length: 4 }, () => ['o-1']), ['o-1', 'o-2']]);
    // load() outside a decision always reads.
    await streams.load(OTHER, blocDecider);
    expect(reads()).toBe(3);
  });

  it('shares one read of a context stream among commands on different streams that arrive in one turn, and reads again for a later one', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    const CONTEXT = blocStream('context');
    const registered = (blocId: string, unitId: string) =>
      foreignEvent('BlocRegistered', { blocId, name: blocId, members: [{ unitId, name: unitId }] });
    store.appendForeign(CONTEXT, [registered('context', 'c-1')]);
    const readStream = jest.spyOn(store, 'readStream');
    const reads = () => readStream.mock.calls.filter(([streamId]) => streamId === CONTEXT).length;
    const seen: string[][] = [];
    // Each command registers a bloc of its own (its own stream), reading the context stream.
    const registerSeeingContext = async (blocId: string) =>
      seen.push(...(await registerSeeing(streams, blocId, [CONTEXT])));
    await Promise.all(['a', 'b', 'c', 'd'].map(registerSeeingContext));
    expect(reads()).toBe(1);
    // Written before the next command arrives: its read starts after that, and sees it.
    store.appendForeign(CONTEXT, [
      {
        ...registered('context', 'c-2'),
        type: 'MemberAdmitted',
        data: { blocId: 'context', unitId: 'c-2', name: 'C 2' },
      },
    ]);
    await registerSeeingContext('e');
    expect(reads()).toBe(2);
    expect(seen).toEqual([...Array.from({ length: 4 }, () => ['c-1']), ['c-1', 'c-2']]);
  });

  it('lets every accepted command finish, re-decided ones included, before shutting down', async () => {
    const store = new PipeliningMemoryStore();
    const streams = new EventStreams(store);
    await register(streams);
    store.failGroup(2);
    const settled: string[] = [];
    const track = (name: string, command: Promise<unknown>) =>
      command.then(
        () => settled.push(name),
        (error: unknown) =>
          settled.push(`${name}: ${error instanceof DomainError ? error.code : String(error)}`),
      );
    track('u1', admit(streams, 'u1'));
    await groupClosed(store, 2);
    track('u2', admit(streams, 'u2'));
    track('u3', admit(streams, 'u3'));

    await streams.onApplicationShutdown();
    expect(settled.sort()).toEqual(['u1: CommitFailedError: group commit 2 failed', 'u2', 'u3']);
    expect(await storedMembers(store)).toEqual(['y-te', 'u2', 'u3']);
    await store.close();
  });
});
