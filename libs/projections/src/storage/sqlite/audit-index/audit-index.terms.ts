/**
 * The ids of the audit index's terms (`audit_terms`), remembered by this connection once they
 * are known to be stored.
 */
import type { Statement } from './audit-index.tables.js';

export class AuditTerms {
  /** Ids by term text; ids are never reused (a reset keeps the terms). */
  private readonly ids = new Map<string, number>();
  /** Terms the transaction in progress added: forgotten again if it rolls back. */
  private readonly added: string[] = [];

  constructor(private readonly statement: Statement) {}

  /** The id of a term this connection knows, without reading (undefined when it does not). */
  known(text: string): number | undefined {
    return this.ids.get(text);
  }

  /** The id of a term, added to audit_terms (inside the current transaction) when new. */
  idOf(text: string): number {
    const known = this.ids.get(text);
    if (known !== undefined) return known;
    this.statement('INSERT INTO audit_terms (value) VALUES (?) ON CONFLICT (value) DO NOTHING').run(text);
    const id = this.statement('SELECT id FROM audit_terms WHERE value = ?', true).get(text) as number;
    this.ids.set(text, id);
    this.added.push(text);
    return id;
  }

  /** The id of a term searched for; undefined when nothing was ever indexed under it. */
  searched(text: string): number | undefined {
    return (
      this.ids.get(text) ??
      (this.statement('SELECT id FROM audit_terms WHERE value = ?', true).get(text) as number | undefined)
    );
  }

  committed(): void {
    this.added.length = 0;
  }

  rolledBack(): void {
    for (const text of this.added) this.ids.delete(text);
    this.added.length = 0;
  }
}
