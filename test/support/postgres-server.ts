/**
 * The PostgreSQL server the e2e specs make their scratch databases on (DATABASE_URL, or the
 * local one), and a statement run on it outside any of them (CREATE/DROP DATABASE).
 */
import pg from 'pg';

export const POSTGRES_SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
