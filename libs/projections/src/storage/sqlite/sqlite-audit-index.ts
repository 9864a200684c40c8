import type Database from 'better-sqlite3';
import type { AuditEntries, AuditFilter } from '../read-model-store.port.js';

/**
 * The audit index in SQLite: one posting list per term (a bloc, a bloc-year, a year, a unit,
 * an actor, a type), each the ascending positions of the events indexed under it, stored in
 * chunks of up to CHUNK_MAX positions; the list of every position carries each event's
 * `recordedAt` beside it, for time ranges. EventStoreDB's `$et-` and `$ce-` link streams are
 * the same idea.
 *
 * Why not a table with a row per event and five secondary indexes: a replay of a million
 * events spent more time inserting those rows and sorting the indexes than reading the log.
 * Appending a position to a list in memory costs next to nothing; a replay stores each list
 * once per commit as a few blobs.
 *
 * A list may be split into shards: replayers of disjoint parts of the log, side by side, each
 * append to their own shard of every list (a list is only ever appended to), and a search reads
 * a term's shards as one list. Live projection writes shard 0.
 *
 * Filters combine as in SQL: every term given must match (AND), `types` any of its list (OR);
 * the lists are intersected by leapfrogging (each list seeks to the highest candidate until
 * all agree), so a search reads the chunks around its answer, never a whole list.
 */
export const AUDIT_INDEX_TABLES = `
  CREATE TABLE IF NOT EXISTS audit_terms (
    id INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
  );
  CREATE TABLE IF NOT EXISTS audit_postings (
    id INTEGER PRIMARY KEY,
    term INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    last INTEGER NOT NULL,
    -- The range of the times (list of every event only), before the blobs: a search for a time
    -- range skips chunks by these without reading their blobs.
    earliest REAL,
    latest REAL,
    positions BLOB NOT NULL,
    times BLOB
  );
  CREATE UNIQUE INDEX IF NOT EXISTS audit_postings_by_term ON audit_postings (term, shard, last);
`;

/** Most positions in one chunk (16 KiB of positions). */
const CHUNK_MAX = 2048;
/** A list's last chunk shorter than this is rewritten with the next positions rather than followed by another. */
const MERGE_BELOW = 64;
/** The list of every indexed event, with times. */
const ALL = '*';

type Statement = (sql: string, pluck?: boolean) => Database.Statement;

interface Chunk {
  readonly last: number;
  readonly positions: Float64Array;
  /** Epoch milliseconds of each position's `recordedAt` (the list of every event only). */
  readonly times?: Float64Array;
  /** The range of `times`. */
  readonly earliest: number;
  readonly latest: number;
}

interface ChunkRow {
  readonly last: number;
  readonly earliest: number | null;
  readonly latest: number | null;
  readonly positions: Buffer;
  readonly times: Buffer | null;
}

/** The list a kind of term last appended to while grouping a commit, and the value it is for. */
class RecentList {
  value: string | number | undefined;
  /** The year, for a bloc-year's list (its value is the bloc). */
  year: number | undefined;
  positions: number[] = [];

  switchTo(value: string | number, positions: number[], year?: number): void {
    this.value = value;
    this.year = year;
    this.positions = positions;
  }
}

/** A list's last chunk as stored; its positions (and times) only while it is short enough to take more. */
interface Tail {
  readonly last: number;
  readonly positions?: number[];
  readonly times?: number[];
}

/**
 * The chunk of `positions` (and `times`) from `start` as the last of its list: its contents kept
 * only while it may take more.
 */
function tailOfChunk(
  positions: readonly number[],
  times: readonly number[] | undefined,
  start: number,
): Tail {
  const last = positions[positions.length - 1];
  if (positions.length - start >= MERGE_BELOW) return { last };
  return { last, positions: positions.slice(start), times: times?.slice(start) };
}

/** A commit's entries grouped by term (see SqliteAuditIndex.prepare). */
export interface PreparedEntries {
  /** Every position, with its time. */
  readonly all: Required<Appended>;
  /** Positions per id of a term already stored. */
  readonly known: ReadonlyMap<number, number[]>;
  /** Positions per kind and value of a term not seen yet. */
  readonly unseen: ReadonlyMap<string, ReadonlyMap<string, number[]>>;
}

