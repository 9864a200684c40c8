import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { blocDecider, blocStream, DomainError } from '@app/domain';
import { createEventStore, type EventStore, type GroupCommit, observesGroupCommits } from '@app/event-store';
import { keyedCommandId } from './command-origin.js';
import { EventStreams } from './event-streams.js';
import { admit, originOf, register, STREAM, withdraw } from './testing/bloc-commands.js';

describe('EventStreams', () => {
  let dataDir: string;
  let store: EventStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'blocs-streams-'));
    store = await createEventStore({ kind: 'sqlite', dataDir });
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('appends the decided events with who, why and which schema, and answers their position and types', async () => {
    const streams = new EventStreams(store);
    const origin = originOf();
    await expect(register(streams)).resolves.toEqual({ position: 1, events: ['BlocRegistered'] });
    await expect(withdraw(streams, 'y-te', 'Merged')).rejects.toMatchObject({ code: 'INVALID_MEMBERS' });
    await admit(streams, 'du-lich');
    await expect(withdraw(streams, 'du-lich', 'Moved to bloc 2', origin)).resolves.toEqual({
      position: 3,
      events: ['MemberWithdrawn'],
    });

    const [, , withdrawn] = await store.readStream(STREAM);
    expect(withdrawn).toMatchObject({
      revision: 2,
      type: 'MemberWithdrawn',
      metadata: {
        actor: origin.actor,
        correlationId: 'meeting-1',
        causationId: origin.causationId,
        reason: 'Moved to bloc 2',
        schemaVersion: 1,
      },
    });
  });

  it('decides again on the stored stream when another writer moved it first', async () => {
    const here = new EventStreams(store);
    const elsewhere = new EventStreams(store); // as another process would, with its own cache
    await register(here);
    await admit(elsewhere, 'du-lich');

    // `here` still has the fold of revision 0; its append at that revision fails and is retried.
    const append = jest.spyOn(store, 'append');
    await expect(admit(here, 'giao-duc')).resolves.toEqual({ position: 3, events: ['MemberAdmitted'] });
    expect(append).toHaveBeenCalledTimes(2);
    expect((await here.load(STREAM, blocDecider)).state?.members.map((m) => m.unitId)).toEqual([
      'y-te',
      'du-lich',
      'giao-duc',
    ]);
  });

  it('checks a refusal against the stored stream before answering it', async () => {
    const here = new EventStreams(store);
    const elsewhere = new EventStreams(store);
    await register(here);
    await admit(elsewhere, 'du-lich');

    // On `here`'s cached fold du-lich is no member; the stored stream says it is.
    await expect(withdraw(here, 'du-lich', 'Moved to bloc 2')).resolves.toMatchObject({
      events: ['MemberWithdrawn'],
    });
    await expect(withdraw(here, 'ban-dan-toc', 'Never joined')).rejects.toBeInstanceOf(DomainError);
  });

  it('lets commands on one stream take turns in this process, without conflicts', async () => {
    const streams = new EventStreams(store);
    await register(streams);
    const append = jest.spyOn(store, 'append');
    const units = Array.from({ length: 10 }, (_, i) => `unit-${i}`);
    const answers = await Promise.all(units.map((unitId) => admit(streams, unitId)));
    expect(answers.map((a) => a.position).sort((a, b) => a - b)).toEqual(units.map((_, i) => i + 2));
    expect(append).toHaveBeenCalledTimes(10);
  });

  it('puts the commands of one stream into one group commit when the store pipelines appends', async () => {
    if (store.pipelinesAppends !== true)
      return console.log('the SQLite store does not pipeline appends here: commands take turns (spec above)');
    if (!observesGroupCommits(store)) throw new Error('the SQLite store reports its group commits');
    const streams = new EventStreams(store);
    await register(streams);
    const commits: GroupCommit[] = [];
    const stop = store.observeGroupCommits((commit) => commits.push(commit));
    const units = Array.from({ length: 10 }, (_, i) => `unit-${i}`);
    const answers = await Promise.all(units.map((unitId) => admit(streams, unitId)));
    stop();
    expect(commits).toEqual([expect.objectContaining({ appends: 10, events: 10, committed: true })]);
    expect(answers.map((a) => a.position)).toEqual(units.map((_, i) => i + 2));
  });

  it('folds a stream it has not seen from the store, and an unknown stream to the initial state', async () => {
    await register(new EventStreams(store));
    const fresh = new EventStreams(store);
    await expect(fresh.load(STREAM, blocDecider)).resolves.toMatchObject({
      revision: 0,
      position: 1,
      state: { blocId: 'kg-4' },
    });
    await expect(fresh.load(blocStream('nowhere'), blocDecider)).resolves.toEqual({
      state: null,
      revision: -1,
      position: 0,
      keyedCommands: new Map(),
    });
  });

  it('answers a keyed command that already wrote to the stream with what it wrote, from any process', async () => {
    const keyed = originOf(keyedCommandId('board-officer', 'admit-1', 'request-hash'));
    const first = new EventStreams(store);
    await register(first);
    const written = await admit(first, 'du-lich', keyed);
    expect(written).toEqual({ position: 2, events: ['MemberAdmitted'] });
    // The answer was lost (the process stopped before recording it): a retry, in this process
    // or another that never saw the stream, or one that saw it before the first attempt.
    const stale = new EventStreams(store);
    await stale.load(STREAM, blocDecider);
    for (const streams of [first, new EventStreams(store), stale]) {
      await expect(admit(streams, 'du-lich', keyed)).resolves.toEqual(written);
    }
    expect(await store.headPosition()).toBe(2);
    // Another command, keyed or not, runs (and is refused: the unit is a member already).
    const other = originOf(keyedCommandId('board-officer', 'admit-2', 'request-hash'));
    await expect(admit(first, 'du-lich', other)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(admit(first, 'du-lich')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});
