import type { SqlDialect } from './sql-dialect';

/** SQLite's side of SqlDialect. */
export const SQLITE_DIALECT: SqlDialect = {
  name: 'sqlite',
  insertIgnoringDuplicates: (head, values) => `${head.replace(/^INSERT INTO/i, 'INSERT OR IGNORE INTO')} ${values}`,
  // TypeORM's sqlite driver resolves an INSERT with the new rowid (one round trip fewer on the writer).
  insertReturningId: async (m, sql, params) => Number(await m.query(sql, params)),
  changedRows: async (m, sql, params) => {
    await m.query(sql, params);
    return Number(((await m.query('SELECT changes() AS n')) as { n: number }[])[0]!.n);
  },
  joinInThisOrder: (left, right, on) => `${left} CROSS JOIN ${right} ON ${on}`,
  days: (timestamp) => `julianday(${timestamp})`,
  storedAsReal: (column) => `typeof(${column}) = 'real'`,
  isShopDisplayTimestamp: (column) => `${column} GLOB '[0-3][0-9]/[01][0-9]/[12][0-9][0-9][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'`,
};
