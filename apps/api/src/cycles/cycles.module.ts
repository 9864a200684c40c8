/** One bloc-year's cycle, from opening to closing, as commands. */

import { Module } from '@nestjs/common';
import { EventStreamsModule } from '../write/event-streams.module.js';
import { AwardScoreController } from './award-score/award-score.controller.js';
import { AwardScoreHandler } from './award-score/award-score.handler.js';
import { CastBallotController } from './cast-ballot/cast-ballot.controller.js';
import { CastBallotHandler } from './cast-ballot/cast-ballot.handler.js';
import { CloseCycleController } from './close-cycle/close-cycle.controller.js';
import { CloseCycleHandler } from './close-cycle/close-cycle.handler.js';
import { CloseVoteController } from './close-vote/close-vote.controller.js';
import { CloseVoteHandler } from './close-vote/close-vote.handler.js';
import { ElectLeadershipController } from './elect-leadership/elect-leadership.controller.js';
import { ElectLeadershipHandler } from './elect-leadership/elect-leadership.handler.js';
import { FinalizeScoringController } from './finalize-scoring/finalize-scoring.controller.js';
import { FinalizeScoringHandler } from './finalize-scoring/finalize-scoring.handler.js';
import { HonorLeadingUnitController } from './honor-leading-unit/honor-leading-unit.controller.js';
import { HonorLeadingUnitHandler } from './honor-leading-unit/honor-leading-unit.handler.js';
import { OpenCycleController } from './open-cycle/open-cycle.controller.js';
import { OpenCycleHandler } from './open-cycle/open-cycle.handler.js';
import { OpenReviewController } from './open-review/open-review.controller.js';
import { OpenReviewHandler } from './open-review/open-review.handler.js';
import { OpenVoteController } from './open-vote/open-vote.controller.js';
import { OpenVoteHandler } from './open-vote/open-vote.handler.js';
import { ReportIndicatorController } from './report-indicator/report-indicator.controller.js';
import { ReportIndicatorHandler } from './report-indicator/report-indicator.handler.js';
import { SetIndicatorTargetController } from './set-indicator-target/set-indicator-target.controller.js';
import { SetIndicatorTargetHandler } from './set-indicator-target/set-indicator-target.handler.js';
import { SetDeadlineController } from './set-deadline/set-deadline.controller.js';
import { SetDeadlineHandler } from './set-deadline/set-deadline.handler.js';
import { SignPactController } from './sign-pact/sign-pact.controller.js';
import { SignPactHandler } from './sign-pact/sign-pact.handler.js';
import { SubmitSelfAssessmentController } from './submit-self-assessment/submit-self-assessment.controller.js';
import { SubmitSelfAssessmentHandler } from './submit-self-assessment/submit-self-assessment.handler.js';

/** In the order of the annual cycle. */
const controllers = [
  OpenCycleController,
  SetIndicatorTargetController,
  SignPactController,
  ReportIndicatorController,
  SubmitSelfAssessmentController,
  OpenReviewController,
  AwardScoreController,
  FinalizeScoringController,
  OpenVoteController,
  CastBallotController,
  CloseVoteController,
  HonorLeadingUnitController,
  ElectLeadershipController,
  CloseCycleController,
  SetDeadlineController,
];
const commandHandlers = [
  OpenCycleHandler,
  SetIndicatorTargetHandler,
  SignPactHandler,
  ReportIndicatorHandler,
  SubmitSelfAssessmentHandler,
  OpenReviewHandler,
  AwardScoreHandler,
  FinalizeScoringHandler,
  OpenVoteHandler,
  CastBallotHandler,
  CloseVoteHandler,
  HonorLeadingUnitHandler,
  ElectLeadershipHandler,
  CloseCycleHandler,
  SetDeadlineHandler,
];

@Module({
  imports: [EventStreamsModule],
  controllers,
  providers: [...commandHandlers],
})
export class CyclesModule {}
