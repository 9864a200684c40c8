/**
 * Recent time-travel standings, per bloc, year and bounding position, answered again while a
 * moment selects the same events.
 */

import type { StandingsView } from './standings.view.js';

/** One remembered answer, and the moments it holds for. */
interface Remembered {
  readonly view: StandingsView;
  /** The latest `recordedAt` among the events it folded (epoch ms). */
  readonly from: number;
  /** The earliest `recordedAt` among the events it read but left out, Infinity when none. */
  readonly before: number;
}

/**
 * Recent time-travel answers, per bloc, year and bounding position (see
 * StandingsTimeTravel.standingsAsOf). The log up to a position the audit index has reached never
 * changes, so an answer stays true for every moment that selects the same events from it: at
 * or after the latest one folded, before the earliest one left out. Bounded: the least
 * recently used answer goes first.
 */
export class StandingsAsOfCache {
  private readonly answers = new Map<string, Remembered>();

  constructor(private readonly capacity = 64) {}

  find(blocId: string, year: number, bound: number, moment: number): StandingsView | undefined {
    const key = keyOf(blocId, year, bound);
    const remembered = this.answers.get(key);
    if (remembered === undefined || moment < remembered.from || moment >= remembered.before) return undefined;
    // Most recently used last.
    this.answers.delete(key);
    this.answers.set(key, remembered);
    return remembered.view;
  }

  remember(blocId: string, year: number, bound: number, answer: Remembered): void {
    const key = keyOf(blocId, year, bound);
    this.answers.delete(key);
    this.answers.set(key, answer);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value as string);
  }

  get size(): number {
    return this.answers.size;
  }
}

function keyOf(blocId: string, year: number, bound: number): string {
  // Ids never contain a control character (validated at the edge).
  return `${blocId}\u001f${year}\u001f${bound}`;
}
