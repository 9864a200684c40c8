/**
 * What the API benchmark sends: the blocs and cycles it sets up over HTTP before measuring,
 * and the n-th request of each load, a valid command whose values come from a counter. Every
 * answer must be 201: the counters keep each unit-cycle within the domain's report caps
 * (MAX_REPORTS_PER_UNIT_CYCLE in all, MAX_REPORTS_PER_PERIOD per indicator and period).
 */
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { MAX_REPORTS_PER_PERIOD, MAX_REPORTS_PER_UNIT_CYCLE } from '@app/domain';

export const UNITS_PER_BLOC = 8;
/** The reporting periods of a year: the year, its halves and its quarters. */
const PERIOD_SUFFIXES = ['', '-H1', '-H2', '-Q1', '-Q2', '-Q3', '-Q4'];
/**
 * Indicators each reporting unit gets: enough that a unit reporting its whole cap, spread evenly
 * over indicators and periods, never reaches the per-period cap (8 x 7 x 20 = 1,120 ≥ 1,000).
 */
export const INDICATORS_PER_UNIT = Math.ceil(
  MAX_REPORTS_PER_UNIT_CYCLE / (PERIOD_SUFFIXES.length * MAX_REPORTS_PER_PERIOD),
);
/** Reports one bloc-year takes at most: every unit at its cap. */
export const MAX_REPORTS_PER_BLOC_YEAR = UNITS_PER_BLOC * MAX_REPORTS_PER_UNIT_CYCLE;

const CRITERIA = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3'];
const MAX_POINTS = 100;
const FRAMEWORK = {
  contents: ['1', '2', '3'].map((content) => ({
    code: content,
    title: `Content ${content}`,
    criteria: CRITERIA.filter((c) => c.startsWith(`${content}.`)).map((code) => ({
      code,
      title: `Criterion ${code}`,
      maxPoints: MAX_POINTS,
    })),
  })),
};

/** One request: always a POST with a JSON body and a bearer token. */
export interface Command {
  readonly path: string;
  readonly token: string;
  readonly body: unknown;
}

/** The n-th request of a load (n from 0). */
export type CommandSource = (n: number) => Command;

export interface Bloc {
  readonly blocId: string;
  readonly units: readonly string[];
  /** Token of each unit's officer. */
  readonly tokens: Readonly<Record<string, string>>;
}

/** A bloc's year, opened with its targets set and its pact in force (or in review). */
export interface BlocYear {
  readonly bloc: Bloc;
  readonly year: number;
}

/** Sends the set-up commands; any answer but 201 stops the benchmark. */
export class SetUpClient {
  private constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly board: string,
  ) {}

  static async create(url: string, secret: string): Promise<SetUpClient> {
    return new SetUpClient(url, secret, await signToken(secret, { sub: 'bench-board', role: 'board' }, '4h'));
  }

  get boardToken(): string {
    return this.board;
  }

  async registerBloc(blocId: string): Promise<Bloc> {
    const units = Array.from({ length: UNITS_PER_BLOC }, (_, u) => `${blocId}-unit-${u}`);
    const tokens = Object.fromEntries(
      await Promise.all(
        units.map(async (unit) => [
          unit,
          await signToken(this.secret, { sub: `${unit}-officer`, role: 'unit', unit }, '4h'),
        ]),
      ),
    );
    await this.send('/api/blocs', this.board, {
      id: blocId,
      name: `Bloc ${blocId}`,
      members: units.map((unitId) => ({ unitId, name: `Unit ${unitId}` })),
    });
    return { blocId, units, tokens };
  }

  /**
   * Opens the bloc's year (the board names its leader and deputy: no election precedes it),
   * sets `indicators` targets for every unit, has every unit sign (the pact comes into force)
   * and, with `review`, opens the review, where the leader's staff award scores.
   */
  async openYear(bloc: Bloc, year: number, indicators: number, review = false): Promise<BlocYear> {
    const [leader, deputy] = bloc.units as [string, string];
    const cycle = `/api/blocs/${bloc.blocId}/cycles/${year}`;
    await this.send(`/api/blocs/${bloc.blocId}/cycles`, this.board, {
      year,
      framework: FRAMEWORK,
      leader,
      deputy,
    });
    for (const unitId of bloc.units) {
      // The leader's staff set the targets; the deputy's set the leader's own unit's.
      const setter = bloc.tokens[unitId === leader ? deputy : leader]!;
      for (let i = 1; i <= indicators; i++) {
        await this.send(`${cycle}/targets`, setter, {
          unitId,
          code: `T${i}`,
          title: `Indicator T${i}`,
          criterion: '1.1',
          measure: '%',
          direction: 'increase',
          target: 80,
        });
      }
    }
    for (const unitId of bloc.units) {
      await this.send(`${cycle}/signatures`, bloc.tokens[unitId]!, {
        unitId,
        signatory: { title: 'Giám đốc' },
      });
    }
    if (review)
      await this.send(`${cycle}/review`, bloc.tokens[leader]!, { meetingDate: `${year + 1}-01-12` });
    return { bloc, year };
  }

  private async send(path: string, token: string, body: unknown): Promise<void> {
    const response = await fetch(this.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (response.status !== 201)
      throw new Error(`setting up ${path}: ${response.status} ${await response.text()}`);
  }
}

