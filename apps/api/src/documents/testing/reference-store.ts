/**
 * For specs: a SQLite event store holding the reference case up to a stage, with one revision
 * of a leading unit's points (and its reason) before scoring is finalized, as the review did.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cycleStream, EVENT_SCHEMA_VERSIONS } from '@app/domain';
import { boardOfficer } from '@app/domain/testing';
import { SqliteEventStore } from '@app/event-store';
// The projections' own reference log (spec-only: @app/projections has no testing entry point).
import {
  appendLog,
  referenceCase,
  referenceLog,
  type ReferenceStage,
} from '../../../../../libs/projections/src/testing/reference-log.js';

export { referenceCase };
export const REVISION_REASON = 'Biên bản hội nghị: một sáng kiến được tính hai lần';

/** The revised award: the leading unit's first criterion, one point less then restored. */
export const revisedAward = (() => {
  const award = referenceCase.scores.find((score) => score.unitId === referenceCase.leadingUnit)!;
  return { unitId: award.unitId, criterion: award.criterion, points: award.points };
})();

/** A fresh store in a temporary folder; `recordedAt` ticks one minute per event from 12/01/2018. */
export async function referenceStore(
  until: Exclude<ReferenceStage, 'registered' | 'opened' | 'signed' | 'reported'> = 'closed',
): Promise<{ store: SqliteEventStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'documents-'));
  let clock = Date.parse('2018-01-12T01:00:00.000Z');
  const store = await SqliteEventStore.open({
    file: join(dir, 'events.sqlite'),
    now: () => new Date((clock += 60_000)),
  });
  const scored = referenceLog('scored');
  await appendLog(store, scored);
  // The same points again, as a revision with its reason: the figures do not change.
  const { blocId, year } = { blocId: referenceCase.bloc.id, year: referenceCase.cycle.year };
  const id = randomUUID();
  await store.append(
    cycleStream(blocId, year),
    [
      {
        id,
        type: 'ScoreAwarded',
        data: { blocId, year, ...revisedAward, previousPoints: revisedAward.points },
        metadata: {
          actor: boardOfficer,
          correlationId: id,
          causationId: id,
          reason: REVISION_REASON,
          schemaVersion: EVENT_SCHEMA_VERSIONS.ScoreAwarded,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  if (until !== 'scored') await appendLog(store, referenceLog(until).slice(scored.length));
  return { store, dir };
}
