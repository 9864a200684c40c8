/**
 * The `pg` driver, loaded the first time a PostgreSQL adapter needs it. The adapters of every
 * library are exported beside the SQLite ones, so a module that imported `pg` itself would load
 * it into every process, and the default deployment, on the embedded SQLite store, would carry
 * the driver's code for nothing (about 12 MiB of a process's memory). The adapters import
 * `pg`'s types only and take the driver from here.
 */
import { createRequire } from 'node:module';

export type PgDriver = typeof import('pg');

let driver: PgDriver | undefined;

export function pgDriver(): PgDriver {
  driver ??= createRequire(import.meta.url)('pg') as PgDriver;
  return driver;
}

/** pg's quoting of an identifier (`"name"`), from the driver loaded on first use. */
export function escapeIdentifier(identifier: string): string {
  return pgDriver().escapeIdentifier(identifier);
}

/** pg's quoting of a literal (`'text'`), from the driver loaded on first use. */
export function escapeLiteral(literal: string): string {
  return pgDriver().escapeLiteral(literal);
}
