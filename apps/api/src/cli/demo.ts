/**
 * Loads the reference case (Kiên Giang, bloc 4, 2017) into DATA_DIR through the real API and
 * prints its final ranking and the 2018 leadership (`npm run demo`). Every command carries an
 * Idempotency-Key, so running it again writes nothing and prints the same tables.
 *
 *   npm run demo [-- --fixture path/to/khoi4-2017.json]
 *
 * The fixture defaults to `../shared/fixtures/khoi4-2017.json` beside the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type {
  AwardScore,
  Content,
  Criterion,
  CriterionKind,
  Elect,
  Member,
  OpenReview,
  ReportIndicator,
  SetIndicatorTarget,
  SignPact,
  StandingRow,
} from '@app/domain';
import type { LeadershipAssignment, RankingView } from '@app/projections';
import { createApp } from '../app.factory.js';
import { signToken } from '../auth/token.signer.js';
import { loadConfig } from '../config/app.config.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAY_HEADER } from '../idempotency/idempotency.interceptor.js';

/**
 * The shared fixture's shape (`/work/shared/fixtures/khoi4-2017.json`): each step's data is the
 * body of its command, as the domain's commands define it.
 */
export interface ReferenceCase {
  readonly bloc: {
    readonly id: string;
    readonly name: string;
    readonly province: string;
    readonly members: readonly Member[];
  };
  readonly cycle: {
    readonly year: number;
    readonly leader: string;
    readonly deputy: string;
    /** As the API takes it: a criterion's kind may be left out (standard). */
    readonly framework: {
      readonly contents: readonly (Omit<Content, 'criteria'> & {
        readonly criteria: readonly (Omit<Criterion, 'kind'> & { readonly kind?: CriterionKind })[];
      })[];
    };
  };
  readonly targets: readonly SetIndicatorTarget['data'][];
  readonly signatures: readonly SignPact['data'][];
  readonly reports: readonly ReportIndicator['data'][];
  readonly review: OpenReview['data'];
  readonly scores: readonly AwardScore['data'][];
  readonly leadingUnit: string;
  readonly elections: readonly (Elect['data'] & { readonly forYear: number })[];
  readonly expected: {
    readonly ranking: readonly Pick<StandingRow, 'rank' | 'unitId' | 'total' | 'byContent' | 'indicators'>[];
    readonly leadership2018: { readonly leader: string; readonly deputy: string };
  };
}

export const DEFAULT_FIXTURE = '../shared/fixtures/khoi4-2017.json';

/** Reads the fixture; a missing file is an error that says where it was looked for. */
export function readReferenceCase(path: string): ReferenceCase {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new Error(
      `reference case not found at ${absolute}: the shared fixtures belong beside the repository (${DEFAULT_FIXTURE})`,
    );
  }
  return JSON.parse(readFileSync(absolute, 'utf8')) as ReferenceCase;
}

export interface Principal {
  readonly role: 'board' | 'unit' | 'auditor';
  readonly sub: string;
  readonly name: string;
  readonly unit?: string;
}

export const board: Principal = { role: 'board', sub: 'board-officer', name: 'Ban Thi đua - Khen thưởng' };

/** The officer of one unit, with a stable subject (idempotency keys belong to a principal). */
export function officerOf(unitId: string): Principal {
  return { role: 'unit', sub: `${unitId}-officer`, name: `officer of ${unitId}`, unit: unitId };
}

/** One command of the reference case: who sends which body to which path (under /api). */
export interface Step {
  /** Unique within the case; with the bloc and year it makes the command's Idempotency-Key. */
  readonly name: string;
  readonly principal: Principal;
  readonly path: string;
  readonly body: unknown;
}

/**
 * The reference case's year as commands, each by the principal the cycle assigns it to: the
 * board registers the bloc and opens the year; the leader's officer sets targets, opens the
 * review, scores, finalizes, honours and holds the elections, except that nobody decides about
 * their own unit (the leader's targets and points come from the deputy); every unit signs and
 * reports for itself.
 */
export function referenceCaseSteps(reference: ReferenceCase): Step[] {
  const { bloc, cycle } = reference;
  const cyclePath = `/blocs/${bloc.id}/cycles/${cycle.year}`;
  const leader = officerOf(cycle.leader);
  const deputy = officerOf(cycle.deputy);
  return [
    {
      name: 'register',
      principal: board,
      path: '/blocs',
      body: { id: bloc.id, name: bloc.name, province: bloc.province, members: bloc.members },
    },
    {
      name: 'open',
      principal: board,
      path: `/blocs/${bloc.id}/cycles`,
      body: { year: cycle.year, framework: cycle.framework, leader: cycle.leader, deputy: cycle.deputy },
    },
    ...reference.targets.map((target) => ({
      name: `target:${target.unitId}:${target.code}`,
      principal: target.unitId === cycle.leader ? deputy : leader,
      path: `${cyclePath}/targets`,
      body: target,
    })),
    ...reference.signatures.map((signature) => ({
      name: `sign:${signature.unitId}`,
      principal: officerOf(signature.unitId),
      path: `${cyclePath}/signatures`,
      body: signature,
    })),
    ...reference.reports.map((report) => ({
      name: `report:${report.unitId}:${report.indicator}:${report.period}`,
      principal: officerOf(report.unitId),
      path: `${cyclePath}/reports`,
      body: report,
    })),
    { name: 'review', principal: leader, path: `${cyclePath}/review`, body: reference.review },
    ...reference.scores.map((score) => ({
      name: `score:${score.unitId}:${score.criterion}`,
      principal: score.unitId === cycle.leader ? deputy : leader,
      path: `${cyclePath}/scores`,
      body: score,
    })),
    { name: 'finalize', principal: leader, path: `${cyclePath}/scoring/finalize`, body: {} },
    {
      name: 'honour',
      principal: leader,
      path: `${cyclePath}/leading-unit`,
      body: { unitId: reference.leadingUnit },
    },
    ...reference.elections.map(({ role, unitId, votes }) => ({
      name: `elect:${role}`,
      principal: leader,
      path: `${cyclePath}/elections`,
      body: { role, unitId, votes },
    })),
  ];
}

