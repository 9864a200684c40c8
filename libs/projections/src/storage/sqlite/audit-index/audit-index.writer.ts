/**
 * Appends a commit's audit entries to the index's posting lists in SQLite: groups their
 * positions by term, then writes each list's new chunks, remembering every list's short last
 * chunk so that the next commit rewrites it without reading it first.
 */
import type { AuditEntries } from '../../read-model-store.port.js';
import { ReadModelsMovedError } from '../../../projection.errors.js';
import { BYTES_PER_VALUE, decode, encode, TermKind, termText } from './audit-index.codec.js';
import type { ChunkRow, Statement } from './audit-index.tables.js';
import type { AuditTerms } from './audit-index.terms.js';

/** Most positions in one chunk (16 KiB of positions). */
const CHUNK_MAX = 2048;
/** A list's last chunk shorter than this is rewritten with the next positions rather than followed by another. */
const MERGE_BELOW = 64;

/** A commit's entries grouped by term (see AuditIndexWriter.prepare). */
export interface PreparedEntries {
  /** Every position, with its time. */
  readonly all: Required<Appended>;
  /** Positions per id of a term already stored. */
  readonly known: ReadonlyMap<number, number[]>;
  /** Terms not seen yet, by their text, with their positions. */
  readonly unseen: ReadonlyMap<string, UnseenTerm>;
}

interface UnseenTerm {
  readonly kind: TermKind;
  readonly value: string | number;
  readonly year: number | undefined;
  readonly positions: number[];
}

/** Positions (and, for the list of every event, times) of one term gathered from a commit. */
interface Appended {
  readonly positions: number[];
  readonly times?: number[];
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

/**
 * Writes run inside the caller's transaction; call `committed` once it commits and `rolledBack`
 * if it does not: the lengths of the lists' last chunks are cached only when they are known to
 * be stored.
 */
export class AuditIndexWriter {
  /** Each list's last chunk as stored, where known (its content only while short). */
  private readonly tails = new Map<number, Tail>();
  /** Last chunks the transaction in progress wrote: known to be stored once it commits. */
  private readonly newTails = new Map<number, Tail>();
  /** Whether every list absent from `tails` is empty (true after a reset). */
  private emptyUnlessKnown = false;

  constructor(
    private readonly statement: Statement,
    private readonly terms: AuditTerms,
    /** The shard this writer appends to. */
    private readonly shard: number,
  ) {}

  /**
   * Groups the entries' positions by term, outside any transaction (the part of a write that
   * needs no lock): terms not seen yet are kept apart, for `write` to add.
   */
  prepare(entries: AuditEntries): PreparedEntries {
    const known = new Map<number, number[]>();
    const unseen = new Map<string, UnseenTerm>();
    const listOf = (kind: TermKind, value: string | number, year?: number): number[] => {
      const id = this.terms.known(kind, value, year);
      if (id !== undefined) {
        let positions = known.get(id);
        if (positions === undefined) known.set(id, (positions = []));
        return positions;
      }
      const text = termText(kind, value, year);
      let term = unseen.get(text);
      if (term === undefined) unseen.set(text, (term = { kind, value, year, positions: [] }));
      return term.positions;
    };
    // Consecutive events mostly share their terms (one command's events: one actor, one
    // bloc-year, often one unit and type): each kind remembers the list it last appended to,
    // and the value it was for (a bloc-year by its bloc and year).
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
      if (actor !== actors.value) actors.switchTo(actor, listOf(TermKind.actor, actor));
      actors.positions.push(position);
      if (type !== types.value) types.switchTo(type, listOf(TermKind.type, type));
      types.positions.push(position);
      if (unitId !== null) {
        if (unitId !== units.value) units.switchTo(unitId, listOf(TermKind.unit, unitId));
        units.positions.push(position);
      }
      if (year !== null) {
        if (year !== years.value) years.switchTo(year, listOf(TermKind.year, year));
        years.positions.push(position);
        if (blocId !== null) {
          if (blocId !== blocYears.value || year !== blocYears.year) {
            blocYears.switchTo(blocId, listOf(TermKind.blocYear, blocId, year), year);
          }
          blocYears.positions.push(position);
        }
      } else if (blocId !== null) {
        // A bloc's list holds only its events of no year: its bloc-year lists hold the rest.
        if (blocId !== blocs.value) blocs.switchTo(blocId, listOf(TermKind.bloc, blocId));
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
    for (const { kind, value, year, positions } of unseen.values()) {
      lists.set(this.terms.idOf(kind, value, year), positions);
    }
    const allId = this.terms.idOf(TermKind.all, '');
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
  }

  rolledBack(): void {
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
        if (changes !== 1) {
          throw new ReadModelsMovedError(`audit index: the last chunk of list ${term} is not where it was`);
        }
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
    if (row.positions.length / BYTES_PER_VALUE >= MERGE_BELOW) return { last: row.last };
    return tailOfChunk(
      Array.from(decode(row.positions)),
      row.times === null ? undefined : Array.from(decode(row.times)),
      0,
    );
  }
}
