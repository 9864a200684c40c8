/** The webhooks: registration and removal as commands, the list and the deliveries as queries, and the dispatcher. */
import { type DynamicModule, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import {
  type AppConfig,
  resolveHost,
  WEBHOOK_STORE,
  WebhookDispatchModule,
  type WebhookStore,
} from '@app/runtime';
import { ApiMetrics } from '../metrics/api-metrics.js';
import { EventStreamsModule } from '../write/event-streams.module.js';
import { ListDeliveriesController } from './list-deliveries/list-deliveries.controller.js';
import { ListDeliveriesHandler } from './list-deliveries/list-deliveries.handler.js';
import { ListWebhooksController } from './list-webhooks/list-webhooks.controller.js';
import { ListWebhooksHandler } from './list-webhooks/list-webhooks.handler.js';
import { RegisterWebhookController } from './register-webhook/register-webhook.controller.js';
import { RegisterWebhookHandler } from './register-webhook/register-webhook.handler.js';
import { RemoveWebhookController } from './remove-webhook/remove-webhook.controller.js';
import { RemoveWebhookHandler } from './remove-webhook/remove-webhook.handler.js';
import { WEBHOOK_HOST_RESOLVER } from './webhook-host-resolver.js';
import { registerWebhookMetrics } from './webhook-metrics.js';

const controllers = [
  RegisterWebhookController,
  ListWebhooksController,
  RemoveWebhookController,
  ListDeliveriesController,
];
const commandHandlers = [RegisterWebhookHandler, RemoveWebhookHandler];
const queryHandlers = [ListWebhooksHandler, ListDeliveriesHandler];

@Module({})
export class WebhooksModule implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
  ) {}

  onApplicationBootstrap(): void {
    registerWebhookMetrics(this.metrics, this.store);
  }

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [EventStreamsModule, WebhookDispatchModule.forRoot(config)],
      controllers,
      providers: [
        { provide: WEBHOOK_HOST_RESOLVER, useValue: resolveHost },
        ...commandHandlers,
        ...queryHandlers,
      ],
    };
  }
}