/** Positions (and, for ALL, times) of one term gathered from a commit. */
interface Appended {
  readonly positions: number[];
  readonly times?: number[];
}

/**
 * Reads and writes the posting lists. Writes run inside the caller's transaction; call
 * `committed` once it commits and `rolledBack` if it does not: term ids and the lengths of the
 * lists' last chunks are cached only when they are known to be stored.
 */
export class SqliteAuditIndex {
  /** Ids of terms, per kind and value; ids are never reused (a reset keeps the terms). */
  private readonly termIds = new Map<string, Map<string, number>>();
  /** Terms the transaction in progress added: forgotten again if it rolls back. */
  private readonly addedTerms: [kind: string, value: string][] = [];
  /** Each list's last chunk as stored, where known (its content only while short). */
  private readonly tails = new Map<number, Tail>();
  /** Last chunks the transaction in progress wrote: known to be stored once it commits. */
  private readonly newTails = new Map<number, Tail>();
  /** Whether every list absent from `tails` is empty (true after a reset). */
  private emptyUnlessKnown = false;

  constructor(
    private readonly statement: Statement,
    /** The shard this writer appends to. */
    private readonly shard = 0,
  ) {}

  /**
   * Groups the entries' positions by term, outside any transaction (the part of a write that
   * needs no lock): terms not seen yet are kept by kind and value, for `write` to add.
   */
  prepare(entries: AuditEntries): PreparedEntries {
    const known = new Map<number, number[]>();
    const unseen = new Map<string, Map<string, number[]>>();
    const listOf = (kind: string, value: string): number[] => {
      const id = this.termIds.get(kind)?.get(value);
      let positions: number[] | undefined;
      if (id !== undefined) {
        positions = known.get(id);
        if (positions === undefined) known.set(id, (positions = []));
      } else {
        let values = unseen.get(kind);
        if (values === undefined) unseen.set(kind, (values = new Map()));
        positions = values.get(value);
        if (positions === undefined) values.set(value, (positions = []));
      }
      return positions;
    };
    // Consecutive events mostly share their terms (one command's events: one actor, one
    // bloc-year, often one unit and type): each kind remembers the list it last appended to,
    // and the value it was for (a bloc-year by its bloc and year: no string built per event).
    const [actors, types, units, years, blocs, blocYears] = Array.from({ length: 6 }, () => new RecentList());
    const all: Required<Appended> = { positions: [], times: [] };
    let previous = 0;
    let recordedAt = '';
    let time = NaN;
    for (const entry of entries) {
      const { position, actor, type, unitId, year, blocId } = entry;
      if (!(position > previous))
        throw new Error(`audit index: position ${position} does not follow ${previous}`);
      previous = position;
      if (entry.recordedAt !== recordedAt) {
        recordedAt = entry.recordedAt;
        time = Date.parse(recordedAt);
      }
      all.positions.push(position);
      all.times.push(time);
      if (actor !== actors.value) actors.switchTo(actor, listOf(ACTOR, actor));
      actors.positions.push(position);
      if (type !== types.value) types.switchTo(type, listOf(TYPE, type));
      types.positions.push(position);
      if (unitId !== null) {
        if (unitId !== units.value) units.switchTo(unitId, listOf(UNIT, unitId));
        units.positions.push(position);
      }
      if (year !== null) {
        if (year !== years.value) years.switchTo(year, listOf(YEAR, String(year)));
        years.positions.push(position);
        if (blocId !== null) {
          if (blocId !== blocYears.value || year !== blocYears.year) {
            blocYears.switchTo(blocId, listOf(BLOC_YEAR, blocYear(blocId, String(year))), year);
          }
          blocYears.positions.push(position);
        }
      } else if (blocId !== null) {
        // A bloc's list holds only its events of no year: its bloc-year lists hold the rest.
        if (blocId !== blocs.value) blocs.switchTo(blocId, listOf(BLOC, blocId));
        blocs.positions.push(position);
      }
    }
    return { all, known, unseen };
  }

