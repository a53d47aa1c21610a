import { useCallback, useEffect, useState } from 'react';
import { mailboxApi, type MailMessageDetail } from './mailbox-api.js';

export interface MessageDetailView {
  /** undefined while loading. */
  detail: MailMessageDetail | undefined;
  error: unknown;
  /** The user allowed remote images for this message: the frame is loaded with `?images=allow`. */
  imagesAllowed: boolean;
  allowImages: () => void;
  setDetail: (change: Partial<MailMessageDetail>) => void;
}

/**
 * One message, read without changing its flags (the server never marks it read on reading).
 * Remote images are left out until the user asks, for this message only: then the frame
 * (mail-frame.tsx) loads its document again with `?images=allow`; the detail is not read again.
 */
export function useMessageDetail(accountId: string, messageId: string): MessageDetailView {
  const [loaded, setLoaded] = useState<{ detail: MailMessageDetail } | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [images, setImages] = useState(false);

  useEffect(() => {
    let live = true;
    mailboxApi.message(accountId, messageId).then(
      (detail) => {
        if (!live) return;
        setLoaded({ detail });
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [accountId, messageId]);

  const allowImages = useCallback(() => setImages(true), []);
  const setDetail = useCallback((change: Partial<MailMessageDetail>) => setLoaded((l) => (l ? { ...l, detail: { ...l.detail, ...change } } : l)), []);
  return { detail: loaded?.detail, error, imagesAllowed: images, allowImages, setDetail };
}
