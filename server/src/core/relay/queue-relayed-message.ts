import { UnauthenticatedError, InvalidInputError, NotLinkedError, PayloadTooLargeError } from '../errors.js';
import type { Deps } from '../deps.js';
import { findAppFor } from '../apps/resolve-app.js';
import { encodedSize, megabytes } from '../attachments/attachment-limits.js';
import { deliveryGuarantee } from '../outbox/delivery-guarantee.js';
import { mailboxLimits } from '../outbox/mailbox-limits.js';
import { messageEvent } from '../outbox/message-event.js';
import { newOutboxMessage } from '../outbox/new-outbox-message.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import { recordEvent } from '../events/record-event.js';
import { checkRelaySender } from './check-relay-sender.js';
import type { RelayCredential } from './relay-credential.js';

/** A message the relay received, made to match its envelope by the edge (relay/apply-envelope.ts). */
export interface RelayedMessage {
  /** The credential the client signed in with (checked again here: it may have been revoked since). */
  credential: Pick<RelayCredential, 'id' | 'username'>;
  /** MAIL FROM ('' for the null sender `<>`) and RCPT TO, each recipient once. */
  envelope: { from: string; to: string[] };
  /** The message as it will be sent: as received, but for To/Cc/Bcc and a Message-ID it lacked. */
  mime: Buffer;
  /** What the edge read in its header. */
  facts: {
    /** The From: addresses (the edge makes sure there is exactly one From: field). */
    headerFrom: string[];
    /** The Sender: addresses, if it has any. */
    headerSender: string[];
    /** Its Message-ID, `<…@…>`. */
    messageId: string;
    /** To/Cc addresses that were not envelope recipients and were taken out: the history says so. */
    removedRecipients: string[];
  };
}

/** The characters of `<id-left@id-right>` (RFC 5322 §3.6.4) that Graph's internetMessageId takes. */
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/;

/**
 * The relay's DATA (issue 12): the message is the outbox's once this returns, which is when the
 * relay answers 250. Checked first, nothing stored when anything is wrong: the credential still
 * exists, its account exists and its owner is not disabled (both checked at AUTH, but a
 * connection may outlive them), its account is linked, MAIL FROM (unless `<>`), the From:
 * addresses (at least one) and any Sender: address are the account's to send from, and the message fits the mailbox's maximum size (and one Graph request
 * when the account cannot use drafts). Committed like the API's messages (queue-message.ts): the
 * message and its `message.queued` event in one durable transaction, the worker woken. The raw
 * MIME goes as it is; its Message-ID is the outbox's internetMessageId, so a duplicate after a
 * crash is recognisable and the draft is found again.
 */
export async function queueRelayedMessage(deps: Deps, m: RelayedMessage): Promise<OutboxMessage> {
  // Checked again for every message (AUTH checked them, but a connection may outlive them): the
  // credential still exists under the name the client signed in with, and, as authenticate-relay.ts
  // at AUTH, a disabled owner's credentials stop working.
  const sender = await deps.store.relayCredentials.findSender(m.credential.id);
  if (!sender || sender.credential.username !== m.credential.username) throw new UnauthenticatedError('The relay credential was revoked; sign in again');
  if (sender.ownerDisabled) throw new UnauthenticatedError('Authentication required');
  const { credential, account } = sender;
  // A service mailbox (app-only) has nothing to link: it sends before its first success, as through the API.
  if (account.status === 'not_linked' && !deps.outbox.methods[account.sendingMethod].appOnly) {
    throw new NotLinkedError('The mailbox of this relay credential is not linked: its owner must link it on the settings page');
  }
  if (m.envelope.from !== '') checkRelaySender(account, m.envelope.from, 'MAIL FROM');
  if (m.facts.headerFrom.length === 0) throw new InvalidInputError('The message has no From: header field');
  for (const from of m.facts.headerFrom) checkRelaySender(account, from, 'From:');
  for (const sender of m.facts.headerSender) checkRelaySender(account, sender, 'Sender:');
  if (!MESSAGE_ID.test(m.facts.messageId)) throw new InvalidInputError(`The Message-ID ${m.facts.messageId} is not of the form <id@domain>`);
  if (m.envelope.to.length === 0) throw new InvalidInputError('The message has no recipients');
  await checkSize(deps, account, m.mime.length);

  const now = deps.clock.now();
  const mailbox = account.linkedAddress ?? account.email;
  const message = newOutboxMessage({
    accountId: account.id,
    // The account's owner; an organisation's service mailbox has none: '' as for the rows 0008 carried over.
    userId: account.userId ?? '',
    // The null sender has no address to give Exchange: the mailbox's own stands in (SMTP method).
    content: { kind: 'mime', mime: m.mime, envelope: { from: m.envelope.from || mailbox, to: m.envelope.to } },
    recipientCount: m.envelope.to.length,
    internetMessageId: m.facts.messageId,
    // A mailbox that needs its user again: accepted, and held with the reason.
    lastDiagnosis: account.status === 'reconnect_needed' ? account.lastError : null,
    held: account.status === 'reconnect_needed',
    // Never a DSN for the null sender (RFC 5321 §4.5.5), nor when the credential has bounces off.
    origin: { kind: 'relay', credentialId: credential.id, bounceTo: credential.bounces && m.envelope.from !== '' ? m.envelope.from : null },
  }, now);
  const queued = messageEvent(message, message.status, now)!;
  if (m.facts.removedRecipients.length > 0) queued.data.removedRecipients = m.facts.removedRecipients;
  await deps.store.transaction(async (tx) => {
    await tx.outbox.insert(message);
    await recordEvent(tx, queued, account.userId);
  }, { durable: true });
  deps.outbox.wake();
  return message;
}

/**
 * The mailbox's maximum send size (the MIME is already encoded, so its bytes are what Exchange
 * counts); and, for an account that cannot use drafts (no Mail.ReadWrite), one Graph request, as
 * `sendMail` takes the MIME base64-encoded in one request (docs/microsoft.md §2).
 */
async function checkSize(deps: Deps, account: Parameters<typeof mailboxLimits>[0] & Parameters<typeof deliveryGuarantee>[1], bytes: number): Promise<void> {
  const { maxMessageMB } = mailboxLimits(account);
  if (bytes > megabytes(maxMessageMB)) {
    throw new PayloadTooLargeError(`The message weighs more than ${maxMessageMB} MB, this mailbox's maximum send size`, { diagnosis: 'message_too_large', params: { limit: `${maxMessageMB} MB` } });
  }
  const single = deps.outbox.methods[account.sendingMethod].singleRequestBytes;
  if (single === null || encodedSize(bytes) <= single) return;
  if ((await deliveryGuarantee(deps, account, (await findAppFor(deps.store, account)).app)) === 'exactly_once') return;
  throw new PayloadTooLargeError('The message is too large for one request, and larger ones need the Mail.ReadWrite permission this account does not have', { diagnosis: 'large_attachment_permission_missing' });
}
