import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

interface Waiting {
  work: (trx: Kysely<Database>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Runs durable work, several callers' at once when they come together. */
export type GroupCommit = <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * Group commit for SQLite's durable transactions (a message being accepted): the durable work
 * asked for while the previous batch runs, or in the same turn of the event loop, runs in ONE
 * transaction, each caller's part inside its own savepoint, and is synced to disk by one commit
 * with `synchronous = FULL` (sqlite.org/pragma.html#pragma_synchronous). better-sqlite3 syncs on
 * the event loop's thread, so one sync for ten messages instead of ten is what lets the relay and
 * the API accept more while the worker delivers (bench/relay.bench.ts).
 *
 * Each caller sees what it would alone: its part commits with the batch or not at all; a part
 * that throws is rolled back to its savepoint (`ROLLBACK TO`, sqlite.org/lang_savepoint.html)
 * and only its caller gets the error; a commit that fails fails every part. Nothing is answered
 * before the commit returns. The parts run one after the other on the one connection, as they
 * would have in turn.
 */
export function sqliteGroupCommit(db: Kysely<Database>): GroupCommit {
  let waiting: Waiting[] = [];
  let scheduled = false;

  const flush = async (): Promise<void> => {
    const batch = waiting;
    waiting = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await sql`pragma synchronous = FULL`.execute(db);
      try {
        await db.transaction().execute(async (trx) => {
          for (const w of batch) {
            await sql`savepoint durable_part`.execute(trx);
            try {
              outcomes.push({ ok: true, value: await w.work(trx) });
            } catch (error) {
              await sql`rollback to durable_part`.execute(trx);
              outcomes.push({ ok: false, error });
            }
            await sql`release durable_part`.execute(trx);
          }
        });
      } finally {
        await sql`pragma synchronous = NORMAL`.execute(db);
      }
    } catch (error) {
      // The batch did not commit: no part of it is stored, whatever each part did.
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
    });
  };

  const run = async (): Promise<void> => {
    // Whatever arrived while a batch ran goes in the next one, until none is left.
    while (waiting.length > 0) await flush();
    scheduled = false;
  };

  return <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (scheduled) return;
      scheduled = true;
      // The rest of this turn's callers join: setImmediate runs after the I/O callbacks at hand.
      setImmediate(() => void run());
    });
}
