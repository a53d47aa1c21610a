import { checkOutlookToken } from '../identity/outlook-token.js';
import type { EmulatorContext } from '../state/context.js';
import type { AccessToken, User } from '../state/types.js';
import { REPLIES, type SmtpReply } from './exchange-replies.js';

export type XoauthResult =
  | { ok: true; user: User; token: AccessToken }
  | { ok: false; reply: SmtpReply; token: AccessToken | undefined; tokenUser: User | undefined };

/**
 * Checks `AUTH XOAUTH2` (user=…, auth=Bearer …) as Exchange Online does (MICROSOFT.md §3): the
 * token must be a live access token for the Outlook resource (a Graph token is refused: one token
 * per resource) holding SMTP.Send, and `user=` must be the address of the user it was issued to
 * (a delegate authenticates as themselves, never as a shared mailbox); else 535 5.7.3. Then SMTP
 * AUTH must be on for the mailbox (its own setting, else its tenant's): else 535 5.7.139.
 */
export function checkXoauth2(ctx: EmulatorContext, username: string, accessToken: string): XoauthResult {
  const { token, user: tokenUser, valid } = checkOutlookToken(ctx, accessToken, 'SMTP.Send');
  const refuse = (reply: SmtpReply): XoauthResult => ({ ok: false, reply, token, tokenUser });
  if (!valid || !token || !tokenUser) return refuse(REPLIES.authFailed);
  const own = [tokenUser.email, tokenUser.mail ?? ''].map((a) => a.toLowerCase());
  if (!own.includes(username.toLowerCase())) return refuse(REPLIES.authFailed);
  if (tokenUser.smtpAuthDisabled === true) return refuse(REPLIES.smtpAuthDisabledMailbox);
  if (tokenUser.smtpAuthDisabled !== false && ctx.store.tenants.get(tokenUser.tenantId)?.smtpAuthDisabled) {
    return refuse(REPLIES.smtpAuthDisabledTenant);
  }
  return { ok: true, user: tokenUser, token };
}
