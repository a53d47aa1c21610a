import { z } from 'zod';

/** Items per page when the caller gives no `limit`, and the most one page may hold. */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 100;

/**
 * A query string's `limit`: digits only (no `1e2`, `0x10`, signs or spaces), 1–100. Query values
 * arrive as strings; a repeated key arrives as an array and is refused like any other non-string.
 */
const Limit = z
  .string()
  .regex(/^[0-9]{1,6}$/, { message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` })
  .transform(Number)
  .pipe(z.number().int().min(1, { message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` }).max(PAGE_LIMIT_MAX, { message: `must be an integer from 1 to ${PAGE_LIMIT_MAX}` }));

/**
 * The query of every paged list: `?cursor=&limit=`. The cursor is opaque: pass back the
 * `nextCursor` of the previous page unchanged (an empty one means the first page). Unknown keys
 * are refused, so a misspelt `limt` is a 400 rather than a silently ignored option.
 */
export const PageQuery = z
  .object({
    cursor: z
      .string()
      .max(512)
      .optional()
      .transform((c) => (c === '' ? undefined : c))
      .meta({ type: 'string', description: 'The nextCursor of the previous page; absent for the first page' }),
    limit: Limit.optional()
      .transform((n) => n ?? PAGE_LIMIT_DEFAULT)
      // Documented as what it means, an integer; on the wire every query value is a string.
      .meta({ type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT, description: `Items per page (default ${PAGE_LIMIT_DEFAULT})` }),
  })
  .strict();
export type PageQuery = z.output<typeof PageQuery>;

/** One page of a list, in a stable order; `nextCursor` is null on the last page. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null when this is the last'),
  });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
