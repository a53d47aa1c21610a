import { useCallback, useRef, useState } from 'react';
import type { Page } from '../../api/contract-types.js';
import type { PageParams } from '../../api/page-query.js';

/** A paged API list as the admin page shows it: the pages read so far, and the way on. */
export interface PagedList<T> {
  items: T[];
  /** Set while more pages follow ("Show more"). */
  nextCursor: string | null;
  /** Reads the list again from the start, as far as it was shown, so an action does not fold it up. */
  reload: () => Promise<void>;
  /** Appends the next page. */
  loadMore: () => Promise<void>;
}

/**
 * `fetchPage` must be stable (e.g. `adminApi.listUsers`); a new one (another filter) starts the
 * list over from its first page. Failures reject: the caller shows them.
 */
export function usePagedList<T extends { id: string }>(fetchPage: (page: PageParams) => Promise<Page<T>>): PagedList<T> {
  const [list, setList] = useState<Page<T>>({ items: [], nextCursor: null });
  const shown = useRef(0);
  const source = useRef(fetchPage);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    if (source.current !== fetchPage) {
      source.current = fetchPage;
      shown.current = 0;
    }
    // A slower, older reload (a refresh timer, the previous filter) must not overwrite a newer one.
    const call = ++latest.current;
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await fetchPage({ cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < shown.current);
    if (call !== latest.current) return;
    shown.current = items.length;
    setList({ items, nextCursor: cursor });
  }, [fetchPage]);

  const { nextCursor } = list;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const page = await fetchPage({ cursor: nextCursor });
    if (source.current !== fetchPage) return; // the filter changed meanwhile: that list starts over
    setList((prev) => {
      // Pages follow a stable order, but a reload may have raced this call: never show a row twice.
      const seen = new Set(prev.items.map((i) => i.id));
      const items = [...prev.items, ...page.items.filter((i) => !seen.has(i.id))];
      shown.current = items.length;
      return { items, nextCursor: page.nextCursor };
    });
  }, [fetchPage, nextCursor]);

  return { ...list, reload, loadMore };
}
