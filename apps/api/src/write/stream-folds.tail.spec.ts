import { describe, expect, it, jest } from '@jest/globals';
import { blocStream } from '@app/domain';
import { EventStreams } from './event-streams.js';
import { TAIL_CHECK_LIMIT } from './tail-checks.js';
import {
  admit,
  foreignEvent,
  register,
  registerSeeing as registerSeeingIn,
  STREAM,
} from './testing/bloc-commands.js';
import { PipeliningMemoryStore } from './testing/pipelining-memory-store.js';

const registered = (blocId: string, unitId: string) =>
  foreignEvent('BlocRegistered', { blocId, name: blocId, members: [{ unitId, name: unitId }] });
const admitted = (blocId: string, unitId: string) =>
  foreignEvent('MemberAdmitted', { blocId, unitId, name: unitId });

/** A store that lists its tail, the write side on it, and what its commands saw of their context. */
function given() {
  const store = new PipeliningMemoryStore(undefined, { listsTail: true });
  const streams = new EventStreams(store);
  const readStream = jest.spyOn(store, 'readStream');
  const reads = (streamId: string) => readStream.mock.calls.filter(([read]) => read === streamId).length;
  let blocs = 0;
  /** Registers a bloc of its own, reading each of `contexts`: the members it saw in each. */
  const registerSeeing = (...contexts: string[]): Promise<string[][]> =>
    registerSeeingIn(streams, `b${++blocs}`, contexts);
  return { store, streams, reads, registerSeeing };
}

const A = blocStream('context-a');
const B = blocStream('context-b');

/** given(), with context stream A written by another writer, read once and vouched for since. */
async function givenAVouchedFor() {
  const world = given();
  world.store.appendForeign(A, [registered('context-a', 'a-1')]);
  await world.registerSeeing(A); // the checks start, A is read
  await world.registerSeeing(A); // A is vouched for
  expect(world.reads(A)).toBe(1);
  return world;
}

describe('StreamFolds on a store that lists its log tail', () => {
  it('checks the tail once per turn and reads only the context streams it cannot vouch for', async () => {
    const { store, reads, registerSeeing } = given();
    store.appendForeign(A, [registered('context-a', 'a-1')]);
    store.appendForeign(B, [registered('context-b', 'b-1')]);

    // First turn: the checks start here, and nothing cached can be vouched for yet.
    const first = await Promise.all([registerSeeing(A), registerSeeing(A), registerSeeing(B)]);
    expect(first).toEqual([[['a-1']], [['a-1']], [['b-1']]]);
    expect([reads(A), reads(B)]).toEqual([1, 1]);
    const checks = store.tailReads;

    // Nothing happened to either since: one check, no read.
    const second = await Promise.all([registerSeeing(A), registerSeeing(B), registerSeeing(B)]);
    expect(second).toEqual([[['a-1']], [['b-1']], [['b-1']]]);
    expect([reads(A), reads(B)]).toEqual([1, 1]);
    expect(store.tailReads).toBe(checks + 1);

    // Another writer moves B: the next turn's check finds it, and B alone is read again.
    store.appendForeign(B, [admitted('context-b', 'b-2')]);
    const third = await Promise.all([registerSeeing(A), registerSeeing(B), registerSeeing(B)]);
    expect(third).toEqual([[['a-1']], [['b-1', 'b-2']], [['b-1', 'b-2']]]);
    expect([reads(A), reads(B)]).toEqual([1, 2]);
    expect(store.tailReads).toBe(checks + 2);
  });

  it('vouches for a stream this process wrote through its folds, and reads one written around them', async () => {
    const { store, streams, reads, registerSeeing } = given();
    await register(streams);
    await registerSeeing(STREAM); // the checks start
    await registerSeeing(STREAM); // read once, vouched for from then on
    const before = reads(STREAM);

    // Written by this process's write side: the fold was extended with it, no read needed.
    await admit(streams, 'u1');
    expect(await registerSeeing(STREAM)).toEqual([['y-te', 'u1']]);
    expect(reads(STREAM)).toBe(before);

    // Written to the store directly (not through the folds): the check finds it past the fold.
    store.appendForeign(STREAM, [admitted('kg-4', 'u2')]);
    expect(await registerSeeing(STREAM)).toEqual([['y-te', 'u1', 'u2']]);
    expect(reads(STREAM)).toBe(before + 1);
  });

  it('reads every context stream again after a tail longer than one check reads', async () => {
    const { store, reads, registerSeeing } = await givenAVouchedFor();

    // A long tail elsewhere: A did not change, but what lies past the check is not known.
    const elsewhere = blocStream('elsewhere');
    store.appendForeign(elsewhere, [registered('elsewhere', 'e-1')]);
    store.appendForeign(
      elsewhere,
      Array.from({ length: TAIL_CHECK_LIMIT }, (_, n) => admitted('elsewhere', `e-${n + 2}`)),
    );
    // What lies past the check is not known: no claim made before it started over is trusted,
    // and A is read again though it did not change.
    expect(await registerSeeing(A)).toEqual([['a-1']]);
    expect(reads(A)).toBe(2);
    // Vouched for again after that.
    expect(await registerSeeing(A)).toEqual([['a-1']]);
    expect(reads(A)).toBe(2);
  });

  it('reads the context streams while the tail cannot be read, and starts the checks over after', async () => {
    const { store, reads, registerSeeing } = await givenAVouchedFor();

    store.failTailReads = true;
    store.appendForeign(A, [admitted('context-a', 'a-2')]);
    expect(await registerSeeing(A)).toEqual([['a-1', 'a-2']]); // the check fails: read
    expect(await registerSeeing(A)).toEqual([['a-1', 'a-2']]); // the checks start over: read
    expect(await registerSeeing(A)).toEqual([['a-1', 'a-2']]); // the check fails again: read
    expect(reads(A)).toBe(4);

    store.failTailReads = false;
    store.appendForeign(A, [admitted('context-a', 'a-3')]);
    expect(await registerSeeing(A)).toEqual([['a-1', 'a-2', 'a-3']]); // the checks start over: read
    expect(reads(A)).toBe(5);
    expect(await registerSeeing(A)).toEqual([['a-1', 'a-2', 'a-3']]); // vouched for
    expect(reads(A)).toBe(5);
  });
});