  /**
   * Appends prepared entries (ascending positions, after everything this shard indexed) to
   * their lists; inside the caller's transaction.
   */
  write(prepared: PreparedEntries): void {
    const { all, known, unseen } = prepared;
    if (all.positions.length === 0) return;
    const lists = new Map(known);
    for (const [kind, values] of unseen) {
      for (const [value, positions] of values) lists.set(this.termId(kind, value), positions);
    }
    const allId = this.termId(ALL, '');
    // Lists are only ever appended to: a position at or below what is indexed is a bug upstream.
    const indexed =
      (this.statement('SELECT max(last) FROM audit_postings WHERE term = ? AND shard = ?', true).get(
        allId,
        this.shard,
      ) as number | null) ?? 0;
    if (!(all.positions[0] > indexed)) {
      throw new Error(`audit index: position ${all.positions[0]} does not follow ${indexed}`);
    }
    this.append(allId, all);
    for (const [term, positions] of lists) this.append(term, { positions });
  }

  committed(): void {
    for (const [term, tail] of this.newTails) this.tails.set(term, tail);
    this.newTails.clear();
    this.addedTerms.length = 0;
  }

  rolledBack(): void {
    for (const [kind, value] of this.addedTerms) this.termIds.get(kind)?.delete(value);
    this.addedTerms.length = 0;
    this.newTails.clear();
  }

  /** After the lists were dropped: every list is empty now. */
  cleared(): void {
    this.tails.clear();
    this.emptyUnlessKnown = true;
  }

  /** After the lists were replaced: nothing known of them holds any more. */
  replaced(): void {
    this.tails.clear();
    this.emptyUnlessKnown = false;
  }

