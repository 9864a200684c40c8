import { describe, it } from '@jest/globals';
import type { WebhookEvent } from '../events.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import { webhookDecider } from './webhook.decider.js';

const spec = specOf(webhookDecider);
const registered: WebhookEvent = {
  type: 'WebhookRegistered',
  data: { webhookId: 'w1', url: 'https://hooks.example.vn/blocs', types: ['ScoreAwarded'] },
};
const removed: WebhookEvent = { type: 'WebhookRemoved', data: { webhookId: 'w1' } };
const register = {
  type: 'RegisterWebhook',
  data: { webhookId: 'w1', url: 'https://hooks.example.vn/blocs', types: ['ScoreAwarded'] },
} as const;
const remove = { type: 'RemoveWebhook', data: { webhookId: 'w1' } } as const;

describe('webhook decider', () => {
  it('registers a webhook with its url and types, and nothing else (no secret)', () => {
    spec
      .given([])
      .when({ ...register, metadata: byBoard() })
      .then([registered]);
  });

  it('registers a webhook for every type', () => {
    spec
      .given([])
      .when({ ...register, data: { ...register.data, types: null }, metadata: byBoard() })
      .then([{ type: 'WebhookRegistered', data: { ...registered.data, types: null } }]);
  });

  it('refuses a second registration under the same id', () => {
    spec
      .given([registered])
      .when({ ...register, metadata: byBoard() })
      .thenThrows('ALREADY_EXISTS');
  });

  it('lets only the board register or remove', () => {
    spec
      .given([])
      .when({ ...register, metadata: byUnit('so-tai-chinh') })
      .thenThrows('FORBIDDEN');
    spec
      .given([])
      .when({ ...register, metadata: byAuditor() })
      .thenThrows('FORBIDDEN');
    spec
      .given([registered])
      .when({ ...remove, metadata: byAuditor() })
      .thenThrows('FORBIDDEN');
  });

  it('refuses a board scoped to a province: a webhook receives every province', () => {
    const scoped = { ...byBoard(), actor: { ...byBoard().actor, province: 'Kiên Giang' } };
    spec
      .given([])
      .when({ ...register, metadata: scoped })
      .thenThrows('FORBIDDEN');
    spec
      .given([registered])
      .when({ ...remove, metadata: scoped })
      .thenThrows('FORBIDDEN');
  });

  it('removes a registered webhook once', () => {
    spec
      .given([registered])
      .when({ ...remove, metadata: byBoard() })
      .then([removed]);
    spec
      .given([registered, removed])
      .when({ ...remove, metadata: byBoard() })
      .thenThrows('NOT_FOUND');
  });

  it('does not remove an unknown webhook', () => {
    spec
      .given([])
      .when({ ...remove, metadata: byBoard() })
      .thenThrows('NOT_FOUND');
  });
});
