/**
 * Whether `error` is a unique-constraint violation from either database: PostgreSQL SQLSTATE
 * 23505 (the constraint name in `constraint`) or SQLite's SQLITE_CONSTRAINT_UNIQUE (the index or
 * columns only in the message). `hints` are matched against whichever names the constraint:
 * pass the index name and, for SQLite's column-index wording, `table.column`.
 */
export function isUniqueViolation(error: unknown, hints: readonly string[]): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code === '23505') return typeof constraint === 'string' && hints.some((h) => constraint.includes(h));
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return typeof message === 'string' && hints.some((h) => message.includes(h));
  return false;
}
