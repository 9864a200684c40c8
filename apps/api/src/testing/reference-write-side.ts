/**
 * The "given" of the command slices' specs: a write side over a SQLite store in a temporary
 * folder (or over the store and exclusive sections a spec opens), with the reference case
 * played through the command handlers up to a chosen stage, and what a command then wrote or
 * why it was refused. Specs only (excluded from the build).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, blocStream, DomainError, type Regulation } from '@app/domain';
import { boardOfficer, officerOf, type ReferenceCase, readReferenceCase } from '@app/domain/testing';
import { createEventStore, type EventStore, type RecordedEvent } from '@app/event-store';
import { type ExclusiveSections, InProcessExclusiveSections } from '@app/runtime';
import { RegisterBlocHandler } from '../blocs/register-bloc/register-bloc.handler.js';
import { RegisterBlocCommand } from '../blocs/register-bloc/register-bloc.command.js';
import { AwardScoreCommand } from '../cycles/award-score/award-score.command.js';
import { AwardScoreHandler } from '../cycles/award-score/award-score.handler.js';
import type { CycleKey } from '../cycles/cycle-key.js';
import { ElectLeadershipCommand } from '../cycles/elect-leadership/elect-leadership.command.js';
import { ElectLeadershipHandler } from '../cycles/elect-leadership/elect-leadership.handler.js';
import { FinalizeScoringCommand } from '../cycles/finalize-scoring/finalize-scoring.command.js';
import { FinalizeScoringHandler } from '../cycles/finalize-scoring/finalize-scoring.handler.js';
import { HonorLeadingUnitCommand } from '../cycles/honor-leading-unit/honor-leading-unit.command.js';
import { HonorLeadingUnitHandler } from '../cycles/honor-leading-unit/honor-leading-unit.handler.js';
import { OpenCycleCommand } from '../cycles/open-cycle/open-cycle.command.js';
import { OpenCycleHandler } from '../cycles/open-cycle/open-cycle.handler.js';
import { OpenReviewCommand } from '../cycles/open-review/open-review.command.js';
import { OpenReviewHandler } from '../cycles/open-review/open-review.handler.js';
import { ReportIndicatorCommand } from '../cycles/report-indicator/report-indicator.command.js';
import { ReportIndicatorHandler } from '../cycles/report-indicator/report-indicator.handler.js';
import { SetIndicatorTargetCommand } from '../cycles/set-indicator-target/set-indicator-target.command.js';
import { SetIndicatorTargetHandler } from '../cycles/set-indicator-target/set-indicator-target.handler.js';
import { SignPactCommand } from '../cycles/sign-pact/sign-pact.command.js';
import { SignPactHandler } from '../cycles/sign-pact/sign-pact.handler.js';
import type { CommandOrigin } from '../write/command-origin.js';
import { EventStreams } from '../write/event-streams.js';

/** How far the reference case's year has gone, in the order it lived it. */
export const STAGES = [
  'registered',
  'opened',
  'targets set',
  'signed',
  'reported',
  'in review',
  'scored',
  'finalized',
  'honoured',
  'elected',
] as const;
export type Stage = (typeof STAGES)[number];

/** An event as a command wrote it: where, what and with which data. */
export type Written = Pick<RecordedEvent, 'streamId' | 'type' | 'data'>;

export interface ReferenceWriteSide {
  readonly reference: ReferenceCase;
  readonly cycle: CycleKey;
  readonly store: EventStore;
  readonly streams: EventStreams;
  /** Where the handlers that need one take their turns (nominationSteps' submissions share it). */
  readonly sections: ExclusiveSections;
  /** Plays the reference case up to and including `stage`, each command by whom the case assigns it. */
  given(stage: Stage): Promise<void>;
  /**
   * Plays a case (the reference case by default) as another bloc's, `blocId`, in the same log and
   * the same year, up to and including `stage`: the same units, so a unit is in both blocs' cycles.
   */
  givenBloc(blocId: string, stage: Stage, reference?: ReferenceCase): Promise<CycleKey>;
  /** The events `act` wrote, in log order. */
  written(act: () => Promise<unknown>): Promise<Written[]>;
  /** The domain code `act` was refused with, and what it wrote all the same (nothing, it should). */
  refused(act: () => Promise<unknown>): Promise<{ code: string; written: Written[] }>;
  /**
   * Writes a RegulationAdopted to the bloc's stream without deciding it, as a race between two
   * streams can leave the log: decided on another stream's state that has moved on since.
   */
  landRegulation(regulation: Regulation): Promise<void>;
  close(): Promise<void>;
}

/** A command's origin for `actor`, with a fresh command id. */
export function by(actor: Actor): CommandOrigin {
  return {
    actor,
    at: '2018-01-12T09:00:00.000Z',
    correlationId: 'slice-spec',
    causationId: randomUUID(),
  };
}

export const auditor: Actor = { role: 'auditor', sub: 'inspector' };

/** What a write side runs on; closed with it. */
export interface WriteSideParts {
  readonly store: EventStore;
  readonly sections: ExclusiveSections;
}

/** The default parts: the embedded store in a temporary folder (removed on close), sections in the process. */
async function embeddedParts(): Promise<WriteSideParts & { dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'slice-spec-'));
  return {
    dataDir,
    store: await createEventStore({ kind: 'sqlite', dataDir }),
    sections: new InProcessExclusiveSections(),
  };
}