  /** Positions of the entries matching the filter, ascending, at most `filter.limit`. */
  search(filter: AuditFilter): number[] {
    const year = filter.year === undefined ? undefined : String(filter.year);
    const single: [kind: string, value: string | undefined][] = [
      filter.blocId !== undefined && year !== undefined
        ? [BLOC_YEAR, blocYear(filter.blocId, year)]
        : [YEAR, filter.blocId === undefined ? year : undefined],
      [UNIT, filter.unitId],
      [ACTOR, filter.actor],
    ];
    const allId = this.searchedTermId(ALL, '');
    if (allId === undefined) return [];
    const shards = this.statement(
      'SELECT DISTINCT shard FROM audit_postings WHERE term = ? ORDER BY shard',
      true,
    ).all(allId) as number[];
    const list = (term: number): PostingList & TimedList =>
      shards.length === 1
        ? new TermList(this.statement, term, shards[0])
        : new AnyOf(shards.map((shard) => new TermList(this.statement, term, shard)));
    const groups: PostingList[] = [];
    for (const [kind, value] of single) {
      if (value === undefined) continue;
      const id = this.searchedTermId(kind, value);
      // A term never indexed matches nothing.
      if (id === undefined) return [];
      groups.push(list(id));
    }
    if (filter.blocId !== undefined && year === undefined) {
      // A whole bloc: its list of events of no year, and each of its bloc-year lists.
      const ids = this.statement(
        'SELECT id FROM audit_terms WHERE value = ? OR (value > ? AND value < ?)',
        true,
      ).all(
        `${BLOC}\u001f${filter.blocId}`,
        `${BLOC_YEAR}\u001f${filter.blocId}\u001f`,
        `${BLOC_YEAR}\u001f${filter.blocId}\u0020`,
      ) as number[];
      if (ids.length === 0) return [];
      groups.push(new AnyOf(ids.map(list)));
    }
    if (filter.types !== undefined && filter.types.length > 0) {
      const ids = filter.types
        .map((type) => this.searchedTermId(TYPE, type))
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
    const allId = this.searchedTermId(ALL, '');
    const termId = this.searchedTermId(BLOC_YEAR, blocYear(blocId, String(year)));
    if (allId === undefined || termId === undefined) return [];
    const time = Date.parse(until);
    const shards = this.statement(
      'SELECT DISTINCT shard FROM audit_postings WHERE term = ? ORDER BY shard',
      true,
    ).all(allId) as number[];
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

  /**
   * Appends positions to a term's list: a short last chunk takes them (rewritten in place, up
   * to CHUNK_MAX), the rest go into new chunks.
   */
  private append(term: number, list: Appended): void {
    let positions = list.positions;
    let times = list.times;
    const tail = this.tailOf(term);
    // The stored chunk the first positions go into, replacing it (its `last` changes).
    let replaced: number | undefined;
    if (tail !== undefined && tail.positions !== undefined) {
      replaced = tail.last;
      positions = tail.positions.concat(positions);
      if (times !== undefined && tail.times !== undefined) times = tail.times.concat(times);
    }
    let lastStart = 0;
    for (let start = 0; start < positions.length; start += CHUNK_MAX) {
      const end = Math.min(start + CHUNK_MAX, positions.length);
      let earliest: number | null = null;
      let latest: number | null = null;
      if (times !== undefined) {
        earliest = Infinity;
        latest = -Infinity;
        for (let index = start; index < end; index++) {
          earliest = Math.min(earliest, times[index]);
          latest = Math.max(latest, times[index]);
        }
      }
      const last = positions[end - 1];
      const encodedPositions = encode(positions, start, end);
      const encodedTimes = times === undefined ? null : encode(times, start, end);
      if (replaced !== undefined) {
        const { changes } = this.statement(
          'UPDATE audit_postings SET last = ?, earliest = ?, latest = ?, positions = ?, times = ?' +
            ' WHERE term = ? AND shard = ? AND last = ?',
        ).run(last, earliest, latest, encodedPositions, encodedTimes, term, this.shard, replaced);
        // A chunk remembered but not stored would lose the positions written into it.
        if (changes !== 1) throw new Error(`audit index: the last chunk of list ${term} is not where it was`);
        replaced = undefined;
      } else {
        this.statement(
          'INSERT INTO audit_postings (term, shard, last, earliest, latest, positions, times)' +
            ' VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(term, this.shard, last, earliest, latest, encodedPositions, encodedTimes);
      }
      lastStart = start;
    }
    if (positions.length > 0) this.newTails.set(term, tailOfChunk(positions, times, lastStart));
  }

  /** The list's last chunk as stored: from memory when known, else read (undefined when empty). */
  private tailOf(term: number): Tail | undefined {
    const known = this.newTails.get(term) ?? this.tails.get(term);
    if (known !== undefined || this.emptyUnlessKnown) return known;
    const row = this.statement(
      'SELECT last, positions, times FROM audit_postings WHERE term = ? AND shard = ? ORDER BY last DESC LIMIT 1',
    ).get(term, this.shard) as ChunkRow | undefined;
    if (row === undefined) return undefined;
    if (row.positions.length / 8 >= MERGE_BELOW) return { last: row.last };
    return tailOfChunk(
      Array.from(decode(row.positions)),
      row.times === null ? undefined : Array.from(decode(row.times)),
      0,
    );
  }

  /** The id of a term, added to audit_terms (inside the current transaction) when new. */
  private termId(kind: string, value: string): number {
    let ids = this.termIds.get(kind);
    if (ids === undefined) this.termIds.set(kind, (ids = new Map()));
    const known = ids.get(value);
    if (known !== undefined) return known;
    const text = `${kind}\u001f${value}`;
    this.statement('INSERT INTO audit_terms (value) VALUES (?) ON CONFLICT (value) DO NOTHING').run(text);
    const id = this.statement('SELECT id FROM audit_terms WHERE value = ?', true).get(text) as number;
    ids.set(value, id);
    this.addedTerms.push([kind, value]);
    return id;
  }

  /** The id of a term searched for; undefined when nothing was ever indexed under it. */
  private searchedTermId(kind: string, value: string): number | undefined {
    return (
      this.termIds.get(kind)?.get(value) ??
      (this.statement('SELECT id FROM audit_terms WHERE value = ?', true).get(`${kind}\u001f${value}`) as
        number | undefined)
    );
  }
}

/** Kinds of terms. A term's text is its kind and value apart (a unit and a bloc may share a name). */
const BLOC = 'b';
const YEAR = 'y';
const BLOC_YEAR = 'by';
const UNIT = 'u';
const ACTOR = 'a';
const TYPE = 't';

function blocYear(blocId: string, year: string): string {
  return `${blocId}\u001f${year}`;
}

/** An ascending list of positions that can skip forward. */
interface PostingList {
  /** The smallest position ≥ `position` in the list, or undefined past its end. */
  seek(position: number): number | undefined;
}

/** The list of every event, with times. */
interface TimedList {
  /** The time of `position`, which the last seek returned. */
  timeAt(position: number): number;
  /** The smallest position ≥ `position` not in a chunk whose times all fall outside [from, to]. */
  skipOutside(position: number, from: number, to: number): number | undefined;
}

/** One shard of a term's list, read from storage one chunk at a time as the seeks move forward. */
class TermList implements PostingList, TimedList {
  private current?: Chunk;
  private index = 0;
  private exhausted = false;

  constructor(
    private readonly statement: Statement,
    private readonly term: number,
    private readonly shard: number,
  ) {}

  seek(position: number): number | undefined {
    if (this.exhausted) return undefined;
    if (this.current === undefined || this.current.last < position) {
      const row = this.statement(
        'SELECT last, earliest, latest, positions, times FROM audit_postings' +
          ' WHERE term = ? AND shard = ? AND last >= ? ORDER BY last LIMIT 1',
      ).get(this.term, this.shard, position) as ChunkRow | undefined;
      this.load(row);
    }
    return this.exhausted ? undefined : this.within(position);
  }

  skipOutside(position: number, from: number, to: number): number | undefined {
    const next = this.seek(position);
    if (next === undefined) return undefined;
    const chunk = this.current!;
    if (chunk.latest >= from && chunk.earliest <= to) return next;
    // The next chunk with a time in range, found by its columns: its blobs are read only then.
    const row = this.statement(
      'SELECT last, earliest, latest, positions, times FROM audit_postings' +
        ' WHERE term = ? AND shard = ? AND last > ? AND latest >= ? AND earliest <= ? ORDER BY last LIMIT 1',
    ).get(this.term, this.shard, chunk.last, from, to) as ChunkRow | undefined;
    this.load(row);
    return this.exhausted ? undefined : this.within(chunk.last + 1);
  }

  private load(row: ChunkRow | undefined): void {
    if (row === undefined) {
      this.exhausted = true;
      return;
    }
    this.current = {
      last: row.last,
      positions: decode(row.positions),
      times: row.times === null ? undefined : decode(row.times),
      earliest: row.earliest ?? -Infinity,
      latest: row.latest ?? Infinity,
    };
    this.index = 0;
  }

  /** The smallest position ≥ `position` in the current chunk, whose last is ≥ `position`. */
  private within(position: number): number {
    const positions = this.current!.positions;
    // Seeks only move forward: search from where the last one stopped.
    let low = this.index;
    let high = positions.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (positions[middle] < position) low = middle + 1;
      else high = middle;
    }
    this.index = low;
    return positions[low];
  }

  timeAt(position: number): number {
    const chunk = this.current!;
    if (chunk.positions[this.index] !== position || chunk.times === undefined) {
      throw new Error(`audit index: no time stored for position ${position}`);
    }
    return chunk.times[this.index];
  }
}

/** Positions in any of the lists (the types asked for, or the shards of one list). */
class AnyOf<List extends PostingList> implements PostingList, TimedList {
  /** The list the last seek's answer came from. */
  private from?: List;

  constructor(private readonly lists: readonly List[]) {}

  seek(position: number): number | undefined {
    let lowest: number | undefined;
    for (const list of this.lists) {
      const found = list.seek(position);
      if (found !== undefined && (lowest === undefined || found < lowest)) {
        lowest = found;
        this.from = list;
      }
    }
    return lowest;
  }

  skipOutside(position: number, from: number, to: number): number | undefined {
    let lowest: number | undefined;
    for (const list of this.lists as readonly (List & Partial<TimedList>)[]) {
      const found = list.skipOutside!(position, from, to);
      if (found !== undefined && (lowest === undefined || found < lowest)) lowest = found;
    }
    return lowest;
  }

  timeAt(position: number): number {
    return (this.from as (List & Partial<TimedList>) | undefined)!.timeAt!(position);
  }
}

/** The smallest position ≥ `from` found in every list. */
function leapfrog(lists: readonly PostingList[], from: number): number | undefined {
  let candidate = from;
  for (let agreeing = 0, index = 0; agreeing < lists.length; index = (index + 1) % lists.length) {
    const found = lists[index].seek(candidate);
    if (found === undefined) return undefined;
    if (found === candidate) agreeing++;
    else {
      candidate = found;
      agreeing = 1;
    }
  }
  return candidate;
}

function encode(values: ArrayLike<number>, start: number, end: number): Buffer {
  const array = new Float64Array(end - start);
  for (let index = start; index < end; index++) array[index - start] = values[index];
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function decode(blob: Buffer): Float64Array {
  // A Float64Array needs an offset that is a multiple of 8: copy the bytes when it is not.
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.length / 8);
  return new Float64Array(Uint8Array.from(blob).buffer);
}
