import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../../api/src/config/app.config.js';
import { ConfigModule } from '../../api/src/config/config.module.js';
import { EventStoreModule } from '../../api/src/event-store/event-store.module.js';
import { ReadModelsModule } from '../../api/src/queries/read-models.module.js';

/**
 * The API's read side without its HTTP edge: the same event store, read-model storage and
 * projection engine, configured the same way, so an API with PROJECTIONS=off and this process
 * agree on where everything lives.
 */
@Module({})
export class ProjectorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        ConfigModule.forRoot(config),
        EventStoreModule.forRoot(config),
        ReadModelsModule.forRoot(config),
      ],
    };
  }
}
