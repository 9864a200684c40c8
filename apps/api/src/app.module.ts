/** The API: the write side's command slices and the read side's queries over one event store. */

import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { type AppConfig, ConfigModule, DeadlineProcessModule, EventStoreModule } from '@app/runtime';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BlocsModule } from './blocs/blocs.module.js';
import { CyclesModule } from './cycles/cycles.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { NominationsModule } from './nominations/nominations.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { QueriesModule } from './queries/queries.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        AuthModule,
        IdempotencyModule,
        BlocsModule,
        CyclesModule,
        NominationsModule,
        QueriesModule.forRoot(config),
        AuditModule,
        DeadlineProcessModule.forRoot(config),
        WebhooksModule.forRoot(config),
        DocumentsModule,
        MetricsModule.forRoot(),
      ],
    };
  }
}
