import { useCallback, useEffect, useState } from 'react';
import { mailboxApi, type MailMessageDetail } from './mailbox-api.js';

export interface MessageDetailView {
  /** undefined while loading. */
  detail: MailMessageDetail | undefined;
  error: unknown;
  /** Whether `detail` was read with remote images (the frame's policy follows what was read, not what was asked). */
  imagesAllowed: boolean;
  allowImages: () => void;
  setDetail: (change: Partial<MailMessageDetail>) => void;
}

/**
 * One message, read without changing its flags (the server never marks it read on reading).
 * Remote images are left out until the user asks, for this message only: then it is read again
 * with `?images=allow`.
 */
export function useMessageDetail(accountId: string, messageId: string): MessageDetailView {
  const [loaded, setLoaded] = useState<{ detail: MailMessageDetail; images: boolean } | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [images, setImages] = useState(false);

  useEffect(() => {
    let live = true;
    mailboxApi.message(accountId, messageId, images).then(
      (detail) => {
        if (!live) return;
        setLoaded({ detail, images });
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [accountId, messageId, images]);

  const allowImages = useCallback(() => setImages(true), []);
  const setDetail = useCallback((change: Partial<MailMessageDetail>) => setLoaded((l) => (l ? { ...l, detail: { ...l.detail, ...change } } : l)), []);
  return { detail: loaded?.detail, error, imagesAllowed: loaded?.images ?? false, allowImages, setDetail };
}
