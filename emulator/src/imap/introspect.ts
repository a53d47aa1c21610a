import { checkOutlookToken } from '../identity/outlook-token.js';
import type { EmulatorContext } from '../state/context.js';

/** The answer Dovecot's `passdb oauth2` reads (`active_attribute`, `username_attribute`). */
export type ImapIntrospection = { active: true; username: string } | { active: false };

/**
 * Token introspection (RFC 7662 §2.2's shape) for a Dovecot standing in for Exchange Online's IMAP
 * in tests: active only for a token Exchange would take for `AUTHENTICATE XOAUTH2` — live, for the
 * Outlook resource, holding IMAP.AccessAsUser.All (MICROSOFT.md §3) — of a mailbox whose IMAP is
 * on. Every refusal looks alike, as Exchange answers `NO AUTHENTICATE failed.` to all of them.
 */
export function introspectImapToken(ctx: EmulatorContext, accessToken: string): ImapIntrospection {
  const { user, valid } = checkOutlookToken(ctx, accessToken, 'IMAP.AccessAsUser.All');
  if (!valid || !user || user.imapDisabled) return { active: false };
  return { active: true, username: user.email };
}
