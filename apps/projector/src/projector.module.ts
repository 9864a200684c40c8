/**
 * The projector process's modules: the event store, read-model storage and projection engine the
 * API runs too (from @app/runtime), configured the same way, so an API with PROJECTIONS=off and
 * this process agree on where everything lives.
 */

import { type DynamicModule, Module } from '@nestjs/common';
import {
  type AppConfig,
  ConfigModule,
  DeadlineProcessModule,
  EventStoreModule,
  ProjectionEngineModule,
  WebhookDispatchModule,
} from '@app/runtime';

@Module({})
export class ProjectorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule.forRoot(config),
        // The thread is the projector's own: no share to leave to commands, only short pauses.
        ProjectionEngineModule.forRoot(config, { maxThreadShare: 1 }),
        DeadlineProcessModule.forRoot(config),
        // The webhooks' dispatcher too, when projecting (not in a rebuild): whichever process holds its lock delivers.
        ...(config.projections === 'on' ? [WebhookDispatchModule.forRoot(config)] : []),
      ],
    };
  }
}
