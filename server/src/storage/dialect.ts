import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { SQLITE_BACKSTOP_CHECKPOINT_PAGES, SQLITE_WAL_SIZE_LIMIT_BYTES } from './sqlite-checkpointer.js';

/** How long a SQLite writer waits for another process's lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * The Kysely dialect for a database URL: `sqlite:/abs/path.db`, `sqlite::memory:`, or
 * `postgres://…` / `postgresql://…`. Nothing connects until the first query.
 */
export function createDialect(databaseUrl: string): Dialect {
  if (databaseUrl.startsWith('sqlite:')) return sqliteDialect(databaseUrl.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // pg parses int8 (count(*)) as string: fine, the repositories convert with Number().
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    // An idle client's connection can die (server restart, admin termination). pg emits that on
    // the pool, and an unheard 'error' event would crash the process; the pool drops the client
    // and the next query opens a fresh connection (or fails visibly), so there is nothing to do.
    pool.on('error', () => {});
    return new PostgresDialect({ pool });
  }
  throw new Error(`Unsupported database URL (expected sqlite:<path> or postgres://…): ${redactUrl(databaseUrl)}`);
}

function sqliteDialect(path: string): Dialect {
  if (path === '') throw new Error('sqlite: URL needs a path, or :memory:');
  return new SqliteDialect({
    database: async () => {
      if (path !== ':memory:') ownerOnly(path);
      const db = new BetterSqlite3(path);
      // WAL lets the serve and worker processes read while one writes; :memory: has no WAL.
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      // NORMAL: a commit survives a killed process; a durable transaction (accepting a message)
      // is answered once the WAL is synced, so it survives a power loss too (sqlite-wal-sync.ts).
      db.pragma('synchronous = NORMAL');
      // Statement and savepoint journals (what a statement or a part of a group commit rolls back
      // to) in memory: as files (once they outgrow SQLite's small in-memory allowance) they were
      // written to /var/tmp (etilqs_*) for every accepted message, about half of the process's
      // write calls and nearly half its bytes written (counted with strace); they are never
      // needed after a crash, which the WAL covers. The cost: SQLite's sorter and temporary
      // tables no longer spill to disk either (past about the page cache's 16 MiB before), so a
      // query that groups or sorts many rows holds them in memory while it runs, e.g. the webhook
      // worker's due endpoints (webhook-repository.ts) during a large backlog of due deliveries
      // (sqlite.org/pragma.html#pragma_temp_store, sqlite.org/tempfiles.html).
      db.pragma('temp_store = MEMORY');
      // Checkpoints run on a thread of their own (sqlite-checkpointer.ts); this connection only
      // if that one stopped.
      if (path !== ':memory:') db.pragma(`wal_autocheckpoint = ${SQLITE_BACKSTOP_CHECKPOINT_PAGES}`);
      // When the WAL starts over after a checkpoint, a file grown past this is cut back to it.
      db.pragma(`journal_size_limit = ${SQLITE_WAL_SIZE_LIMIT_BYTES}`);
      // SQLite leaves foreign keys off by default, per connection: the cascades depend on them.
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      return withStatementCache(db);
    },
  });
}

/** Prepared statements kept per connection, the least recently used dropped past this many. */
const STATEMENT_CACHE = 256;

/**
 * Kysely prepares every statement again on each query; preparing costs more than running for the
 * sync's large multi-row upserts (bench:sync). The same SQL gets the same prepared statement,
 * unless that one is busy (an open iterator), which then gets a fresh one.
 */
function withStatementCache(db: BetterSqlite3.Database): BetterSqlite3.Database {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, BetterSqlite3.Statement>();
  db.prepare = ((sql: string) => {
    const known = cache.get(sql);
    if (known && !known.busy) {
      cache.delete(sql);
      cache.set(sql, known);
      return known;
    }
    const fresh = prepare(sql);
    cache.set(sql, fresh);
    if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    return fresh;
  }) as BetterSqlite3.Database['prepare'];
  return db;
}

/**
 * The database holds encrypted secrets, hashes and personal data: readable by its owner only, like
 * secret.key. SQLite gives its -wal and -shm files the main file's mode (sqlite3 os_unix.c,
 * findCreateFileMode), so creating that one 0600 covers all three; an older 0644 file is fixed.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}

/** The URL without its password, for error messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:[redacted]@');
}
