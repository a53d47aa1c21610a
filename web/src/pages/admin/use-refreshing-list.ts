import { useCallback, useState } from 'react';
import type { Page } from '../../api/contract-types.js';
import type { PageParams } from '../../api/page-query.js';
import { usePagedList, type PagedList } from './use-paged-list.js';

export interface RefreshingList<T> extends PagedList<T> {
  /** Whether a first answer (or failure) has come. */
  loaded: boolean;
  /** The last failure to read the list, to show; null after a good read. */
  error: unknown;
  /** Reads it again, keeping `error` and `loaded` up to date. */
  refresh: () => Promise<void>;
}

/** A paged list that a page refreshes (after an action, on a timer) and whose failures it shows. */
export function useRefreshingList<T extends { id: string }>(fetchPage: (page: PageParams) => Promise<Page<T>>): RefreshingList<T> {
  const list = usePagedList(fetchPage);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { reload } = list;
  const refresh = useCallback(async () => {
    try {
      await reload();
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoaded(true);
    }
  }, [reload]);
  return { ...list, loaded, error, refresh };
}
