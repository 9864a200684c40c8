/**
 * Who may read a bloc-year's documents: the same rule as the bloc routes (assertBlocReader)
 * and the province scope, checked against the bloc and cycle as the log holds them, so that
 * a document route needs no read model (and /api/documents/:id, which has no `:blocId` for
 * the province guard, is scoped too).
 */
import {
  type Actor,
  blocStream,
  cycleStream,
  type DomainEvent,
  isDomainEventType,
  toDomainEvent,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import {
  blocsProjection,
  cycleKey,
  cycleProjection,
  foldDocuments,
  ReadModelNotFoundError,
} from '@app/projections';
import { assertWithinProvince } from '../auth/province-scope.js';
import { ApiError } from '../http/api.error.js';
import { assertBlocReader } from '../queries/bloc-readers.js';

export async function assertDocumentReader(
  reader: Actor,
  store: EventStore,
  blocId: string,
  year: number,
): Promise<void> {
  const domainEvents = (recorded: Awaited<ReturnType<EventStore['readStream']>>): DomainEvent[] =>
    recorded.filter((event) => isDomainEventType(event.type)).map(toDomainEvent);
  const blocEvents = domainEvents(await store.readStream(blocStream(blocId)));
  const opening = domainEvents(await store.readStream(cycleStream(blocId, year), { maxCount: 1 }));
  const registered = blocEvents[0];
  if (registered?.type !== 'BlocRegistered' || opening.length === 0) {
    throw ApiError.notFound(`cycle ${blocId} ${year} not found`);
  }
  assertWithinProvince(reader, registered.data.province, `bloc ${blocId}`);
  const bloc = foldDocuments(blocsProjection, [...blocEvents, ...opening]).get(blocId);
  const cycle = foldDocuments(cycleProjection, opening).get(cycleKey(blocId, year));
  await assertBlocReader(
    reader,
    {
      blocDocument: async () => bloc ?? Promise.reject(new ReadModelNotFoundError(`bloc ${blocId}`)),
      cycleDocument: async () =>
        cycle ?? Promise.reject(new ReadModelNotFoundError(`cycle ${blocId} ${year}`)),
    },
    blocId,
    year,
  );
}
