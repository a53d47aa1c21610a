import { useCallback, useEffect, useState } from 'react';
import type { MessageView, OutboxStatus, Page } from '../../api/contract-types.js';
import type { OutboxParams } from '../../api/outbox-api.js';
import type { PageParams } from '../../api/page-query.js';
import type { PagedList } from '../admin/use-paged-list.js';
import { useRefreshingList } from '../admin/use-refreshing-list.js';
import { useAutoRefresh } from './use-auto-refresh.js';

/** A scheduled message this close to its time is about to move: keep watching it. */
const SOON_MS = 60_000;

/** Still on its way without anyone having to act: worth refreshing the list for. */
export function isMoving(m: MessageView, now = Date.now()): boolean {
  if (m.status === 'sending' || m.status === 'retrying') return true;
  if (m.status === 'queued') return m.lastDiagnosis === null;
  return m.status === 'scheduled' && m.nextAttemptAt !== null && Date.parse(m.nextAttemptAt) - now < SOON_MS;
}

export interface Outbox {
  status: OutboxStatus | '';
  setStatus: (status: OutboxStatus | '') => void;
  list: PagedList<MessageView>;
  loaded: boolean;
  error: unknown;
  refresh: () => Promise<void>;
}

/**
 * An outbox as the pages show it: a status filter, pages read so far, and a refresh every 5 s
 * while a message is on its way, only while `shown` (its tab is open) and the browser tab visible.
 * `listPage` must be stable.
 */
export function useOutbox(listPage: (params: OutboxParams) => Promise<Page<MessageView>>, shown: boolean): Outbox {
  const [status, setStatus] = useState<OutboxStatus | ''>('');
  const fetchPage = useCallback((page: PageParams) => listPage({ ...page, status: status || null }), [listPage, status]);
  const list = useRefreshingList(fetchPage);
  const { loaded, error, refresh } = list;

  useEffect(() => {
    if (shown) void refresh();
  }, [shown, refresh]);
  useAutoRefresh(refresh, shown && list.items.some((m) => isMoving(m)));

  return { status, setStatus, list, loaded, error, refresh };
}
