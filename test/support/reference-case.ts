/**
 * The reference case (Kiên Giang, bloc 4, 2017) read from the shared fixture beside the
 * repository, typed as the domain's own shapes. For specs only: the domain's, the read side's.
 */
import { readFileSync } from 'node:fs';
import type { CriterionKind, Framework, Member, SetIndicatorTarget, Signatory, Votes } from '@app/domain';

/** The fixture's shape (`../shared/fixtures/khoi4-2017.json`). */
export interface ReferenceCase {
  readonly bloc: {
    readonly id: string;
    readonly name: string;
    readonly province: string;
    readonly members: Member[];
  };
  readonly cycle: {
    readonly year: number;
    readonly leader: string;
    readonly deputy: string;
    readonly framework: {
      readonly contents: {
        readonly code: string;
        readonly title: string;
        readonly criteria: { code: string; title: string; maxPoints: number; kind?: CriterionKind }[];
      }[];
    };
  };
  /** Each as the leader sets it. */
  readonly targets: SetIndicatorTarget['data'][];
  readonly signatures: { unitId: string; signatory: Signatory }[];
  readonly reports: { unitId: string; indicator: string; period: string; value: number }[];
  readonly review: { meetingDate: string; venue: string };
  readonly scores: { unitId: string; criterion: string; points: number }[];
  readonly leadingUnit: string;
  readonly elections: { role: 'leader' | 'deputy'; forYear: number; unitId: string; votes: Votes }[];
  readonly expected: {
    readonly ranking: {
      rank: number;
      unitId: string;
      total: number;
      byContent: Record<string, number>;
      indicators: { assigned: number; reported: number; met: number; exceeded: number };
    }[];
    readonly leadership2018: { leader: string; deputy: string };
  };
}

const FIXTURE = new URL('../../../shared/fixtures/khoi4-2017.json', import.meta.url);

export const referenceCase: ReferenceCase = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ReferenceCase;

/** The fixture's framework with every criterion's kind made explicit, as CycleOpened holds it. */
export const referenceFramework: Framework = {
  contents: referenceCase.cycle.framework.contents.map((content) => ({
    ...content,
    criteria: content.criteria.map((criterion) => ({ ...criterion, kind: criterion.kind ?? 'standard' })),
  })),
};
