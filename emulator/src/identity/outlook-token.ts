import { hasPermission } from '../graph/bearer-auth.js';
import type { EmulatorContext } from '../state/context.js';
import type { AccessToken, User } from '../state/types.js';

/**
 * Exchange Online's resource: both names are identifier URIs of the same app (Office 365
 * Exchange Online, 00000002-0000-0ff1-ce00-000000000000), so a token for either is accepted.
 */
export const OUTLOOK_RESOURCES: readonly string[] = ['https://outlook.office.com', 'https://outlook.office365.com'];

export interface OutlookTokenCheck {
  /** The token's record and its user, when the token is known, valid or not (for the records). */
  token: AccessToken | undefined;
  user: User | undefined;
  /** Live, for Exchange Online, holding `permission`, its user's mailbox enabled. */
  valid: boolean;
}

/**
 * How Exchange Online's SMTP and IMAP check a bearer token (MICROSOFT.md §3): a live access token
 * for the Outlook resource (a Graph token is refused: one token per resource) holding the
 * protocol's permission (SMTP.Send, IMAP.AccessAsUser.All), of a user whose mailbox is enabled.
 */
export function checkOutlookToken(ctx: EmulatorContext, accessToken: string, permission: string): OutlookTokenCheck {
  const token = ctx.store.accessTokens.get(accessToken);
  const user = token ? ctx.store.userById(token.userId) : undefined;
  const valid = token !== undefined && user !== undefined && user.mailboxEnabled
    && token.expiresAt > ctx.clock.now()
    && OUTLOOK_RESOURCES.includes(token.resource.toLowerCase())
    && hasPermission(token, permission);
  return { token, user, valid };
}
