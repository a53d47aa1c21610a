import { Kysely, SqliteDialect } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
import type { Database } from './schema.js';

describe('statements compiled once', () => {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
  afterAll(() => db.destroy());

  it('runs with each call’s values in their places, constants kept, and refuses a value that is not a parameter', async () => {
    await db.schema.createTable('event_sequences').addColumn('account_id', 'text', (c) => c.primaryKey()).addColumn('last', 'integer').execute();
    const bump = compiledOnce(2, (d, account, first) =>
      d.insertInto('event_sequences').values({ account_id: account, last: first })
        .onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({ last: eb('event_sequences.last', '+', 1) })))
        .returning('last'));
    expect((await bump(db, 'a', 1)).rows).toEqual([{ last: 1 }]);
    expect((await bump(db, 'a', 1)).rows).toEqual([{ last: 2 }]);
    expect((await bump(db, 'b', 7)).rows).toEqual([{ last: 7 }]);
    expect((await bump(db, 'b', 7)).rows).toEqual([{ last: 8 }]);
    const inTransaction = await db.transaction().execute((trx) => bump(trx, 'a', 1));
    expect(inTransaction.rows).toEqual([{ last: 3 }]);
    expect(() => bump(db, 'a')).toThrow('2 values expected, 1 given');
    const unused = compiledOnce(1, (d) => d.selectFrom('event_sequences').selectAll());
    expect(() => unused(db, 'x')).toThrow('value 0 is not a parameter');
  });
});
