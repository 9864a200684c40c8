/**
 * Throwaway PostgreSQL databases and schemas for specs and benchmarks: CI's DATABASE_URL when it
 * provides one, else a database created on the local development server and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

/** The local development server (trust auth); CI points DATABASE_URL at a throwaway database instead. */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

/** A place to write that nobody else uses, for one test file or one benchmark run. */
export interface ScratchDatabase {
  readonly connectionString: string;
  /** A schema name not handed out before, unique across processes. */
  newSchema(): string;
  /** Drops everything created here: the schemas handed out, or the whole database when it was created here. */
  drop(): Promise<void>;
}

/**
 * With DATABASE_URL (CI's throwaway database) schemas are created inside it; without it, a
 * fresh database is created on the local server, so a dev run never touches data it did not
 * create. Random names keep parallel Jest workers and concurrent runs apart.
 */
export async function openScratchDatabase(
  label: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ScratchDatabase> {
  // `pg_` is reserved for system schemas.
  if (!/^[a-z][a-z0-9_]{0,20}$/.test(label) || label.startsWith('pg_')) {
    throw new RangeError(`scratch label ${label} is not a short identifier outside pg_`);
  }
  const prefix = `${label}_${randomBytes(5).toString('hex')}`;
  const schemas: string[] = [];
  const newSchema = (): string => {
    const schema = `${prefix}_${schemas.length + 1}`;
    schemas.push(schema);
    return schema;
  };

  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    return {
      connectionString: databaseUrl,
      newSchema,
      drop: () =>
        runOnce(databaseUrl, schemas.map((schema) => `DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE;`).join('\n')),
    };
  }
  const database = `scratch_${prefix}`;
  await runOnce(LOCAL_SERVER, `CREATE DATABASE ${escapeIdentifier(database)}`);
  const url = new URL(LOCAL_SERVER);
  url.pathname = `/${database}`;
  return {
    connectionString: url.toString(),
    newSchema,
    drop: () => runOnce(LOCAL_SERVER, `DROP DATABASE IF EXISTS ${escapeIdentifier(database)} WITH (FORCE)`),
  };
}

/** A schema name not handed out before, for a spec that creates and drops its schemas itself. */
export function uniqueSchema(prefix = 'read_models'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  await runOnce(connectionString, `DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
}

async function runOnce(connectionString: string, sql: string): Promise<void> {
  if (sql.trim() === '') return;
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
