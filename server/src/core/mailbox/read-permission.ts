import type { SendingMethod } from '../domain.js';
import { grants, MAIL_READ_WRITE } from '../link-scopes.js';

/**
 * The delegated permission reading needs, by sending method: Exchange Online's IMAP permission
 * for SMTP + IMAP accounts (learn.microsoft.com exchange/client-developer/legacy-protocols/
 * how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth), Graph's Mail.ReadWrite for
 * Graph accounts (reading, flags and moves: learn.microsoft.com graph/api/message-update).
 */
export const READ_PERMISSION: Record<SendingMethod, string> = {
  smtp_imap: 'IMAP.AccessAsUser.All',
  graph: MAIL_READ_WRITE,
};

/** Whether Microsoft's `scope` answer grants the method's read permission. */
export const grantsRead = (method: SendingMethod, granted: string | null): boolean => grants(granted, READ_PERMISSION[method]);
