/** The bloc's membership and regulation, as commands. */

import { Module } from '@nestjs/common';
import { EventStreamsModule } from '../write/event-streams.module.js';
import { AdmitMemberController } from './admit-member/admit-member.controller.js';
import { AdmitMemberHandler } from './admit-member/admit-member.handler.js';
import { AdoptRegulationController } from './adopt-regulation/adopt-regulation.controller.js';
import { AdoptRegulationHandler } from './adopt-regulation/adopt-regulation.handler.js';
import { RegisterBlocController } from './register-bloc/register-bloc.controller.js';
import { RegisterBlocHandler } from './register-bloc/register-bloc.handler.js';
import { WithdrawMemberController } from './withdraw-member/withdraw-member.controller.js';
import { WithdrawMemberHandler } from './withdraw-member/withdraw-member.handler.js';

const controllers = [
  RegisterBlocController,
  AdmitMemberController,
  WithdrawMemberController,
  AdoptRegulationController,
];
const commandHandlers = [
  RegisterBlocHandler,
  AdmitMemberHandler,
  WithdrawMemberHandler,
  AdoptRegulationHandler,
];

@Module({
  imports: [EventStreamsModule],
  controllers,
  providers: [...commandHandlers],
})
export class BlocsModule {}
