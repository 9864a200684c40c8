/** From the bloc to the province: a nomination's steps, from the bloc's proposal to the honour's annulment, as commands. */

import { Module } from '@nestjs/common';
import { EventStreamsModule } from '../write/event-streams.module.js';
import { ExclusiveSectionsModule } from '../write/exclusive-sections.module.js';
import { AnnulHonourController } from './annul-honour/annul-honour.controller.js';
import { AnnulHonourHandler } from './annul-honour/annul-honour.handler.js';
import { AppraiseNominationController } from './appraise-nomination/appraise-nomination.controller.js';
import { AppraiseNominationHandler } from './appraise-nomination/appraise-nomination.handler.js';
import { ConferHonourController } from './confer-honour/confer-honour.controller.js';
import { ConferHonourHandler } from './confer-honour/confer-honour.handler.js';
import { RecordCouncilVoteController } from './record-council-vote/record-council-vote.controller.js';
import { RecordCouncilVoteHandler } from './record-council-vote/record-council-vote.handler.js';
import { ResubmitNominationController } from './resubmit-nomination/resubmit-nomination.controller.js';
import { ResubmitNominationHandler } from './resubmit-nomination/resubmit-nomination.handler.js';
import { SubmitNominationController } from './submit-nomination/submit-nomination.controller.js';
import { SubmitNominationHandler } from './submit-nomination/submit-nomination.handler.js';

/** In the order a nomination lives them. */
const controllers = [
  SubmitNominationController,
  AppraiseNominationController,
  ResubmitNominationController,
  RecordCouncilVoteController,
  ConferHonourController,
  AnnulHonourController,
];
const commandHandlers = [
  SubmitNominationHandler,
  AppraiseNominationHandler,
  ResubmitNominationHandler,
  RecordCouncilVoteHandler,
  ConferHonourHandler,
  AnnulHonourHandler,
];

@Module({
  imports: [EventStreamsModule, ExclusiveSectionsModule],
  controllers,
  providers: [...commandHandlers],
})
export class NominationsModule {}
