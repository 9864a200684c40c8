/**
 * Stream names. Ids are validated at the edge to `[a-z0-9][a-z0-9-]*`, so `:` never occurs
 * inside an id and `cycle-{blocId}:{year}` is a prefix of exactly that bloc-year's streams.
 */
export const blocStream = (blocId: string): string => `bloc-${blocId}`;
export const cycleStream = (blocId: string, year: number): string => `cycle-${blocId}:${year}`;
export const unitCycleStream = (blocId: string, year: number, unitId: string): string =>
  `cycle-${blocId}:${year}:${unitId}`;
/** Prefix of every cycle stream of one bloc, all years (and its units' streams). */
export const blocCyclesPrefix = (blocId: string): string => `cycle-${blocId}`;
/** Prefix of every stream of one bloc-year (its cycle and its units' streams). */
export const cyclePrefix = (blocId: string, year: number): string => `cycle-${blocId}:${year}`;
/**
 * A nomination's id: one per bloc, year, award and unit. The stream's uniqueness (its first
 * event is appended only where no stream exists) keeps the rule "one nomination per unit, award
 * and year" within one bloc only: a unit's id is the same in every bloc, and a unit can be in
 * two blocs' cycles of one year, so a submission is also checked against the unit's nominations
 * by other blocs (nomination.eligibility.ts). The id begins with its bloc, as the stream's does.
 */
export const nominationIdOf = (blocId: string, year: number, award: string, unitId: string): string =>
  `${blocId}:${year}:${award}:${unitId}`;
export const nominationStream = (nominationId: string): string => `nomination-${nominationId}`;

/**
 * The bloc a stream belongs to (`bloc-{id}`, `cycle-{id}:{year}`, `cycle-{id}:{year}:{unit}`,
 * `nomination-{id}:{year}:{award}:{unit}`), or undefined for a stream of no bloc.
 */
export function blocOfStream(streamId: string): string | undefined {
  const match = /^(?:bloc|cycle|nomination)-([^:]+)/.exec(streamId);
  return match?.[1];
}
