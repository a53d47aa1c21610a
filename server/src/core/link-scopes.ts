import type { MicrosoftApp } from './domain.js';

/**
 * Delegated scopes asked for when linking for Graph sending (PRODUCT.md: Mail.Send + User.Read,
 * offline_access for a refresh token, openid/profile/email for the id_token claims).
 */
export const GRAPH_LINK_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'User.Read', 'Mail.Send'] as const;

/**
 * Mail.ReadWrite lets Mailbridge create a draft, send it and look it up after a crash: the key
 * to exactly-once sending (learn.microsoft.com graph/api/user-post-messages, message-send).
 */
export const MAIL_READ_WRITE = 'Mail.ReadWrite';

/** What linking asks for: Mail.ReadWrite too unless the app turned it off. */
export function graphLinkScopes(app: Pick<MicrosoftApp, 'requestMailReadWrite'>): readonly string[] {
  return app.requestMailReadWrite ? [...GRAPH_LINK_SCOPES, MAIL_READ_WRITE] : GRAPH_LINK_SCOPES;
}

const scopeList = (granted: string) => granted.split(/\s+/).filter(Boolean);

/** Whether a grant (Microsoft's `scope` answer, fully qualified names) includes a permission. */
export function grants(granted: string | null, permission: string): boolean {
  return granted !== null && scopeList(granted).some((s) => s.toLowerCase() === permission.toLowerCase() || s.toLowerCase().endsWith(`/${permission.toLowerCase()}`));
}

/**
 * What a refresh asks for: the Graph permissions the grant already holds. Asking for more than
 * was consented fails (AADSTS65001), so a grant from before Mail.ReadWrite is kept as it is
 * until the user links again.
 */
export function refreshScopes(granted: string): readonly string[] {
  const graph = scopeList(granted).filter((s) => !s.includes('://') || s.toLowerCase().startsWith('https://graph.microsoft.com/'));
  const named = graph.filter((s) => !['openid', 'profile', 'email', 'offline_access'].includes(s.toLowerCase()));
  return named.length ? ['offline_access', ...named] : GRAPH_LINK_SCOPES;
}
