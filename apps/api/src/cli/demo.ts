/**
 * Loads the reference case (Kiên Giang, bloc 4, 2017) into DATA_DIR through the real API and
 * prints its final ranking and the 2018 leadership (`npm run demo`). Every command carries an
 * Idempotency-Key, so running it again writes nothing and prints the same tables.
 *
 *   npm run demo [-- --fixture path/to/khoi4-2017.json] [--votes]
 *
 * With `--votes` the honour and both elections are decided by roll-call votes (every member
 * casts its own ballot) instead of the paper ballots' tallies.
 *
 * The fixture defaults to `../shared/fixtures/khoi4-2017.json` beside the repository.
 */
import { parseArgs } from 'node:util';
import { boardOfficer, DEFAULT_FIXTURE, readReferenceCase } from '@app/domain/testing';
import type { LeadershipAssignment, RankingView, VoteView } from '@app/projections';
import { createApp } from '../app.factory.js';
import { signToken } from '../auth/token.signer.js';
import { loadConfig } from '@app/runtime';
import { httpCommandSender } from './http-command-sender.js';
import { rankingTable } from './ranking-table.js';
import { playSteps, referenceCaseSteps } from './reference-case-script.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fixture: { type: 'string', default: DEFAULT_FIXTURE },
      votes: { type: 'boolean', default: false },
    },
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
      referenceCaseSteps(reference, { votes: values.votes }),
      httpCommandSender(url, config.authSecret),
    );
    console.log(
      `${reference.bloc.name}, ${reference.cycle.year}: ${written} commands written, ${replayed} already recorded (data: ${config.dataDir})\n`,
    );

    const token = await signToken(config.authSecret, boardOfficer);
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
    if (values.votes) {
      const votes = await get<VoteView[]>(`/blocs/${bloc.id}/cycles/${cycle.year}/votes`);
      console.log(`\nRoll-call votes ${cycle.year}`);
      for (const { subject, candidate, tally, passed } of votes) {
        console.log(
          `  ${subject} ${nameOf(candidate)}: ${tally.for} for, ${tally.against} against, ${tally.abstain} abstain, ${tally.notVoted} not voted: ${passed ? 'passed' : 'not passed'}`,
        );
      }
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
