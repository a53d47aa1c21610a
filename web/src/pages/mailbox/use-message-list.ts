import { useCallback, useEffect, useRef, useState } from 'react';
import { mailboxApi, type MailMessageSummary, type MessageFilter } from './mailbox-api.js';

export interface MessageList {
  /** undefined while the first page loads. */
  items: MailMessageSummary[] | undefined;
  nextCursor: string | null;
  error: unknown;
  loadMore: () => Promise<void>;
  /** Reads the first page again (new mail), unless more pages were loaded: then the list stays put. */
  refresh: () => Promise<void>;
  /** Changes one message in place after an action (read, flag), or drops it (moved, deleted). */
  patch: (id: string, change: Partial<MailMessageSummary> | null) => void;
}

/** One folder's messages (or a search's), newest first, a page at a time. */
export function useMessageList(accountId: string, filter: MessageFilter): MessageList {
  const [items, setItems] = useState<MailMessageSummary[] | undefined>(undefined);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pages = useRef(0);
  const { folder, q } = filter;

  const first = useCallback(async () => {
    try {
      const page = await mailboxApi.messages(accountId, { folder, q });
      pages.current = 1;
      setItems(page.items);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
      setItems((old) => old ?? []);
    }
  }, [accountId, folder, q]);

  useEffect(() => {
    setItems(undefined);
    setNextCursor(null);
    void first();
  }, [first]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const page = await mailboxApi.messages(accountId, { folder, q }, nextCursor);
    pages.current += 1;
    setItems((old) => {
      const seen = new Set((old ?? []).map((m) => m.id));
      return [...(old ?? []), ...page.items.filter((m) => !seen.has(m.id))];
    });
    setNextCursor(page.nextCursor);
  }, [accountId, folder, q, nextCursor]);

  const refresh = useCallback(async () => {
    if (pages.current <= 1) await first();
  }, [first]);

  const patch = useCallback((id: string, change: Partial<MailMessageSummary> | null) => {
    setItems((old) => old?.flatMap((m) => (m.id !== id ? [m] : change === null ? [] : [{ ...m, ...change }])));
  }, []);

  return { items, nextCursor, error, loadMore, refresh, patch };
}
