/**
 * A nomination's events for the projections' specs: the reference case's leading unit
 * nominated for the flag, returned once, resubmitted, forwarded, approved, conferred and
 * annulled, as the decider records them.
 */
import type { DossierDocument, NominationEvent } from '@app/domain';

export const NOMINATION_ID = 'kg-khoi-4:2017:emulation-flag:lao-dong';
const identity = {
  nominationId: NOMINATION_ID,
  blocId: 'kg-khoi-4',
  year: 2017,
  unitId: 'lao-dong',
  award: 'emulation-flag' as const,
};
export const dossier: DossierDocument[] = [{ kind: 'submission', title: 'Tờ trình', sha256: '1'.repeat(64) }];
export const minutes: DossierDocument = { kind: 'minutes', title: 'Biên bản', sha256: '2'.repeat(64) };

const at = (day: number) => `2018-02-${String(day).padStart(2, '0')}T08:00:00.000Z`;

export const nominationLog: readonly NominationEvent[] = [
  {
    type: 'NominationSubmitted',
    data: {
      ...identity,
      at: at(1),
      by: 'y-te-officer',
      province: 'Kiên Giang',
      unitName: 'Sở Lao động - Thương binh và Xã hội',
      documents: dossier,
    },
  },
  {
    type: 'NominationReturned',
    data: { ...identity, at: at(2), by: 'board', reason: 'the minutes are missing' },
  },
  {
    type: 'NominationResubmitted',
    data: { ...identity, at: at(3), by: 'y-te-officer', documents: [...dossier, minutes] },
  },
  { type: 'NominationForwarded', data: { ...identity, at: at(4), by: 'board', reason: 'complete' } },
  {
    type: 'CouncilVoted',
    data: {
      ...identity,
      at: at(5),
      by: 'board',
      councilMembers: 9,
      for: 8,
      against: 1,
      abstain: 0,
      passed: true,
    },
  },
  {
    type: 'HonourConferred',
    data: {
      ...identity,
      at: at(6),
      by: 'board',
      province: 'Kiên Giang',
      unitName: 'Sở Lao động - Thương binh và Xã hội',
      decisionNo: '512/QĐ-UBND',
      decidedOn: '2018-03-15',
      signedBy: 'Chủ tịch UBND tỉnh',
    },
  },
  {
    type: 'HonourAnnulled',
    data: { ...identity, at: at(7), by: 'board', decisionNo: '88/QĐ-UBND', reason: 'false declarations' },
  },
];
