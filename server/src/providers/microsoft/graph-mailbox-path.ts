import type { DeliveryJob } from '../../core/sending/mail-sender.js';

/**
 * Where Graph finds the mailbox a job acts on: `/me` for a signed-in user's token; for an app-only
 * token, which has no `/me` (400 "/me request is only valid with delegated authentication flow"),
 * `/users/{userPrincipalName or address}` (docs/microsoft.md §7; learn.microsoft.com
 * graph/api/user-sendmail, graph/auth-v2-service).
 */
export function mailboxPath(mailbox: DeliveryJob['mailbox']): string {
  return mailbox.appOnly ? `/users/${encodeURIComponent(mailbox.address)}` : '/me';
}
