import type { Emulator } from '@mailbridge/emulator';
import type { Dovecot } from './dovecot.js';

/** Stops the feed when called; settled() waits for the copies written so far (and throws a failed one's error). */
export type Feed = (() => void) & { settled(): Promise<void> };

/**
 * Writes every message the emulator stores into the same user's Dovecot mailbox: Inbox copies
 * into INBOX, Sent Items copies into the Sent folder, read (as Exchange keeps them). So a test can
 * send through the emulator's SMTP or Graph and read through IMAP, as one mailbox is one at
 * Microsoft. Copies are written one at a time, in the order they were stored.
 */
export function feedFromEmulator(emulator: Pick<Emulator, 'onDelivery'>, dovecot: Pick<Dovecot, 'deliver' | 'folders'>): Feed {
  let chain = Promise.resolve();
  let failure: unknown;
  const stop = emulator.onDelivery((d) => {
    chain = chain
      .then(async () => {
        const mime = await d.mime();
        await dovecot.deliver(d.mailbox, mime, d.folder === 'inbox' ? {} : { folder: dovecot.folders.sent.name, flags: ['\\Seen'] });
      })
      .catch((err: unknown) => { failure ??= err; });
  });
  return Object.assign(stop, {
    async settled() {
      await chain;
      if (failure) throw failure;
    },
  });
}
