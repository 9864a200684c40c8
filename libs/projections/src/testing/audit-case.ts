/**
 * A seeded audit case for specs: entries of every kind, and filters with the positions a scan of
 * every entry answers, which an audit index must match.
 */

import type { AuditEntry, AuditFilter } from '../storage/read-model-store.port.js';

/** A pseudo-random sequence from a seed (mulberry32): the same case on every run. */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below) | 0;
  };
}

export interface AuditProbe {
  readonly filter: AuditFilter;
  /** What a scan of every entry finds. */
  readonly expected: number[];
}

/**
 * Audit entries over a few blocs, years, units, actors and types, with a clock that mostly
 * rises and sometimes steps back, and filters of every combination with the positions a scan
 * of every entry would answer: an audit index must agree with the scan on all of them.
 */
export function auditCase(seed: number, size = 5_000): { entries: AuditEntry[]; probes: AuditProbe[] } {
  const random = seededRandom(seed);
  const types = ['ScoreAwarded', 'IndicatorReported', 'PactSigned', 'LeaderElected'];
  const base = Date.parse('2018-01-01T00:00:00.000Z');
  const entries: AuditEntry[] = Array.from({ length: size }, (_, index) => {
    const blocId = random(5) === 0 ? null : `b${random(4)}`;
    return {
      position: index + 1,
      blocId,
      // Some events of a bloc name no year (a member admitted, say).
      year: blocId === null || random(8) === 0 ? null : 2017 + random(3),
      unitId: random(4) === 0 ? null : `u${random(30)}`,
      actor: `officer-${random(12)}`,
      type: types[random(types.length)],
      recordedAt: new Date(base + index * 60_000 - random(8) * 3_600_000).toISOString(),
    };
  });
  const probes = Array.from({ length: 200 }, (): AuditProbe => {
    const filter: AuditFilter = {
      blocId: random(3) === 0 ? `b${random(5)}` : undefined,
      year: random(4) === 0 ? 2017 + random(4) : undefined,
      unitId: random(3) === 0 ? `u${random(32)}` : undefined,
      actor: random(4) === 0 ? `officer-${random(13)}` : undefined,
      types:
        random(3) === 0
          ? [types[random(4)], ...(random(2) === 0 ? ['Unknown', types[random(4)]] : [])]
          : undefined,
      from: random(3) === 0 ? new Date(base + random(size) * 60_000).toISOString() : undefined,
      to: random(3) === 0 ? new Date(base + random(size) * 60_000).toISOString() : undefined,
      after: random(3) === 0 ? random(size) : undefined,
      limit: [1, 10, 100, 10_000][random(4)],
    };
    const expected = entries
      .filter(
        (entry) =>
          (filter.blocId === undefined || entry.blocId === filter.blocId) &&
          (filter.year === undefined || entry.year === filter.year) &&
          (filter.unitId === undefined || entry.unitId === filter.unitId) &&
          (filter.actor === undefined || entry.actor === filter.actor) &&
          (filter.types === undefined || filter.types.includes(entry.type)) &&
          (filter.from === undefined || entry.recordedAt >= filter.from) &&
          (filter.to === undefined || entry.recordedAt <= filter.to) &&
          (filter.after === undefined || entry.position > filter.after),
      )
      .map((entry) => entry.position)
      .slice(0, filter.limit);
    return { filter, expected };
  });
  return { entries, probes };
}