/** A write side on `parts`, or on the embedded parts by default. */
export async function referenceWriteSide(parts?: WriteSideParts): Promise<ReferenceWriteSide> {
  const opened: WriteSideParts & { dataDir?: string } = parts ?? (await embeddedParts());
  const { store, sections, dataDir } = opened;
  const streams = new EventStreams(store);
  const reference = readReferenceCase();
  const cycle: CycleKey = { blocId: reference.bloc.id, year: reference.cycle.year };

  const since = async (position: number): Promise<Written[]> =>
    (await store.readAll({ after: position })).map(({ streamId, type, data }) => ({ streamId, type, data }));
  const head = async (): Promise<number> => (await store.readAll()).at(-1)?.position ?? 0;

  return {
    reference,
    cycle,
    store,
    streams,
    sections,
    given: (stage) => play(referenceCaseSteps(reference, cycle, streams), stage),
    givenBloc: async (blocId, stage, played = reference) => {
      const blocCycle: CycleKey = { blocId, year: played.cycle.year };
      await play(
        referenceCaseSteps({ ...played, bloc: { ...played.bloc, id: blocId } }, blocCycle, streams),
        stage,
      );
      return blocCycle;
    },
    written: async (act) => {
      const before = await head();
      await act();
      return since(before);
    },
    refused: async (act) => {
      const before = await head();
      const error = await act().then(
        () => new Error('the command was accepted'),
        (refusal: unknown) => refusal,
      );
      if (!(error instanceof DomainError)) throw error;
      return { code: error.code, written: await since(before) };
    },
    landRegulation: async (regulation) => {
      await store.append(
        blocStream(regulation.blocId),
        [
          {
            id: randomUUID(),
            type: 'RegulationAdopted',
            data: regulation,
            metadata: { actor: boardOfficer, correlationId: 'slice-spec', causationId: randomUUID() },
          },
        ],
        { expectedRevision: 'any' },
      );
    },
    close: async () => {
      await sections.close();
      await store.close();
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Plays the stages up to and including `stage`, in order. */
async function play(steps: Record<Stage, (() => Promise<unknown>)[]>, stage: Stage): Promise<void> {
  for (const step of STAGES.slice(0, STAGES.indexOf(stage) + 1)) {
    for (const command of steps[step]) await command();
  }
}

/**
 * Each stage's commands, through the handlers: the board registers and opens, the leader's
 * officer runs the year except for decisions about its own unit (the deputy's), every unit
 * signs and reports for itself.
 */
function referenceCaseSteps(
  reference: ReferenceCase,
  cycle: CycleKey,
  streams: EventStreams,
): Record<Stage, (() => Promise<unknown>)[]> {
  const leader = officerOf(reference.cycle.leader);
  const deputy = officerOf(reference.cycle.deputy);
  const decidingAbout = (unitId: string) => (unitId === reference.cycle.leader ? deputy : leader);
  const { bloc } = reference;
  return {
    registered: [
      () =>
        new RegisterBlocHandler(streams).execute(
          new RegisterBlocCommand(
            { blocId: bloc.id, name: bloc.name, province: bloc.province, members: bloc.members },
            by(boardOfficer),
          ),
        ),
    ],
    opened: [
      () =>
        new OpenCycleHandler(streams).execute(
          new OpenCycleCommand(
            {
              blocId: bloc.id,
              year: reference.cycle.year,
              framework: reference.cycle.framework,
              leader: reference.cycle.leader,
              deputy: reference.cycle.deputy,
            },
            by(boardOfficer),
          ),
        ),
    ],
    'targets set': reference.targets.map(
      (target) => () =>
        new SetIndicatorTargetHandler(streams).execute(
          new SetIndicatorTargetCommand(cycle, target, by(decidingAbout(target.unitId))),
        ),
    ),
    signed: reference.signatures.map(
      (signature) => () =>
        new SignPactHandler(streams).execute(
          new SignPactCommand(cycle, signature, by(officerOf(signature.unitId))),
        ),
    ),
    reported: reference.reports.map(
      (report) => () =>
        new ReportIndicatorHandler(streams).execute(
          new ReportIndicatorCommand(cycle, report, by(officerOf(report.unitId))),
        ),
    ),
    'in review': [
      () =>
        new OpenReviewHandler(streams).execute(new OpenReviewCommand(cycle, reference.review, by(leader))),
    ],
    scored: reference.scores.map(
      (score) => () =>
        new AwardScoreHandler(streams).execute(
          new AwardScoreCommand(cycle, score, by(decidingAbout(score.unitId))),
        ),
    ),
    finalized: [
      () => new FinalizeScoringHandler(streams).execute(new FinalizeScoringCommand(cycle, {}, by(leader))),
    ],
    honoured: [
      () =>
        new HonorLeadingUnitHandler(streams).execute(
          new HonorLeadingUnitCommand(
            cycle,
            { unitId: reference.leadingUnit },
            by(decidingAbout(reference.leadingUnit)),
          ),
        ),
    ],
    elected: reference.elections.map(
      ({ role, unitId, votes }) =>
        () =>
          new ElectLeadershipHandler(streams).execute(
            new ElectLeadershipCommand(cycle, { role, unitId, votes }, by(decidingAbout(unitId))),
          ),
    ),
  };
}
