import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies what the WAL holds into the database file. */
const CHECKPOINT_EVERY_MS = 200;

/**
 * The pages the serving connection lets its WAL grow to before it checkpoints by itself
 * (dialect.ts): a backstop, reached only if the checkpointer stopped; 16,384 pages of 4 KiB is
 * 64 MiB (SQLite's default is 1,000 pages).
 */
export const SQLITE_BACKSTOP_CHECKPOINT_PAGES = 16_384;

/** The size a WAL file is cut back to when it starts over (PRAGMA journal_size_limit): 64 MiB. */
export const SQLITE_WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** SQLite's own threshold, given back to the serving connection if the thread stops. */
const SQLITE_DEFAULT_CHECKPOINT_PAGES = 1_000;

/**
 * The worker's code, run as a CommonJS script: its own connection to the file, a PASSIVE
 * checkpoint every few hundred milliseconds, closed when told to.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick tries again */ }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  close(): Promise<void>;
}

/**
 * WAL checkpoints off the event loop's thread. A checkpoint copies the pages the WAL has
 * collected back into the database file and syncs it (sqlite.org/wal.html#checkpointing); left
 * to SQLite, the connection that commits past 1,000 pages does it inside its COMMIT. better-sqlite3
 * runs on the event loop's thread, so that copy (megabytes once messages of 10 kB are being
 * accepted) stalled every SMTP connection and API request of the process: about a fifth of the
 * relay's cost per accepted message (bench/relay.bench.ts).
 *
 * Here a worker thread with its own connection runs a PASSIVE checkpoint every 200 ms: it copies
 * what no reader still needs, never waits for a lock and never blocks the writer (PRAGMA
 * wal_checkpoint, sqlite.org/pragma.html#pragma_wal_checkpoint), and once it has copied
 * everything the next commit starts the WAL over from its beginning. The serving connection keeps
 * a high automatic threshold (SQLITE_BACKSTOP_CHECKPOINT_PAGES) in case this thread ever stops.
 */
export function startSqliteCheckpointer(file: string, stopped: (error: unknown) => void): SqliteCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS } });
  // The process may end without closing the store (a CLI command's error): the thread does not hold it open.
  worker.unref();
  let closing = false;
  // A thread that failed (the file vanished, a driver error): the serving connection checkpoints
  // by itself again, as SQLite would have (the caller's `stopped`).
  worker.on('error', (e) => {
    if (!closing) stopped(e);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => {
    if (!closing) stopped(new Error('the checkpoint thread exited'));
  });
  return {
    async close() {
      closing = true;
      // Held again until it has closed its connection: unreferenced, the process could end first,
      // with whatever its caller still had to do (a CLI command's error message) undone.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}

/** The pragma that gives the serving connection SQLite's own checkpoint threshold back. */
export const checkpointByItself = `wal_autocheckpoint = ${SQLITE_DEFAULT_CHECKPOINT_PAGES}`;
