import { sql, type SelectQueryBuilder } from 'kysely';
import type { KeysetPage, PageRequest } from '../core/ports.js';
import { toIso } from './column-codecs.js';

/**
 * One page of a single-table list in (created_at, id) order (or its reverse, newest first): the rows after the request's key,
 * fetching one more than the limit to learn whether another page follows (no count(*)).
 * The row-value comparison `(created_at, id) > (…)` is the same on SQLite (≥ 3.15) and
 * PostgreSQL and uses an index on (created_at, id); ORDER BY and the comparison share the
 * column's collation, so pages neither overlap nor skip. Rows added later sort after the
 * cursor (created_at is the insertion time), so a walk in progress still reaches them.
 */
export async function keysetPage<DB, TB extends keyof DB, R extends { created_at: string; id: string }, T>(
  query: SelectQueryBuilder<DB, TB, R>,
  page: PageRequest,
  fromRow: (row: R) => T,
  order: 'asc' | 'desc' = 'asc',
): Promise<KeysetPage<T>> {
  const past = order === 'asc' ? sql`>` : sql`<`;
  const after = page.after ? query.where(sql<boolean>`(created_at, id) ${past} (${toIso(page.after.createdAt)}, ${page.after.id})`) : query;
  const direction = order === 'asc' ? sql`asc` : sql`desc`;
  const rows = await after.orderBy(sql`created_at ${direction}`).orderBy(sql`id ${direction}`).limit(page.limit + 1).execute();
  return { items: rows.slice(0, page.limit).map(fromRow), more: rows.length > page.limit };
}
