/**
 * The audit index in SQLite as the read-model store uses it: ties together its writer
 * (audit-index.writer.ts), its search (audit-index.search.ts), the term ids both use and the
 * tables they share.
 *
 * One posting list per term (a bloc, a bloc-year, a year, a unit, an actor, a type), each the
 * ascending positions of the events indexed under it, stored in chunks of up to 2048
 * positions; the list of every position carries each event's `recordedAt` beside it, for time
 * ranges. EventStoreDB's `$et-` and `$ce-` link streams are the same idea.
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
import type Database from 'better-sqlite3';
import type { AuditEntries, AuditFilter } from '../../read-model-store.port.js';
import { AuditIndexSearch } from './audit-index.search.js';
import { AUDIT_INDEX_TABLES, DROP_AUDIT_INDEX_TABLES, type Statement } from './audit-index.tables.js';
import { AuditTerms } from './audit-index.terms.js';
import { AuditIndexWriter, type PreparedEntries } from './audit-index.writer.js';

export type { PreparedEntries } from './audit-index.writer.js';

/**
 * Writes run inside the caller's transaction; call `committed` once it commits and
 * `rolledBack` if it does not: term ids and the lengths of the lists' last chunks are cached
 * only when they are known to be stored.
 */
export class SqliteAuditIndex {
  private readonly terms: AuditTerms;
  private readonly writer: AuditIndexWriter;
  private readonly searcher: AuditIndexSearch;

  constructor(
    private readonly db: Database.Database,
    statement: Statement,
    /** The shard this index appends to. */
    shard = 0,
  ) {
    this.terms = new AuditTerms(statement);
    this.writer = new AuditIndexWriter(statement, this.terms, shard);
    this.searcher = new AuditIndexSearch(statement, this.terms);
  }

  /** Creates the index's tables where missing; `stale`: drops those of another version first. */
  static createTables(db: Database.Database, stale: boolean): void {
    if (stale) db.exec(DROP_AUDIT_INDEX_TABLES);
    db.exec(AUDIT_INDEX_TABLES);
  }

  /** See AuditIndexWriter.prepare: outside any transaction. */
  prepare(entries: AuditEntries): PreparedEntries {
    return this.writer.prepare(entries);
  }

  /** See AuditIndexWriter.write: inside the caller's transaction. */
  write(prepared: PreparedEntries): void {
    this.writer.write(prepared);
  }

  committed(): void {
    this.writer.committed();
    this.terms.committed();
  }

  rolledBack(): void {
    this.terms.rolledBack();
    this.writer.rolledBack();
  }

  search(filter: AuditFilter): number[] {
    return this.searcher.search(filter);
  }

  positionsUntil(blocId: string, year: number, until: string): number[] {
    return this.searcher.positionsUntil(blocId, year, until);
  }

  /**
   * Empties every list, inside the caller's transaction; call `cleared` once it commits (the
   * caller's prepared statements on the dropped table are void). The terms stay: their ids may
   * be cached by this or another process, and stay right.
   */
  dropLists(): void {
    this.db.exec('DROP TABLE audit_postings;');
    this.db.exec(AUDIT_INDEX_TABLES);
  }

  /** After `dropLists` committed: every list is empty now. */
  cleared(): void {
    this.writer.cleared();
  }

  /**
   * Adds the lists of the attached database `schema` (its own shards, its own term ids) to this
   * one's, inside the caller's transaction; call `replaced` once it commits. Terms are matched
   * by their text, so each file may number them its own way.
   */
  absorb(schema: string): void {
    this.db.exec(
      `INSERT INTO main.audit_terms (value)
         SELECT value FROM ${schema}.audit_terms WHERE true ON CONFLICT (value) DO NOTHING;
       INSERT INTO main.audit_postings (term, shard, last, earliest, latest, positions, times)
         SELECT term.id, posting.shard, posting.last, posting.earliest, posting.latest,
                posting.positions, posting.times
           FROM ${schema}.audit_postings AS posting
           JOIN ${schema}.audit_terms AS own ON own.id = posting.term
           JOIN main.audit_terms AS term ON term.value = own.value;`,
    );
  }

  /** After lists were absorbed: nothing known of them holds any more. */
  replaced(): void {
    this.writer.replaced();
  }
}
