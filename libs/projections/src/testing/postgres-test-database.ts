/**
 * A PostgreSQL database for specs: DATABASE_URL when CI provides a throwaway one, else a
 * database created on the local server (127.0.0.1:5432, user postgres) and dropped afterwards.
 * Specs isolate themselves further with a schema of their own (`uniqueSchema`).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  readonly connectionString: string;
  drop(): Promise<void>;
}

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';

export async function createTestDatabase(): Promise<TestDatabase> {
  const provided = process.env.DATABASE_URL;
  if (provided !== undefined && provided !== '')
    return { connectionString: provided, drop: async () => undefined };
  const name = `projections_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withClient(`${LOCAL_SERVER}/postgres`, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    connectionString: `${LOCAL_SERVER}/${name}`,
    drop: () =>
      withClient(`${LOCAL_SERVER}/postgres`, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ),
  };
}

export function uniqueSchema(prefix = 'read_models'): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  await withClient(connectionString, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}

async function withClient<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
