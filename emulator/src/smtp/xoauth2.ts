import type { EmulatorContext } from '../state/context.js';
import type { AccessToken, User } from '../state/types.js';
import { REPLIES, type SmtpReply } from './exchange-replies.js';

/**
 * Exchange Online's resource: both names are identifier URIs of the same app (Office 365
 * Exchange Online, 00000002-0000-0ff1-ce00-000000000000), so a token for either is accepted.
 */
export const OUTLOOK_RESOURCES: readonly string[] = ['https://outlook.office.com', 'https://outlook.office365.com'];

export type XoauthResult =
  | { ok: true; user: User; token: AccessToken }
  | { ok: false; reply: SmtpReply; token: AccessToken | undefined; tokenUser: User | undefined };

const permission = (scope: string) => scope.slice(scope.lastIndexOf('/') + 1).toLowerCase();

/**
 * Checks `AUTH XOAUTH2` (user=…, auth=Bearer …) as Exchange Online does (MICROSOFT.md §3): the
 * token must be a live access token for the Outlook resource (a Graph token is refused: one token
 * per resource) holding SMTP.Send, and `user=` must be the address of the user it was issued to
 * (a delegate authenticates as themselves, never as a shared mailbox); else 535 5.7.3. Then SMTP
 * AUTH must be on for the mailbox (its own setting, else its tenant's): else 535 5.7.139.
 */
export function checkXoauth2(ctx: EmulatorContext, username: string, accessToken: string): XoauthResult {
  const token = ctx.store.accessTokens.get(accessToken);
  const tokenUser = token ? ctx.store.userById(token.userId) : undefined;
  const refuse = (reply: SmtpReply): XoauthResult => ({ ok: false, reply, token, tokenUser });
  if (!token || !tokenUser) return refuse(REPLIES.authFailed);
  if (token.expiresAt <= ctx.clock.now()) return refuse(REPLIES.authFailed);
  if (!OUTLOOK_RESOURCES.includes(token.resource.toLowerCase())) return refuse(REPLIES.authFailed);
  if (!token.scopes.some((s) => permission(s) === 'smtp.send')) return refuse(REPLIES.authFailed);
  const own = [tokenUser.email, tokenUser.mail ?? ''].map((a) => a.toLowerCase());
  if (!own.includes(username.toLowerCase())) return refuse(REPLIES.authFailed);
  if (!tokenUser.mailboxEnabled) return refuse(REPLIES.authFailed);
  if (tokenUser.smtpAuthDisabled === true) return refuse(REPLIES.smtpAuthDisabledMailbox);
  if (tokenUser.smtpAuthDisabled !== false && ctx.store.tenants.get(tokenUser.tenantId)?.smtpAuthDisabled) {
    return refuse(REPLIES.smtpAuthDisabledTenant);
  }
  return { ok: true, user: tokenUser, token };
}
