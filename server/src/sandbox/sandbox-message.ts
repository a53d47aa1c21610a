import { addressKey, type SandboxMessage } from '@mailbridge/contract';
import type { StoredMessage } from '@mailbridge/emulator';
import { signatureText } from '../core/sending/signature-text.js';

type Json = Record<string, unknown>;
interface Recipient { emailAddress?: { address?: unknown; name?: unknown } }

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `Name <address>`, or the bare address when there is no name. */
function formatAddress(r: Recipient | undefined): string | null {
  const address = str(r?.emailAddress?.address);
  if (!address) return null;
  const name = str(r?.emailAddress?.name)?.trim();
  return name && name !== address ? `${name} <${address}>` : address;
}

const recipients = (m: Json, key: string): string[] =>
  (Array.isArray(m[key]) ? (m[key] as Recipient[]) : []).map(formatAddress).filter((a): a is string => a !== null);

/**
 * The body as plain text: the inbox never renders a message's HTML. In HTML, runs of whitespace
 * are one space (HTML Living Standard, "white-space processing"), so they collapse before the
 * block elements become line breaks.
 */
export function bodyText(body: unknown): string {
  const b = (body ?? {}) as Json;
  const content = str(b.content) ?? '';
  if (str(b.contentType)?.toLowerCase() !== 'html') return content.trim();
  return signatureText(content.replace(/\s+/g, ' ')).replace(/\n[ \t]+/g, '\n');
}

/** A message as the sandbox inbox shows it. */
export function toSandboxMessage(mailbox: string, stored: StoredMessage): SandboxMessage {
  const m = stored.message;
  return {
    id: stored.id,
    mailbox,
    from: formatAddress(m.from as Recipient | undefined),
    to: [...recipients(m, 'toRecipients'), ...recipients(m, 'ccRecipients')],
    subject: str(m.subject) ?? '',
    bodyText: bodyText(m.body),
    receivedAt: stored.receivedDateTime,
  };
}

/**
 * Who wrote a copy: the address keys (contract's addressKey) of its `from` and `sender`. The
 * emulator lets a mailbox put in `from` only its own address or one it may send as.
 */
export function authorKeys(stored: StoredMessage): string[] {
  const m = stored.message;
  return [m.from, m.sender]
    .map((r) => str((r as Recipient | undefined)?.emailAddress?.address))
    .filter((a): a is string => a !== undefined)
    .map(addressKey);
}

/**
 * Whether someone holding the mailboxes `linked` (address keys) may see this copy, held in
 * `mailbox`: a copy in one of their own mailboxes (what that mailbox's owner sees anyway), or a
 * copy of a message they wrote (they chose its recipients, Bcc included). Nothing else: a message
 * merely addressed to them shows in their own mailbox, never another mailbox's copy, which would
 * tell them who else got it as Bcc.
 */
export function visibleWith(linked: ReadonlySet<string>, mailbox: string, stored: StoredMessage): boolean {
  if (linked.has(addressKey(mailbox))) return true;
  const authors = authorKeys(stored);
  return authors.length > 0 && authors.every((a) => linked.has(a));
}
