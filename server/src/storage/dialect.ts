import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { PostgresDialect, SqliteDialect, type Dialect } from 'kysely';

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
      const db = new BetterSqlite3(path);
      // WAL lets the serve and worker processes read while one writes; :memory: has no WAL.
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      // SQLite leaves foreign keys off by default, per connection: the cascades depend on them.
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      return db;
    },
  });
}

/** The URL without its password, for error messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:[redacted]@');
}
