/**
 * Who leads a bloc, as the API shows it: every term so far, and a year's leader and deputy,
 * elected or proposed by the rotation.
 */

import { proposeLeadership, type LeadershipProposal, type LeadershipTerm } from '@app/domain';
import type { StandingsDocument } from '../standings/standings.projection.js';
import { standingRows } from '../standings/standings.view.js';
import { termsOf, type LeadershipDocument } from './leadership.projection.js';

/**
 * Who leads the bloc in a year. `elected`: both sides elected (or, for a bloc's first year
 * here, appointed when the cycle opened); `partial`: one side elected; `proposed`: none yet.
 * A side not elected shows the proposal's unit.
 */
export interface LeadershipAssignment {
  readonly year: number;
  readonly leader: string | null;
  readonly deputy: string | null;
  readonly status: 'elected' | 'proposed' | 'partial';
  /** The rotation's proposal from the year before; null when the bloc has no such year here. */
  readonly proposal: LeadershipProposal | null;
}

/** A bloc's leadership: every term so far and the assignment of the year to come. */
export interface LeadershipView {
  readonly blocId: string;
  readonly history: readonly LeadershipTerm[];
  /** The year after the last opened one; null before the bloc's first cycle. */
  readonly next: LeadershipAssignment | null;
}

/** Whether the API knows year `year` of this bloc: an opened year or the one after the last. */
export function hasLeadershipYear(leadership: LeadershipDocument, year: number): boolean {
  return leadership.years.some((opened) => opened.year === year || opened.year === year - 1);
}

/**
 * The assignment for `year`. `previousStandings` is the year before's scoring (its ranking
 * and leading unit feed the deputy's proposal); `members` are the candidates for `year`.
 */
export function leadershipAssignment(
  leadership: LeadershipDocument,
  year: number,
  previousStandings: StandingsDocument | undefined,
  members = leadership.members,
): LeadershipAssignment {
  const previous = leadership.years.find((opened) => opened.year === year - 1);
  const proposal =
    previous === undefined
      ? null
      : proposeLeadership({
          members,
          currentLeader: previous.leader,
          leadingUnit: previousStandings?.leadingUnit ?? null,
          ranking:
            previousStandings === undefined ? [] : standingRows(previousStandings).map((row) => row.unitId),
          history: termsOf(leadership).filter((term) => term.year < year),
          policy: previous.policy,
        });
  const election = leadership.elections.find((held) => held.forYear === year);
  const opened = leadership.years.find((term) => term.year === year);
  if (election === undefined && opened !== undefined) {
    return { year, leader: opened.leader, deputy: opened.deputy, status: 'elected', proposal };
  }
  const leader = election?.leader ?? null;
  const deputy = election?.deputy ?? null;
  const status =
    leader !== null && deputy !== null
      ? 'elected'
      : leader !== null || deputy !== null
        ? 'partial'
        : 'proposed';
  return {
    year,
    leader: leader ?? proposal?.leader.unitId ?? null,
    deputy: deputy ?? proposal?.deputy.unitId ?? null,
    status,
    proposal,
  };
}
