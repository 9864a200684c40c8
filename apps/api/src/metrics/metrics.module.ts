/**
 * The metrics: ApiMetrics for whoever counts something, fed by the event store's group commits
 * and the read models' lag, and served on METRICS_PORT when it is set.
 */
import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore, observesGroupCommits } from '@app/event-store';
import { PROJECTION_ENGINE, type ProjectionEngine } from '@app/projections';
import { ModuleRef } from '@nestjs/core';
import { APP_CONFIG, type AppConfig, DEADLINE_PROCESS, type DeadlineProcess } from '@app/runtime';
import { ApiMetrics } from './api-metrics.js';
import { registerDeadlineMetrics } from './deadline-metrics.js';
import { MetricsServer } from './metrics-server.js';

@Module({})
export class MetricsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopObserving?: () => void;
  private stopCountingDeadlines?: () => void;

  constructor(
    private readonly metrics: ApiMetrics,
    private readonly server: MetricsServer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly moduleRef: ModuleRef,
  ) {}

  static forRoot(): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: ApiMetrics, useFactory: () => new ApiMetrics() },
        {
          provide: MetricsServer,
          useFactory: (metrics: ApiMetrics) => new MetricsServer(metrics),
          inject: [ApiMetrics],
        },
      ],
      exports: [ApiMetrics, MetricsServer],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (observesGroupCommits(this.store)) {
      this.stopObserving = this.store.observeGroupCommits((commit) => this.metrics.groupCommitted(commit));
    }
    // The engine of the read side's module (importing its module here would start a second one).
    const engine = this.moduleRef.get<ProjectionEngine>(PROJECTION_ENGINE, { strict: false });
    // Read at scrape time from the checkpoints and the log's head, wherever the projector runs.
    const status = () => engine.status();
    this.metrics.addGauge({
      name: 'blocs_projection_lag_events',
      help: "Events in the log a read model has not applied yet (the log's head minus its checkpoint)",
      labelNames: ['projection'],
      read: async () =>
        (await status()).map(({ name, lag }) => ({ labels: { projection: name }, value: lag })),
    });
    this.metrics.addGauge({
      name: 'blocs_projection_checkpoint_position',
      help: 'The last log position a read model has applied',
      labelNames: ['projection'],
      read: async () =>
        (await status()).map(({ name, position }) => ({ labels: { projection: name }, value: position })),
    });
    // The deadline process manager of the application's own module, like the engine above.
    const deadlines = this.moduleRef.get<DeadlineProcess>(DEADLINE_PROCESS, { strict: false });
    this.stopCountingDeadlines = registerDeadlineMetrics(this.metrics, deadlines);
    if (this.config.metricsPort !== undefined) await this.server.listen(this.config.metricsPort);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopObserving?.();
    this.stopCountingDeadlines?.();
    await this.server.close();
  }
}
