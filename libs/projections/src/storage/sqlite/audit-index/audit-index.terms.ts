/**
 * The ids of the audit index's terms (`audit_terms`), remembered by this connection once they
 * are known to be stored.
 */
import { type TermKind, termText } from './audit-index.codec.js';
import type { Statement } from './audit-index.tables.js';

/**
 * A term is its kind, its value and, for a bloc-year, its year (see termText). Ids are kept by
 * these rather than by the term's text: grouping a commit looks a term up at every change of
 * value, and builds no text for the terms it knows.
 */
export class AuditTerms {
  /** Ids by kind and value; ids are never reused (a reset keeps the terms). */
  private readonly ids = new Map<TermKind, Map<string | number, number>>();
  /** Ids of the terms with a year, by kind, value and year. */
  private readonly yearIds = new Map<TermKind, Map<string | number, Map<number, number>>>();
  /** Terms the transaction in progress added: forgotten again if it rolls back. */
  private readonly added: [kind: TermKind, value: string | number, year: number | undefined][] = [];

  constructor(private readonly statement: Statement) {}

  /** The id of a term this connection knows, without reading (undefined when it does not). */
  known(kind: TermKind, value: string | number, year?: number): number | undefined {
    return year === undefined
      ? this.ids.get(kind)?.get(value)
      : this.yearIds.get(kind)?.get(value)?.get(year);
  }

  /** The id of a term, added to audit_terms (inside the current transaction) when new. */
  idOf(kind: TermKind, value: string | number, year?: number): number {
    const known = this.known(kind, value, year);
    if (known !== undefined) return known;
    const text = termText(kind, value, year);
    this.statement('INSERT INTO audit_terms (value) VALUES (?) ON CONFLICT (value) DO NOTHING').run(text);
    const id = this.statement('SELECT id FROM audit_terms WHERE value = ?', true).get(text) as number;
    if (year === undefined) inner(this.ids, kind).set(value, id);
    else inner(inner(this.yearIds, kind), value).set(year, id);
    this.added.push([kind, value, year]);
    return id;
  }

  /** The id of a term searched for; undefined when nothing was ever indexed under it. */
  searched(kind: TermKind, value: string | number, year?: number): number | undefined {
    return (
      this.known(kind, value, year) ??
      (this.statement('SELECT id FROM audit_terms WHERE value = ?', true).get(termText(kind, value, year)) as
        number | undefined)
    );
  }

  committed(): void {
    this.added.length = 0;
  }

  rolledBack(): void {
    for (const [kind, value, year] of this.added) {
      if (year === undefined) this.ids.get(kind)?.delete(value);
      else this.yearIds.get(kind)?.get(value)?.delete(year);
    }
    this.added.length = 0;
  }
}

/** The map under `key`, added when missing. */
function inner<Key, InnerKey, Value>(map: Map<Key, Map<InnerKey, Value>>, key: Key): Map<InnerKey, Value> {
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = new Map()));
  return found;
}
