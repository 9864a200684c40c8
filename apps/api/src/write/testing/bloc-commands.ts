/**
 * The "given" of the write side's specs: one bloc's stream and the commands run on it through
 * EventStreams (register it, admit and withdraw a member), each from an origin of its own unless
 * a spec gives one. Specs only (excluded from the build).
 */
import { randomUUID } from 'node:crypto';
import {
  type AdmitMember,
  blocDecider,
  blocStream,
  type RegisterBloc,
  type WithdrawMember,
} from '@app/domain';
import type { NewEvent } from '@app/event-store';
import type { CommandOrigin } from '../command-origin.js';
import type { EventStreams } from '../event-streams.js';

export const STREAM = blocStream('kg-4');

/** A command's origin with an id of its own, so that its events can be told apart in the log. */
export const originOf = (causationId: string = randomUUID()): CommandOrigin => ({
  actor: { sub: 'board-officer', role: 'board' },
  at: '2025-01-12T09:00:00.000Z',
  correlationId: 'meeting-1',
  causationId,
});

/** Registers the bloc with one member, y-te. */
export const register = (streams: EventStreams, origin: CommandOrigin = originOf()) => {
  const command: RegisterBloc = {
    type: 'RegisterBloc',
    data: { blocId: 'kg-4', name: 'Khối 4', members: [{ unitId: 'y-te', name: 'Sở Y tế' }] },
    metadata: origin,
  };
  return streams.decideAndAppend(STREAM, blocDecider, (bloc) => blocDecider.decide(command, bloc), origin);
};

export const admit = (streams: EventStreams, unitId: string, origin: CommandOrigin = originOf()) => {
  const command: AdmitMember = {
    type: 'AdmitMember',
    data: { blocId: 'kg-4', unitId, name: `Unit ${unitId}` },
    metadata: origin,
  };
  return streams.decideAndAppend(STREAM, blocDecider, (bloc) => blocDecider.decide(command, bloc), origin);
};

export const withdraw = (
  streams: EventStreams,
  unitId: string,
  reason = 'Moved',
  origin: CommandOrigin = originOf(),
) => {
  const command: WithdrawMember = {
    type: 'WithdrawMember',
    data: { blocId: 'kg-4', unitId },
    metadata: { ...origin, reason },
  };
  return streams.decideAndAppend(
    STREAM,
    blocDecider,
    (bloc) => blocDecider.decide(command, bloc),
    origin,
    reason,
  );
};

/**
 * Registers a bloc of its own (stream `blocStream(blocId)`), reading each of `contexts` as
 * context on the way, in order; answers the members it saw in each.
 */
export const registerSeeing = async (
  streams: EventStreams,
  blocId: string,
  contexts: readonly string[],
  origin: CommandOrigin = originOf(),
): Promise<string[][]> => {
  const seen: string[][] = [];
  const command: RegisterBloc = {
    type: 'RegisterBloc',
    data: { blocId, name: blocId, members: [{ unitId: 'u', name: 'U' }] },
    metadata: origin,
  };
  await streams.decideAndAppend(
    blocStream(blocId),
    blocDecider,
    async (bloc, context) => {
      for (const streamId of contexts)
        seen.push((await context.load(streamId, blocDecider)).state?.members.map((m) => m.unitId) ?? []);
      return blocDecider.decide(command, bloc);
    },
    origin,
  );
  return seen;
};

/** An event another writer (the deadline tracker, another process) appends to the store directly. */
export const foreignEvent = (type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: { sub: 'elsewhere', role: 'board' },
    correlationId: 'c',
    causationId: randomUUID(),
  },
});
