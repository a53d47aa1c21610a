import { useCallback, useEffect, useRef, useState } from 'react';
import { accountsApi } from '../../api/accounts-api.js';
import type { AccountView, Diagnosis } from '../../api/contract-types.js';

export type LinkState =
  | { kind: 'idle' }
  | { kind: 'blocked' }
  | { kind: 'waiting' }
  | { kind: 'linked'; address: string }
  | { kind: 'failed'; error: unknown }
  | { kind: 'refused'; diagnosis: Diagnosis }
  /** The popup closed with no message: usually Microsoft showed its own error page. */
  | { kind: 'closed'; redirectUri: string; clientId: string; tenant: string };

interface LinkMessage {
  type: 'mailbridge:link';
  ok: boolean;
  accountId: string | null;
  address?: string;
  diagnosis?: Diagnosis;
}

const POLL_MS = 500;

function isLinkMessage(data: unknown): data is LinkMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'mailbridge:link';
}

/**
 * The Microsoft sign-in popup. `openWindow` must run synchronously inside the click handler
 * (popup blockers allow only that); `run` then asks the server for the authorize URL, points the
 * popup at it and waits for the callback page's postMessage, which is accepted only from our own
 * origin. A popup that closes without a message is reported as such.
 */
export function useLinkPopup(onLinked: (address: string) => void, openingText: string) {
  const [state, setState] = useState<LinkState>({ kind: 'idle' });
  const cleanup = useRef<() => void>(() => {});
  const onLinkedRef = useRef(onLinked);
  onLinkedRef.current = onLinked;

  useEffect(() => () => cleanup.current(), []);

  const openWindow = useCallback((): Window | null => {
    cleanup.current();
    const popup = window.open('about:blank', 'mailbridge-link', 'popup,width=520,height=680');
    if (!popup) {
      setState({ kind: 'blocked' });
      return null;
    }
    try {
      popup.document.title = openingText;
      popup.document.body.textContent = openingText;
    } catch {
      /* not ours to write to: fine, it only shows a blank page a moment longer */
    }
    setState({ kind: 'waiting' });
    return popup;
  }, [openingText]);

  const abandon = useCallback((popup: Window, error: unknown) => {
    popup.close();
    setState({ kind: 'failed', error });
  }, []);

  const run = useCallback(async (popup: Window, account: AccountView) => {
    let started;
    try {
      started = await accountsApi.startLink(account.id);
    } catch (error) {
      abandon(popup, error);
      return;
    }
    if (popup.closed) {
      setState({ kind: 'idle' });
      return;
    }
    popup.location.href = started.authorizeUrl;

    let settled = false;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || !isLinkMessage(event.data)) return;
      const msg = event.data;
      if (msg.accountId !== null && msg.accountId !== account.id) return;
      settled = true;
      stop();
      if (msg.ok) {
        const address = msg.address ?? account.email;
        setState({ kind: 'linked', address });
        onLinkedRef.current(address);
      } else if (msg.diagnosis) {
        setState({ kind: 'refused', diagnosis: msg.diagnosis });
      }
    };
    const timer = window.setInterval(() => {
      if (!popup.closed) return;
      window.clearInterval(timer);
      // A message posted just before closing may still be queued: give it a moment.
      window.setTimeout(() => {
        stop();
        if (settled) return;
        setState({
          kind: 'closed',
          redirectUri: started.redirectUri || account.redirectUri,
          clientId: account.app.clientId ?? '',
          tenant: account.app.tenant ?? 'common',
        });
      }, 300);
    }, POLL_MS);
    const stop = () => {
      window.clearInterval(timer);
      window.removeEventListener('message', onMessage);
    };
    window.addEventListener('message', onMessage);
    cleanup.current = stop;
  }, [abandon]);

  const reset = useCallback(() => setState({ kind: 'idle' }), []);

  return { state, openWindow, run, abandon, reset };
}
