import type { SandboxMessage } from '@mailbridge/contract';
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
 * Every address a message was from or to, lower-cased: the mailbox it arrived in, its from and
 * sender, and its to and cc recipients. (Bcc is not on a recipient's copy; the mailbox stands in.)
 */
export function messageAddresses(mailbox: string, stored: StoredMessage): string[] {
  const m = stored.message;
  const address = (r: Recipient | undefined) => str(r?.emailAddress?.address);
  const listed = ['toRecipients', 'ccRecipients'].flatMap((k) => (Array.isArray(m[k]) ? (m[k] as Recipient[]) : []).map(address));
  return [mailbox, address(m.from as Recipient | undefined), address(m.sender as Recipient | undefined), ...listed]
    .filter((a): a is string => a !== undefined)
    .map((a) => a.toLowerCase());
}
