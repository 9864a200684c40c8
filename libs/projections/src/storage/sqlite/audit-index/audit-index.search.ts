/**
 * Answers searches of the audit index in SQLite: the positions a filter matches, by
 * intersecting the terms' posting lists and skipping the chunks outside a time range, and the
 * positions a bloc-year's time travel must read.
 */
import type { AuditFilter } from '../../read-model-store.port.js';
import { decode, TermKind, termsWithYear, termText } from './audit-index.codec.js';
import {
  AnyOf,
  AnyShardOf,
  leapfrog,
  type PostingList,
  type TimedList,
  TermList,
} from './audit-index.posting-lists.js';
import type { ChunkRow, Statement } from './audit-index.tables.js';
import type { AuditTerms } from './audit-index.terms.js';

export class AuditIndexSearch {
  constructor(
    private readonly statement: Statement,
    private readonly terms: AuditTerms,
  ) {}

  /** Positions of the entries matching the filter, ascending, at most `filter.limit`. */
  search(filter: AuditFilter): number[] {
    const { blocId, year } = filter;
    const single: [kind: TermKind, value: string | number | undefined, year?: number][] = [
      blocId !== undefined && year !== undefined
        ? [TermKind.blocYear, blocId, year]
        : [TermKind.year, blocId === undefined ? year : undefined],
      [TermKind.unit, filter.unitId],
      [TermKind.actor, filter.actor],
    ];
    const allId = this.terms.searched(TermKind.all, '');
    if (allId === undefined) return [];
    const list = this.listOfShards(allId);
    const groups: PostingList[] = [];
    for (const [kind, value, termYear] of single) {
      if (value === undefined) continue;
      const id = this.terms.searched(kind, value, termYear);
      // A term never indexed matches nothing.
      if (id === undefined) return [];
      groups.push(list(id));
    }
    if (blocId !== undefined && year === undefined) {
      // A whole bloc: its list of events of no year, and each of its bloc-year lists.
      const { above, below } = termsWithYear(TermKind.blocYear, blocId);
      const ids = this.statement(
        'SELECT id FROM audit_terms WHERE value = ? OR (value > ? AND value < ?)',
        true,
      ).all(termText(TermKind.bloc, blocId), above, below) as number[];
      if (ids.length === 0) return [];
      groups.push(new AnyOf(ids.map(list)));
    }
    if (filter.types !== undefined && filter.types.length > 0) {
      const ids = filter.types
        .map((type) => this.terms.searched(TermKind.type, type))
        .filter((id): id is number => id !== undefined);
      if (ids.length === 0) return [];
      groups.push(new AnyOf(ids.map(list)));
    }
    const from = filter.from === undefined ? -Infinity : Date.parse(filter.from);
    const to = filter.to === undefined ? Infinity : Date.parse(filter.to);
    const timed = from > -Infinity || to < Infinity;
    const everything = list(allId);
    if (groups.length === 0 || timed) groups.push(everything);

    const found: number[] = [];
    let candidate = (filter.after ?? 0) + 1;
    while (found.length < filter.limit) {
      const match = leapfrog(groups, candidate);
      if (match === undefined) break;
      if (timed) {
        // Past the chunks that hold nothing in range.
        const next = everything.skipOutside(match, from, to);
        if (next === undefined) break;
        if (next > match) {
          candidate = next;
          continue;
        }
        const time = everything.timeAt(match);
        if (time < from || time > to) {
          candidate = match + 1;
          continue;
        }
      }
      found.push(match);
      candidate = match + 1;
    }
    return found;
  }

  /**
   * The bloc-year's positions, ascending, up to a bound that no position recorded at or before
   * `until` passes: the last position of the whole log recorded by then. Found from the chunks'
   * time ranges (the chunk with the highest `last` whose `earliest` is not after `until` holds
   * it), so only that chunk's times and the bloc-year's chunks up to the bound are read.
   */
  positionsUntil(blocId: string, year: number, until: string): number[] {
    const allId = this.terms.searched(TermKind.all, '');
    const termId = this.terms.searched(TermKind.blocYear, blocId, year);
    if (allId === undefined || termId === undefined) return [];
    const time = Date.parse(until);
    const shards = this.shards(allId);
    let bound = 0;
    for (const shard of shards) {
      const row = this.statement(
        'SELECT last, earliest, latest, positions, times FROM audit_postings' +
          ' WHERE term = ? AND shard = ? AND earliest <= ? ORDER BY last DESC LIMIT 1',
      ).get(allId, shard, time) as ChunkRow | undefined;
      if (row === undefined || row.times === null) continue;
      const positions = decode(row.positions);
      const times = decode(row.times);
      for (let index = positions.length - 1; index >= 0; index--) {
        if (times[index] <= time) {
          bound = Math.max(bound, positions[index]);
          break;
        }
      }
    }
    if (bound === 0) return [];
    const found: number[] = [];
    for (const shard of shards) {
      // The chunks wholly below the bound, and the one the bound falls in.
      const rows = this.statement(
        'SELECT positions FROM audit_postings WHERE term = ? AND shard = ? AND last <= ?' +
          ' UNION ALL SELECT positions FROM (SELECT positions FROM audit_postings' +
          ' WHERE term = ? AND shard = ? AND last > ? ORDER BY last LIMIT 1)',
        true,
      ).all(termId, shard, bound, termId, shard, bound) as Buffer[];
      for (const blob of rows) {
        for (const position of decode(blob)) if (position <= bound) found.push(position);
      }
    }
    return shards.length === 1 ? found : found.sort((a, b) => a - b);
  }

  /** The shards written so far: those of the list of every event (`allId`), which every writer appends to. */
  private shards(allId: number): number[] {
    return this.statement(
      'SELECT DISTINCT shard FROM audit_postings WHERE term = ? ORDER BY shard',
      true,
    ).all(allId) as number[];
  }

  /** How a term's list is read: from its one shard, or from every shard as one list. */
  private listOfShards(allId: number): (term: number) => TimedList {
    const shards = this.shards(allId);
    return (term) =>
      shards.length === 1
        ? new TermList(this.statement, term, shards[0])
        : new AnyShardOf(shards.map((shard) => new TermList(this.statement, term, shard)));
  }
}
