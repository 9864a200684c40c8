/** The bloc's membership, as commands. */

import { Module } from '@nestjs/common';
import { EventStreamsModule } from '../write/event-streams.module.js';
import { AdmitMemberController } from './admit-member/admit-member.controller.js';
import { AdmitMemberHandler } from './admit-member/admit-member.handler.js';
import { RegisterBlocController } from './register-bloc/register-bloc.controller.js';
import { RegisterBlocHandler } from './register-bloc/register-bloc.handler.js';
import { WithdrawMemberController } from './withdraw-member/withdraw-member.controller.js';
import { WithdrawMemberHandler } from './withdraw-member/withdraw-member.handler.js';

const controllers = [RegisterBlocController, AdmitMemberController, WithdrawMemberController];
const commandHandlers = [RegisterBlocHandler, AdmitMemberHandler, WithdrawMemberHandler];

@Module({
  imports: [EventStreamsModule],
  controllers,
  providers: [...commandHandlers],
})
export class BlocsModule {}
