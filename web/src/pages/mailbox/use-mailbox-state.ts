import { useCallback, useEffect, useState } from 'react';
import { mailboxApi, type MailboxState } from './mailbox-api.js';

/** How often the sync state is read again: briskly while the first sync runs, then now and then for new mail. */
const BUSY_MS = 2000;
const IDLE_MS = 10_000;

export interface MailboxStateView {
  state: MailboxState | undefined;
  error: unknown;
  setState: (s: MailboxState) => void;
  reload: () => Promise<void>;
}

/** The account's sync state (GET …/mailbox), read again on a timer while reading is on. */
export function useMailboxState(accountId: string): MailboxStateView {
  const [state, setState] = useState<MailboxState | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      setState(await mailboxApi.state(accountId));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [accountId]);

  useEffect(() => {
    setState(undefined);
    void reload();
  }, [reload]);

  const reading = state?.reading ?? false;
  const busy = state !== undefined && state.status !== 'synced';
  useEffect(() => {
    if (!reading) return;
    const timer = window.setInterval(() => void reload(), busy ? BUSY_MS : IDLE_MS);
    return () => window.clearInterval(timer);
  }, [reading, busy, reload]);

  return { state, error, setState, reload };
}
