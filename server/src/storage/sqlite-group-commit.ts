import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DurableSync } from './sqlite-wal-sync.js';

interface Waiting {
  work: (trx: Kysely<Database>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs durable work, several callers' at once when they come together. */
export type GroupCommit = <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * Group commit for SQLite's durable transactions (a message being accepted): the durable work
 * asked for while the previous batch runs, or in the same turn of the event loop, runs in ONE
 * transaction, each caller's part inside its own savepoint, and is put on disk by one sync of the
 * WAL (sqlite-wal-sync.ts), done off the event loop's thread; the next batch commits once that
 * sync is done, and has grown meanwhile. Without a WAL file (`:memory:`) there is nothing to sync.
 * One sync for ten messages instead of ten, none of them stalling the process, is what lets the
 * relay and the API accept more while the worker delivers (bench/relay.bench.ts).
 *
 * Each caller sees what it would alone: its part commits with the batch or not at all; a part
 * that throws is rolled back to its savepoint (`ROLLBACK TO`, sqlite.org/lang_savepoint.html)
 * and only its caller gets the error; a commit or a sync that fails fails every part. Nothing is
 * answered before its batch is on disk. The parts run one after the other on the one
 * connection, as they would have in turn.
 */
export function sqliteGroupCommit(db: Kysely<Database>, wal: DurableSync | null): GroupCommit {
  let waiting: Waiting[] = [];
  let scheduled = false;

  /** Commits the waiting parts as one batch, syncs it, and answers them. */
  const flush = async (): Promise<void> => {
    const batch = waiting;
    waiting = [];
    // After a failed sync nothing more is promised durable (sqlite-wal-sync.ts): nothing is committed.
    if (wal?.failed) {
      for (const w of batch) w.reject(wal.failed);
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        // Alone in its batch, a part needs no savepoint: its failure rolls the transaction back.
        if (batch.length === 1) return void outcomes.push({ ok: true, value: await batch[0]!.work(trx) });
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
    } catch (error) {
      // The batch did not commit: no part of it is stored, whatever each part did.
      for (const w of batch) w.reject(error);
      return;
    }
    try {
      await wal?.sync();
    } catch (error) {
      // Committed, but not known to be on disk: nobody is told it is (the worker may still
      // deliver it, so a client that sends it again may have it twice: a disk failing is rarer).
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => settle(w, outcomes[i]!));
  };

  const run = async (): Promise<void> => {
    // Whatever arrived while a batch ran or synced goes in the next one, until none is left:
    // while the disk syncs one batch, the event loop serves everyone else and the next one grows.
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

function settle(w: Waiting, o: Outcome): void {
  if (o.ok) w.resolve(o.value);
  else w.reject(o.error);
}
