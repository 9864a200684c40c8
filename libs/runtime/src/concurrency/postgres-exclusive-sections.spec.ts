/**
 * PostgresExclusiveSections as two API processes use it: two instances, each with its own pool,
 * on one database. Whether the second one waits is read from the database's lock table, so the
 * specs wait for states, never for time.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import {
  advisoryLockAwaited,
  deferred,
  openScratchDatabase,
  type ScratchDatabase,
} from '@app/event-store/testing';
import { PostgresExclusiveSections } from './postgres-exclusive-sections.js';

/** The database as seen from outside both instances. */
async function query<R extends Record<string, unknown>>(
  connectionString: string,
  text: string,
  values: unknown[] = [],
) {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

let database: ScratchDatabase;
beforeAll(async () => {
  database = await openScratchDatabase('sections');
});
afterAll(async () => {
  await database?.drop();
});

describe('PostgresExclusiveSections, two processes on one database', () => {
  /** Each instance's sessions carry its name, so that the spec can look for them after close. */
  const applicationName = (process: string) => `sections_${process}_${randomUUID().slice(0, 8)}`;
  const connectionStringOf = (name: string) => {
    const url = new URL(database.connectionString);
    url.searchParams.set('application_name', name);
    return url.toString();
  };
  let names: { a: string; b: string };
  let a: PostgresExclusiveSections;
  let b: PostgresExclusiveSections;
  let open: boolean;
  beforeEach(async () => {
    names = { a: applicationName('a'), b: applicationName('b') };
    a = await PostgresExclusiveSections.connect(connectionStringOf(names.a));
    b = await PostgresExclusiveSections.connect(connectionStringOf(names.b));
    open = true;
  });
  afterEach(async () => {
    if (open) await Promise.all([a.close(), b.close()]);
  });

  /** The lock a section takes in the database. */
  const lockOf = (name: string) => `exclusive:${name}`;

  /** Settles once a session waits in the database for the section `name`, or once `started` has (nobody waited). */
  async function waitingOrStarted(name: string, started: Promise<void>): Promise<void> {
    const stop = new AbortController();
    const watching = advisoryLockAwaited(database.connectionString, lockOf(name), stop.signal);
    try {
      await Promise.race([watching, started]);
    } finally {
      stop.abort();
      await watching.catch(() => undefined);
    }
  }

  it("while A holds a name, B's work on it starts only once A's has settled; other names run meanwhile", async () => {
    const name = `unit-${randomUUID()}`;
    const order: string[] = [];
    const aHolds = deferred();
    const aMayFinish = deferred();
    const first = a.run(name, async () => {
      order.push('A starts');
      aHolds.resolve();
      await aMayFinish.promise;
      order.push('A ends');
      return 'A';
    });
    await aHolds.promise;
    const bStarts = deferred();
    const second = b.run(name, async () => {
      order.push('B starts');
      bStarts.resolve();
      return 'B';
    });
    // B is queued at the database, behind A's session: not merely late.
    await waitingOrStarted(name, bStarts.promise);
    expect(await b.run(`other-${randomUUID()}`, async () => 'B, another name')).toBe('B, another name');
    expect(await a.run(`other-${randomUUID()}`, async () => 'A, another name')).toBe('A, another name');
    expect(order).toEqual(['A starts']);

    aMayFinish.resolve();
    expect(await Promise.all([first, second])).toEqual(['A', 'B']);
    expect(order).toEqual(['A starts', 'A ends', 'B starts']);
  });

  it("an error inside the work is the caller's, and the name is free again for the other process", async () => {
    const name = `unit-${randomUUID()}`;
    const aHolds = deferred();
    const aFails = deferred();
    const first = a.run(name, async () => {
      aHolds.resolve();
      await aFails.promise;
    });
    await aHolds.promise;
    let bStarted = false;
    const bStarts = deferred();
    const second = b.run(name, async () => {
      bStarted = true;
      bStarts.resolve();
      return 'B';
    });
    await waitingOrStarted(name, bStarts.promise);
    expect(bStarted).toBe(false);

    aFails.reject(new Error('refused inside the section'));
    await expect(first).rejects.toThrow('refused inside the section');
    expect(await second).toBe('B');
    // And A takes it again at once: its connection gave the lock back.
    expect(await a.run(name, async () => 'A again')).toBe('A again');
  });

  it('close lets the work in progress finish, then leaves no session and no lock behind', async () => {
    const name = `unit-${randomUUID()}`;
    const aHolds = deferred();
    const aMayFinish = deferred();
    let finished = false;
    const work = a.run(name, async () => {
      aHolds.resolve();
      await aMayFinish.promise;
      finished = true;
    });
    await aHolds.promise;
    await b.run(`other-${randomUUID()}`, async () => undefined);
    const closed = Promise.all([a.close(), b.close()]);
    open = false;
    aMayFinish.resolve();
    await closed;
    await work;
    expect(finished).toBe(true);

    const sessions = await query(
      database.connectionString,
      'SELECT pid FROM pg_stat_activity WHERE application_name = ANY($1)',
      [[names.a, names.b]],
    );
    expect(sessions).toEqual([]);
    const locks = await query(
      database.connectionString,
      `SELECT objid FROM pg_locks WHERE locktype = 'advisory'
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [lockOf(name)],
    );
    expect(locks).toEqual([]);
    await expect(a.run(name, async () => undefined)).rejects.toThrow();
  });
});
