/** Which page of a list to fetch: the previous page's nextCursor, and how many (1–100, default 50). */
export interface PageParams {
  cursor?: string | null;
  limit?: number;
}

/** `?cursor=…&limit=…` for a paged list (empty when both are absent). */
export function pageQuery({ cursor, limit }: PageParams = {}): string {
  const q = new URLSearchParams();
  if (cursor) q.set('cursor', cursor);
  if (limit !== undefined) q.set('limit', String(limit));
  const text = q.toString();
  return text ? `?${text}` : '';
}