/**
 * Indicator reports into the given bloc-years, every one by its unit's officer: the j-th goes to
 * unit-cycle j mod U (units first, then bloc-years), and each unit-cycle's reports walk its
 * indicators, then its periods, so a unit's i-th report repeats an indicator and period only
 * every INDICATORS_PER_UNIT x 7 reports. Reports past a unit-cycle's cap would be refused: the
 * caller keeps j below U x MAX_REPORTS_PER_UNIT_CYCLE.
 */
export function reports(blocYears: readonly BlocYear[]): CommandSource {
  const reporters = UNITS_PER_BLOC * blocYears.length;
  return (j) => {
    const reporter = j % reporters;
    const { bloc, year } = blocYears[reporter % blocYears.length]!;
    const unitId = bloc.units[Math.floor(reporter / blocYears.length)]!;
    const nth = Math.floor(j / reporters);
    return {
      path: `/api/blocs/${bloc.blocId}/cycles/${year}/reports`,
      token: bloc.tokens[unitId]!,
      body: {
        unitId,
        indicator: `T${(nth % INDICATORS_PER_UNIT) + 1}`,
        period: `${year}${PERIOD_SUFFIXES[Math.floor(nth / INDICATORS_PER_UNIT) % PERIOD_SUFFIXES.length]}`,
        value: (6000 + (j % 4000)) / 100,
      },
    };
  };
}

/** Reports at most this many requests of `reports(blocYears)` take without a refusal. */
export function reportCapacity(blocYears: readonly BlocYear[]): number {
  return blocYears.length * MAX_REPORTS_PER_BLOC_YEAR;
}

/**
 * Score awards in bloc-years in review, by the leader's staff (the deputy's for the leader's
 * own unit): the k-th goes to unit k mod U over blocs, criteria and points from the counter.
 */
export function scoreAwards(blocYears: readonly BlocYear[]): CommandSource {
  return (k) => {
    const { bloc, year } = blocYears[k % blocYears.length]!;
    const unitId = bloc.units[Math.floor(k / blocYears.length) % bloc.units.length]!;
    const scorer = unitId === bloc.units[0] ? bloc.units[1]! : bloc.units[0]!;
    return {
      path: `/api/blocs/${bloc.blocId}/cycles/${year}/scores`,
      token: bloc.tokens[scorer]!,
      body: {
        unitId,
        criterion: CRITERIA[k % CRITERIA.length],
        points: (k % (MAX_POINTS * 100)) / 100,
        reason: 'Revised at the review meeting',
      },
    };
  };
}

/** Even requests from `even`, odd ones from `odd`, each with its own counter. */
export function alternate(even: CommandSource, odd: CommandSource): CommandSource {
  return (n) => (n % 2 === 0 ? even(n / 2) : odd((n - 1) / 2));
}
