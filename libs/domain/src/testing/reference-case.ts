/**
 * The reference case (Kiên Giang, bloc 4, 2017): its shape, typed as the domain's own commands
 * and read models, read from the shared fixture beside the repository, and the principals who
 * play it. The one copy that the demo, the specs of every lib and the end-to-end specs share.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Elect,
  FrameworkInput,
  OpenReview,
  SetIndicatorTarget,
  SignPact,
  AwardScore,
} from '../cycle/cycle.commands.js';
import type { Actor } from '../decider.js';
import type { Framework, Member, Votes } from '../events.js';
import type { StandingRow } from '../standings.js';
import type { ReportIndicator } from '../unit-cycle/unit-cycle.commands.js';

/**
 * The shared fixture's shape (`../shared/fixtures/khoi4-2017.json`): each step's data is the
 * body of its command, as the domain's commands define it.
 */
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
    /** As the API takes it: a criterion's kind may be left out (standard). */
    readonly framework: FrameworkInput;
  };
  /** Each as the leader sets it. */
  readonly targets: readonly SetIndicatorTarget['data'][];
  readonly signatures: readonly SignPact['data'][];
  readonly reports: readonly ReportIndicator['data'][];
  readonly review: OpenReview['data'];
  readonly scores: readonly AwardScore['data'][];
  readonly leadingUnit: string;
  readonly elections: readonly (Elect['data'] & { readonly forYear: number; readonly votes: Votes })[];
  readonly expected: {
    readonly ranking: readonly Pick<StandingRow, 'rank' | 'unitId' | 'total' | 'byContent' | 'indicators'>[];
    readonly leadership2018: { readonly leader: string; readonly deputy: string };
  };
}

/** Where the command line looks by default, relative to the working directory (the repository). */
export const DEFAULT_FIXTURE = '../shared/fixtures/khoi4-2017.json';

/** The same file found from these sources, for specs wherever they are started from. */
const FIXTURE_BESIDE_SOURCES = fileURLToPath(
  new URL('../../../../../shared/fixtures/khoi4-2017.json', import.meta.url),
);

/** Reads the fixture; a missing file is an error that says where it was looked for. */
export function readReferenceCase(path: string = FIXTURE_BESIDE_SOURCES): ReferenceCase {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new Error(
      `reference case not found at ${absolute}: the shared fixtures belong beside the repository (${DEFAULT_FIXTURE})`,
    );
  }
  return JSON.parse(readFileSync(absolute, 'utf8')) as ReferenceCase;
}

/** The fixture's framework with every criterion's kind made explicit, as CycleOpened holds it. */
export function explicitFramework(framework: FrameworkInput): Framework {
  return {
    contents: framework.contents.map((content) => ({
      ...content,
      criteria: content.criteria.map((criterion) => ({ ...criterion, kind: criterion.kind ?? 'standard' })),
    })),
  };
}

/** The provincial emulation board's officer: registers the bloc and opens the year. */
export const boardOfficer: Actor = { role: 'board', sub: 'board-officer', name: 'Ban Thi đua - Khen thưởng' };

/** The officer of one unit, with a stable subject (idempotency keys belong to a principal). */
export function officerOf(unitId: string): Actor {
  return { role: 'unit', sub: `${unitId}-officer`, name: `officer of ${unitId}`, unit: unitId };
}
