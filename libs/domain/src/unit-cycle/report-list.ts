/**
 * A unit's reports in one cycle, in recorded order: an immutable list that grows at its end in
 * constant time and counts the reports of one indicator and period without scanning them.
 */
import type { IndicatorReported } from '../events.js';

export type Report = IndicatorReported['data'];

/**
 * The items of a list and of every list it grew into along one line, and how many of them each
 * indicator and period has. Only the list whose length equals `items.length` (the line's tip)
 * may grow it in place; every shorter list reads its own prefix and nothing after it.
 */
interface Line {
  readonly items: Report[];
  /** By indicator, then by period. */
  readonly counts: Map<string, Map<string, number>>;
}

/**
 * Immutable as a value: `with` answers a new list and leaves this one exactly as it was. A
 * unit-cycle's state is advanced by one report per command and a busy unit holds up to a
 * thousand of them, so copying the array on every report (and scanning it for the period's
 * count on every decision) cost the write side more than the rest of the decision. Instead,
 * lists grown one from another share one array: the newest appends to it in place, and an
 * older list that grows again (a decision made on a state that did not happen) copies its own
 * prefix first, so no list ever sees an item it was not given.
 */
export class ReportList implements Iterable<Report> {
  private array: readonly Report[] | undefined;

  private constructor(
    private readonly line: Line,
    /** How many reports this list holds: the first `length` items of its line. */
    readonly length: number,
  ) {}

  /** A list of no reports, with a line of its own (an empty list shared by all would hold on to the first line grown from it). */
  static empty(): ReportList {
    return new ReportList({ items: [], counts: new Map() }, 0);
  }

  static of(reports: Iterable<Report>): ReportList {
    let list = ReportList.empty();
    for (const report of reports) list = list.with(report);
    return list;
  }

  /** This list with `report` after its last; this list itself is unchanged. */
  with(report: Report): ReportList {
    const line = this.isTip() ? this.line : lineOf(this.line.items.slice(0, this.length));
    line.items.push(report);
    count(line.counts, report);
    return new ReportList(line, this.length + 1);
  }

  /** How many of the reports are of `indicator` for `period` (corrections included). */
  countOf(indicator: string, period: string): number {
    if (this.isTip()) return this.line.counts.get(indicator)?.get(period) ?? 0;
    let count = 0;
    for (let index = 0; index < this.length; index++) {
      const report = this.line.items[index];
      if (report.indicator === indicator && report.period === period) count++;
    }
    return count;
  }

  /** The reports as an array, in recorded order (made once per list, on first asking). */
  toArray(): readonly Report[] {
    return (this.array ??= this.line.items.slice(0, this.length));
  }

  *[Symbol.iterator](): Iterator<Report> {
    for (let index = 0; index < this.length; index++) yield this.line.items[index];
  }

  private isTip(): boolean {
    return this.line.items.length === this.length;
  }
}

function lineOf(items: Report[]): Line {
  const counts = new Map<string, Map<string, number>>();
  for (const report of items) count(counts, report);
  return { items, counts };
}

function count(counts: Line['counts'], { indicator, period }: Report): void {
  let periods = counts.get(indicator);
  if (periods === undefined) counts.set(indicator, (periods = new Map()));
  periods.set(period, (periods.get(period) ?? 0) + 1);
}
