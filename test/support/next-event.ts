/** Waiting for an event through a subscription to the log, never on a timer. */
import type { EventStore, RecordedEvent } from '@app/event-store';

/** Resolves with the first event of `type` after `after` that `match` accepts, as it is appended. */
export function nextEvent(
  store: EventStore,
  type: string,
  match: (event: RecordedEvent) => boolean = () => true,
  after = 0,
): Promise<RecordedEvent> {
  return new Promise((resolve, reject) => {
    const subscription = store.subscribe({ after, types: [type] }, (events) => {
      const found = events.find(match);
      if (found === undefined) return;
      void subscription.stop().then(() => resolve(found));
    });
    subscription.done.catch(reject);
  });
}
