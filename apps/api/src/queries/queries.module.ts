/**
 * The read side: every query of the API, answered from the read models once they have caught up.
 */

import { type DynamicModule, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import {
  READ_MODEL_STORE,
  ReadModelDocuments,
  type ReadModelStore,
  StandingsTimeTravel,
} from '@app/projections';
import { type AppConfig, ProjectionEngineModule } from '@app/runtime';
import { GetBlocController } from './get-bloc/get-bloc.controller.js';
import { GetBlocHandler } from './get-bloc/get-bloc.handler.js';
import { GetCycleController } from './get-cycle/get-cycle.controller.js';
import { GetCycleHandler } from './get-cycle/get-cycle.handler.js';
import { GetDeadlinesController } from './get-deadlines/get-deadlines.controller.js';
import { GetDeadlinesHandler } from './get-deadlines/get-deadlines.handler.js';
import { GetLeadershipController } from './get-leadership/get-leadership.controller.js';
import { GetLeadershipHandler } from './get-leadership/get-leadership.handler.js';
import { GetRankingController } from './get-ranking/get-ranking.controller.js';
import { GetRankingHandler } from './get-ranking/get-ranking.handler.js';
import { GetStandingsController } from './get-standings/get-standings.controller.js';
import { GetStandingsHandler } from './get-standings/get-standings.handler.js';
import { GetVoteController } from './get-vote/get-vote.controller.js';
import { GetVoteHandler } from './get-vote/get-vote.handler.js';
import { GetVotesController } from './get-votes/get-votes.controller.js';
import { GetVotesHandler } from './get-votes/get-votes.handler.js';
import { GetYearLeadershipController } from './get-year-leadership/get-year-leadership.controller.js';
import { GetYearLeadershipHandler } from './get-year-leadership/get-year-leadership.handler.js';
import { HealthController } from './health/health.controller.js';
import { ListBlocsController } from './list-blocs/list-blocs.controller.js';
import { ListBlocsHandler } from './list-blocs/list-blocs.handler.js';
import { ListHonoursController } from './list-honours/list-honours.controller.js';
import { ListHonoursHandler } from './list-honours/list-honours.handler.js';
import { ListNominationsController } from './list-nominations/list-nominations.controller.js';
import { ListNominationsHandler } from './list-nominations/list-nominations.handler.js';
import { ReadYourWrites } from './read-your-writes.js';
import { AuditTrail } from './search-audit/audit-trail.js';
import { SearchAuditController } from './search-audit/search-audit.controller.js';
import { SearchAuditHandler } from './search-audit/search-audit.handler.js';
import { StandingsBroadcast } from './stream-standings/standings-broadcast.js';
import { StreamStandingsController } from './stream-standings/stream-standings.controller.js';
import { VerifyAuditController } from './verify-audit/verify-audit.controller.js';
import { VerifyAuditHandler } from './verify-audit/verify-audit.handler.js';

const controllers = [
  ListBlocsController,
  GetBlocController,
  GetCycleController,
  GetStandingsController,
  GetRankingController,
  GetLeadershipController,
  GetYearLeadershipController,
  GetVotesController,
  GetVoteController,
  SearchAuditController,
  VerifyAuditController,
  HealthController,
  GetDeadlinesController,
  StreamStandingsController,
  ListNominationsController,
  ListHonoursController,
];
const queryHandlers = [
  ListBlocsHandler,
  GetBlocHandler,
  GetCycleHandler,
  GetStandingsHandler,
  GetRankingHandler,
  GetLeadershipHandler,
  GetYearLeadershipHandler,
  GetVotesHandler,
  GetVoteHandler,
  SearchAuditHandler,
  VerifyAuditHandler,
  GetDeadlinesHandler,
  ListNominationsHandler,
  ListHonoursHandler,
];

@Module({})
export class QueriesModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: QueriesModule,
      imports: [ProjectionEngineModule.forRoot(config)],
      controllers,
      providers: [
        {
          provide: ReadModelDocuments,
          useFactory: (readModels: ReadModelStore) => new ReadModelDocuments(readModels),
          inject: [READ_MODEL_STORE],
        },
        {
          provide: StandingsTimeTravel,
          useFactory: (readModels: ReadModelStore, store: EventStore) =>
            new StandingsTimeTravel(readModels, store),
          inject: [READ_MODEL_STORE, EVENT_STORE],
        },
        {
          provide: AuditTrail,
          useFactory: (readModels: ReadModelStore, store: EventStore) => new AuditTrail(readModels, store),
          inject: [READ_MODEL_STORE, EVENT_STORE],
        },
        ReadYourWrites,
        StandingsBroadcast,
        ...queryHandlers,
      ],
    };
  }
}
