import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, NewEvent } from './event-store.port.js';
import type { GroupCommit, ObservableGroupCommits } from './group-commit-observer.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { openScratchDatabase, type ScratchDatabase } from './testing/postgres-scratch-database.js';

const event = (): NewEvent => ({
  id: randomUUID(),
  type: 'Noted',
  data: {},
  metadata: { actor: { sub: 'spec', role: 'board' }, correlationId: 'c', causationId: 'c' },
});

/** Appends to `streams` streams at once (one group, or a few), two events each, and reports what the observer saw. */
async function observedAppends(
  store: EventStore & ObservableGroupCommits,
  streams: number,
): Promise<GroupCommit[]> {
  const seen: GroupCommit[] = [];
  const stop = store.observeGroupCommits((commit) => seen.push(commit));
  await Promise.all(
    Array.from({ length: streams }, (_, i) =>
      store.append(`note-${randomUUID()}-${i}`, [event(), event()], { expectedRevision: 'no_stream' }),
    ),
  );
  stop();
  await store.append(`note-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });
  return seen;
}

function expectAccounted(seen: readonly GroupCommit[], streams: number): void {
  expect(seen.reduce((sum, commit) => sum + commit.appends, 0)).toBe(streams);
  expect(seen.reduce((sum, commit) => sum + commit.events, 0)).toBe(streams * 2);
  for (const commit of seen) {
    expect(commit.committed).toBe(true);
    expect(commit.seconds).toBeGreaterThanOrEqual(0);
  }
}

describe('group commit observers', () => {
  let dataDir: string;
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'group-commit-observer-'));
    scratch = await openScratchDatabase('group_commit_observer');
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  });

  it('SQLite: reports every append and event of its group commits, until told to stop', async () => {
    const store = await SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    try {
      const seen = await observedAppends(store, 8);
      expectAccounted(seen, 8);
      // Appends queued in one turn of the event loop share one commit.
      expect(seen).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL: reports every append and event of its group commits, until told to stop', async () => {
    const store = await PostgresEventStore.open({
      connectionString: scratch.connectionString,
      schema: scratch.newSchema(),
    });
    try {
      expectAccounted(await observedAppends(store, 8), 8);
    } finally {
      await store.close();
    }
  });
});