/**
 * Sends one command as `principal` with `idempotencyKey`; resolves whether the answer was a
 * replay of an earlier run, rejects on any refusal.
 */
export type SendCommand = (
  principal: Principal,
  path: string,
  body: unknown,
  idempotencyKey: string,
) => Promise<{ replayed: boolean }>;

/** Sends the steps in order, each under its own Idempotency-Key, so that playing twice writes once. */
export async function playSteps(
  reference: ReferenceCase,
  steps: readonly Step[],
  send: SendCommand,
): Promise<{ written: number; replayed: number }> {
  const counts = { written: 0, replayed: 0 };
  for (const { name, principal, path, body } of steps) {
    const { replayed } = await send(
      principal,
      path,
      body,
      `reference-case:${reference.bloc.id}:${reference.cycle.year}:${name}`,
    );
    counts[replayed ? 'replayed' : 'written'] += 1;
  }
  return counts;
}

/** Sends commands over HTTP to the API at `url`, with tokens signed by the server's secret. */
export function httpCommandSender(url: string, authSecret: string): SendCommand {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (principal: Principal): Promise<string> => {
    let token = tokens.get(principal.sub);
    if (token === undefined) {
      token = signToken(authSecret, principal);
      tokens.set(principal.sub, token);
    }
    return token;
  };
  return async (principal, path, body, idempotencyKey) => {
    const response = await fetch(`${url}/api${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf(principal)}`,
        'content-type': 'application/json',
        [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const answer = await response.text();
    if (response.status !== 201) {
      throw new Error(`POST ${path} as ${principal.sub}: ${response.status} ${answer}`);
    }
    return { replayed: response.headers.get(IDEMPOTENT_REPLAY_HEADER) === 'true' };
  };
}

const points = (value: number): string => value.toFixed(2);

const INDICATOR_COLUMNS = ['assigned', 'reported', 'met', 'exceeded'] as const;

/** The final ranking as a table: totals, each content's subtotal and the indicator counts. */
export function rankingTable(ranking: RankingView): string {
  const contents = Object.keys(ranking.units[0]?.byContent ?? {});
  const nameWidth = Math.max(4, ...ranking.units.map((row) => row.name.length));
  const header = [
    'rank',
    'unit'.padEnd(nameWidth),
    '  total',
    ...contents.map((code) => `content ${code}`),
    ...INDICATOR_COLUMNS,
  ].join('  ');
  const lines = ranking.units.map((row) =>
    [
      String(row.rank).padStart(4),
      row.name.padEnd(nameWidth),
      points(row.total).padStart(7),
      ...contents.map((code) => points(row.byContent[code] ?? 0).padStart(`content ${code}`.length)),
      ...INDICATOR_COLUMNS.map((column) => String(row.indicators[column]).padStart(column.length)),
    ].join('  '),
  );
  return [header, ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { fixture: { type: 'string', default: DEFAULT_FIXTURE } },
    strict: true,
  });
  const reference = readReferenceCase(values.fixture!);
  const config = loadConfig(process.env);
  const app = await createApp(config, { logger: ['error'] });
  try {
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const { written, replayed } = await playSteps(
      reference,
      referenceCaseSteps(reference),
      httpCommandSender(url, config.authSecret),
    );
    console.log(
      `${reference.bloc.name}, ${reference.cycle.year}: ${written} commands written, ${replayed} already recorded (data: ${config.dataDir})\n`,
    );

    const token = await signToken(config.authSecret, board);
    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const { bloc, cycle } = reference;
    const ranking = await get<RankingView>(`/blocs/${bloc.id}/cycles/${cycle.year}/ranking`);
    const nextYear = await get<LeadershipAssignment>(`/blocs/${bloc.id}/leadership/${cycle.year + 1}`);
    const nameOf = (unitId: string | null): string =>
      bloc.members.find((member) => member.unitId === unitId)?.name ?? String(unitId);

    console.log(`Final ranking ${cycle.year}\n${rankingTable(ranking)}\n`);
    console.log(`Leading unit: ${nameOf(ranking.leadingUnit)}`);
    console.log(`Runners-up: ${ranking.runnersUp.map(nameOf).join(', ')}\n`);
    console.log(
      `Leadership ${nextYear.year} (${nextYear.status}): leader ${nameOf(nextYear.leader)}, deputy ${nameOf(nextYear.deputy)}`,
    );
  } finally {
    await app.close();
  }
}

// Run only as the entry point: the e2e spec imports the player above.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
