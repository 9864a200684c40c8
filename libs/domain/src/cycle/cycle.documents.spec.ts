import { describe, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY } from '../bloc/bloc.decider.js';
import type { CommandMetadata } from '../decider.js';
import type { CycleEvent, DocumentKind } from '../events.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import type { IssueDocument } from './cycle.commands.js';
import { cycleDecider } from './cycle.decider.js';

const spec = specOf(cycleDecider);
const blocId = 'b1';
const year = 2017;
const members = ['a', 'b', 'c'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));
const opened: CycleEvent = {
  type: 'CycleOpened',
  data: {
    blocId,
    year,
    framework: {
      contents: [
        {
          code: '1',
          title: 'Tasks',
          criteria: [{ code: '1.1', title: 'T', maxPoints: 10, kind: 'standard' }],
        },
      ],
    },
    members,
    leader: 'a',
    deputy: 'b',
    policy: DEFAULT_LEADERSHIP_POLICY,
    leadershipHistory: [],
  },
};
const inReview: CycleEvent[] = [
  opened,
  ...members.map((m): CycleEvent => ({
    type: 'PactSigned',
    data: { blocId, year, unitId: m.unitId, signatory: { title: 'Giám đốc' } },
  })),
  { type: 'PactInForce', data: { blocId, year } },
  { type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12' } },
];
const finalized: CycleEvent[] = [
  ...inReview,
  ...members.map((m): CycleEvent => ({
    type: 'ScoreAwarded',
    data: { blocId, year, unitId: m.unitId, criterion: '1.1', points: 5 },
  })),
  { type: 'ScoringFinalized', data: { blocId, year } },
];

const file = (kind: DocumentKind) => ({
  documentId: '7d1f4c1e-1111-4222-8333-444455556666',
  kind,
  sha256: 'ab'.repeat(32),
  byteLength: 1234,
  headPosition: 42,
  headHash: 'cd'.repeat(32),
});
const issue = (kind: DocumentKind, metadata: CommandMetadata): IssueDocument => ({
  type: 'IssueDocument',
  data: file(kind),
  metadata,
});
const issued = (kind: DocumentKind): CycleEvent => ({
  type: 'DocumentIssued',
  data: { blocId, year, ...file(kind) },
});

describe('cycle decider: issuing documents', () => {
  it('the board issues the minutes once scoring is finalized', () => {
    spec
      .given(finalized)
      .when(issue('minutes-pdf', byBoard()))
      .then([issued('minutes-pdf')]);
  });

  it('the leader and the deputy issue them too', () => {
    spec
      .given(finalized)
      .when(issue('minutes-docx', byUnit('a')))
      .then([issued('minutes-docx')]);
    spec
      .given(finalized)
      .when(issue('minutes-docx', byUnit('b')))
      .then([issued('minutes-docx')]);
  });

  it('the minutes are refused before scoring is finalized: WRONG_PHASE', () => {
    spec.given(inReview).when(issue('minutes-pdf', byBoard())).thenThrows('WRONG_PHASE');
    spec.given(inReview).when(issue('minutes-docx', byBoard())).thenThrows('WRONG_PHASE');
  });

  it('the score sheet is issued in any phase (provisional before finalizing)', () => {
    spec
      .given([opened])
      .when(issue('score-sheet', byBoard()))
      .then([issued('score-sheet')]);
    spec
      .given(inReview)
      .when(issue('score-sheet', byUnit('a')))
      .then([issued('score-sheet')]);
  });

  it('another member or an auditor may not issue: FORBIDDEN', () => {
    spec
      .given(finalized)
      .when(issue('minutes-pdf', byUnit('c')))
      .thenThrows('FORBIDDEN');
    spec.given(finalized).when(issue('score-sheet', byAuditor())).thenThrows('FORBIDDEN');
  });

  it('an unopened cycle: NOT_FOUND', () => {
    spec.given([]).when(issue('score-sheet', byBoard())).thenThrows('NOT_FOUND');
  });

  it('issuing the same document again records it again (a second copy, a second fact)', () => {
    spec
      .given([...finalized, issued('minutes-pdf')])
      .when(issue('minutes-pdf', byBoard()))
      .then([issued('minutes-pdf')]);
  });
});
