import { randomToken } from '../random-token.js';

/**
 * A fresh Message-ID for a message sent from `mailbox`: random on the left, the mailbox's domain on
 * the right (RFC 5322 §3.6.4), so Microsoft keeps it and a duplicate is recognisable. `prefix`
 * marks a kind (`dsn.` for delivery status notifications).
 */
export function newMessageId(mailbox: string, prefix = ''): string {
  const domain = mailbox.slice(mailbox.lastIndexOf('@') + 1).toLowerCase() || 'mailbridge.invalid';
  return `<${prefix}${randomToken(18)}@${domain}>`;
}
