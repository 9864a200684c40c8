import { describe, expect, it } from '@jest/globals';
import type { EventStore, Subscription } from '@app/event-store';
import type { ReadModelStore } from '../storage/read-model-store.port.js';
import { ProjectorLifecycle } from './projector-lifecycle.js';
import { deferred } from '@app/event-store/testing';

describe('ProjectorLifecycle', () => {
  it('stops when stopped while it takes over the read models (the subscription it then opens is stopped too)', async () => {
    const takeOverStarted = deferred<void>();
    const takeOver = deferred<number>();
    let subscriptionStopped = false;
    const subscriptionDone = deferred<void>();
    const store = {
      subscribe: (): Subscription => ({
        done: subscriptionDone.promise,
        stop: async () => {
          subscriptionStopped = true;
          subscriptionDone.resolve();
        },
      }),
    } as unknown as EventStore;
    const readModels = {
      acquireProjectorLock: async () => ({
        lost: new Promise<void>(() => undefined),
        release: async () => undefined,
      }),
    } as unknown as ReadModelStore;
    const lifecycle = new ProjectorLifecycle({
      store,
      readModels,
      projector: {
        takeOver: () => {
          takeOverStarted.resolve();
          return takeOver.promise;
        },
        apply: async () => undefined,
        forget: () => undefined,
      },
      batchSize: 10,
      retryDelayMs: 0,
    });

    lifecycle.start();
    await takeOverStarted.promise;
    const stopped = lifecycle.stop();
    takeOver.resolve(0);
    await stopped;
    expect(subscriptionStopped).toBe(true);
    expect(lifecycle.isStarted).toBe(false);
  });
});
