/**
 * The cross-bloc rule with the API scaled out: two handler stacks, as two API processes, each
 * with its own connection to one PostgreSQL log and its own PostgreSQL exclusive sections (so
 * that nothing in this process can make them take turns).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, nominationStream } from '@app/domain';
import { createEventStore, type EventStore, type ReadAllOptions } from '@app/event-store';
import {
  advisoryLockAwaited,
  deferred,
  openScratchDatabase,
  type ScratchDatabase,
} from '@app/event-store/testing';
import { PostgresExclusiveSections } from '@app/runtime';
import { nominationSteps } from '../../testing/reference-nominations.js';
import { referenceWriteSide } from '../../testing/reference-write-side.js';
import { EventStreams } from '../../write/event-streams.js';

/**
 * The store, calling `onNominationsRead` when a read of the log's NominationSubmitted events has
 * returned, before its reader goes on.
 */
function reportingNominationReads(store: EventStore, onNominationsRead: () => Promise<void>): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'readAll') {
        return async (options?: ReadAllOptions) => {
          const events = await target.readAll(options);
          if (options?.types?.includes('NominationSubmitted') === true) await onNominationsRead();
          return events;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

let database: ScratchDatabase;
beforeAll(async () => {
  database = await openScratchDatabase('nomination_race');
});
afterAll(async () => {
  await database?.drop();
});

describe('SubmitNominationHandler, two API processes on one PostgreSQL log', () => {
  const OTHER_BLOC = 'kg-khoi-9';

  it('when both blocs nominate the unit for the flag at once, each through its own process, then exactly one is accepted, the other is ALREADY_EXISTS naming it, and the log holds one NominationSubmitted', async () => {
    const { connectionString } = database;
    const schema = database.newSchema();
    const openStore = () => createEventStore({ kind: 'postgres', connectionString, schema });

    // The widest race: A, having read the unit's nominations, goes on to its append only once B
    // has read them too (nothing made them take turns: both pass the check) or B waits in the
    // database for the section A holds.
    let racing = false;
    const aHasRead = deferred();
    const bHasRead = deferred();
    const stopWatching = new AbortController();
    let watching: Promise<void> = Promise.resolve();
    let lockOfTheUnit = '';
    const side = await referenceWriteSide({
      store: reportingNominationReads(await openStore(), async () => {
        if (!racing) return;
        racing = false;
        aHasRead.resolve();
        watching = advisoryLockAwaited(connectionString, lockOfTheUnit, stopWatching.signal);
        await Promise.race([bHasRead.promise, watching]);
      }),
      sections: await PostgresExclusiveSections.connect(connectionString),
    });
    const storeB = reportingNominationReads(await openStore(), async () => bHasRead.resolve());
    const sectionsB = await PostgresExclusiveSections.connect(connectionString);
    try {
      await side.given('honoured');
      const inA = nominationSteps(side);
      const inB = nominationSteps(
        { ...side, streams: new EventStreams(storeB), sections: sectionsB },
        await side.givenBloc(OTHER_BLOC, 'honoured'),
      );
      const { leadingUnit } = side.reference;
      // The section's lock, as the handler names it (PostgresExclusiveSections prefixes `exclusive:`).
      lockOfTheUnit = `exclusive:nomination:${side.cycle.year}:emulation-flag:${leadingUnit}`;

      racing = true;
      const first = inA.submit(leadingUnit, 'emulation-flag');
      await Promise.race([aHasRead.promise, first]);
      const second = inB.submit(leadingUnit, 'emulation-flag');
      const [accepted, refused] = await Promise.allSettled([first, second]);

      expect(accepted).toMatchObject({
        status: 'fulfilled',
        value: { nominationId: inA.idOf(leadingUnit, 'emulation-flag'), events: ['NominationSubmitted'] },
      });
      expect(refused).toMatchObject({ status: 'rejected' });
      const refusal = (refused as PromiseRejectedResult).reason as unknown;
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({
        code: 'ALREADY_EXISTS',
        details: { nominationId: inA.idOf(leadingUnit, 'emulation-flag') },
      });
      const submitted = await side.store.readAll({ types: ['NominationSubmitted'] });
      expect(submitted.map(({ streamId }) => streamId)).toEqual([
        nominationStream(inA.idOf(leadingUnit, 'emulation-flag')),
      ]);
    } finally {
      stopWatching.abort();
      await watching.catch(() => undefined);
      await Promise.all([side.close(), sectionsB.close(), storeB.close()]);
    }
  });
});
