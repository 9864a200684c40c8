import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { LimitedStatements } from './sqlite-limited-statements.js';

describe('LimitedStatements', () => {
  let db: Database.Database;
  const SQL = 'SELECT n FROM numbers WHERE n > ? ORDER BY n';

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE numbers (n INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO numbers (n) VALUES (?)');
    for (let n = 1; n <= 10; n++) insert.run(n);
  });

  afterEach(() => {
    db.close();
  });

  it('reads at most the limit, and every row with a negative limit', () => {
    const statements = new LimitedStatements<[number], number>(db, (statement) => statement.pluck());
    expect(statements.limited(SQL, 3).all(4)).toEqual([5, 6, 7]);
    expect(statements.limited(SQL, 0).all(4)).toEqual([]);
    expect(statements.limited(SQL, -1).all(4)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('writes the limit into the SQL (nothing to bind) and prepares it once per limit', () => {
    const statements = new LimitedStatements<[number], number>(db, (statement) => statement.pluck());
    const three = statements.limited(SQL, 3);
    expect(three.source).toBe(`${SQL} LIMIT 3`);
    expect(statements.limited(SQL, 3)).toBe(three);
    expect(statements.limited(SQL, 4)).not.toBe(three);
    expect(statements.limited(SQL, -1).source).toBe(SQL);
  });

  it('refuses a limit that is not a whole number, since it becomes SQL', () => {
    const statements = new LimitedStatements<[number], number>(db);
    for (const limit of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])
      expect(() => statements.limited(SQL, limit)).toThrow(RangeError);
  });
});
