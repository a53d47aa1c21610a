import type { EmulatorContext } from './context.js';
import type { StoredMessage, User } from './types.js';
import { messageMime } from '../graph/build-mime.js';

/** A copy of a message the emulator just stored in a mailbox (see Emulator.onDelivery). */
export interface Delivery {
  /** The mailbox's user (their sign-in address). */
  mailbox: string;
  folder: 'inbox' | 'sentitems';
  internetMessageId: string;
  /**
   * The copy as MIME, as `GET messages/{id}/$value` gives it: the MIME it came as (SMTP, sendMail
   * with a MIME body), else built from its Graph JSON with its threading headers.
   */
  mime(): Promise<Buffer>;
  /** The stored Graph JSON of this copy (read-only: it is the emulator's own). */
  message: Readonly<Record<string, unknown>>;
}

export type DeliveryListener = (delivery: Delivery) => void;

// Beside each running emulator's context rather than in its Store, which reset() and restore() refill.
const listeners = new WeakMap<EmulatorContext, Set<DeliveryListener>>();

/** Calls `listener` for every copy stored from now on; returns the function that stops it. */
export function addDeliveryListener(ctx: EmulatorContext, listener: DeliveryListener): () => void {
  const set = listeners.get(ctx) ?? new Set();
  listeners.set(ctx, set);
  // Wrapped, so that the same function added twice is called twice and removed once per call.
  const entry: DeliveryListener = (d) => listener(d);
  set.add(entry);
  return () => { set.delete(entry); };
}

/**
 * Puts a delivered copy in the user's Inbox or Sent Items, then tells the listeners. A listener
 * that throws does not undo the delivery: its error is raised on its own, outside the request.
 */
export function storeDelivered(ctx: EmulatorContext, user: User, folder: Delivery['folder'], copy: StoredMessage): void {
  const mailbox = ctx.store.mailbox(user.id);
  (folder === 'inbox' ? mailbox.inbox : mailbox.sentItems).push(copy);
  const delivery: Delivery = { mailbox: user.email, folder, internetMessageId: copy.internetMessageId, message: copy.message, mime: () => messageMime(user, copy) };
  for (const listener of listeners.get(ctx) ?? []) {
    try {
      listener(delivery);
    } catch (err) {
      queueMicrotask(() => { throw err; });
    }
  }
}
