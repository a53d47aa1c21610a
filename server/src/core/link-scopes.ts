import type { MailAccount, MicrosoftApp, SendingMethod, TokenResource } from './domain.js';

/**
 * Scopes are written as the global cloud names them: short names are Microsoft Graph's, and
 * Exchange Online's SMTP and IMAP permissions belong to `https://outlook.office.com`. The identity
 * client renames both resources for the app's cloud (providers/microsoft/clouds.ts).
 */
export const OUTLOOK = 'https://outlook.office.com';
export const GRAPH = 'https://graph.microsoft.com';
const OIDC = ['openid', 'profile', 'email', 'offline_access'] as const;

/**
 * Delegated scopes asked for when linking for Graph sending (PRODUCT.md: Mail.Send + User.Read,
 * offline_access for a refresh token, openid/profile/email for the id_token claims).
 */
export const GRAPH_LINK_SCOPES = [...OIDC, 'User.Read', 'Mail.Send'] as const;

/**
 * Linking for SMTP + IMAP (the NocoBase seed's list): Exchange Online's two permissions, and
 * Graph's User.Read to read the mailbox's primary address (docs/microsoft.md, SMTP and IMAP).
 */
export const SMTP_IMAP_LINK_SCOPES = [...OIDC, `${OUTLOOK}/SMTP.Send`, `${OUTLOOK}/IMAP.AccessAsUser.All`, `${GRAPH}/User.Read`] as const;

/**
 * Mail.ReadWrite lets Mailbridge create a draft, send it and look it up after a crash: the key
 * to exactly-once sending (learn.microsoft.com graph/api/user-post-messages, message-send).
 */
export const MAIL_READ_WRITE = 'Mail.ReadWrite';
/** Sending as a shared mailbox through Graph (learn.microsoft.com graph/permissions-reference#mailsendshared). */
export const MAIL_SEND_SHARED = 'Mail.Send.Shared';

/** `reading`: the account's mailbox reading is on (Graph then needs Mail.ReadWrite whatever the app says). */
type LinkingAccount = Pick<MailAccount, 'sendingMethod' | 'sendAs'> & { reading?: boolean };
type LinkingApp = Pick<MicrosoftApp, 'requestMailReadWrite'>;

/** What each sending method needs of Microsoft (docs/architecture.md rule 6: differences as data). */
interface MethodScopes {
  /** Asked for on Microsoft's consent page. */
  authorize(app: LinkingApp, account: LinkingAccount): string[];
  /** The resource whose token the code is redeemed for (a token request names one resource). */
  redeem: TokenResource;
  /** Permissions without which the method cannot work, by resource (for relinkNeededFor). */
  needs(account: LinkingAccount): Partial<Record<TokenResource, string[]>>;
}

export const methodScopes: Record<SendingMethod, MethodScopes> = {
  graph: {
    authorize: (app, account) => [
      ...GRAPH_LINK_SCOPES,
      ...(app.requestMailReadWrite || account.reading ? [MAIL_READ_WRITE] : []),
      ...(account.sendAs.length ? [MAIL_SEND_SHARED] : []),
    ],
    redeem: 'graph',
    needs: (account) => ({ graph: ['Mail.Send', ...(account.sendAs.length ? [MAIL_SEND_SHARED] : [])] }),
  },
  smtp_imap: {
    authorize: () => [...SMTP_IMAP_LINK_SCOPES],
    redeem: 'outlook',
    needs: () => ({ outlook: ['SMTP.Send'], graph: ['User.Read'] }),
  },
  // A service mailbox is never linked: the organisation app's application permissions
  // (core/apps/app-only-tokens.ts) stand in for a grant, and Graph's answers tell what is missing.
  graph_app: {
    authorize: () => [],
    redeem: 'graph',
    needs: () => ({}),
  },
};

const scopeList = (granted: string) => granted.split(/\s+/).filter(Boolean);
const isOidc = (s: string) => (OIDC as readonly string[]).includes(s.toLowerCase());

/**
 * The resource a scope belongs to: short names are Graph's; fully qualified ones by their host
 * (every cloud's Exchange Online host has `outlook` in it, every Graph host `graph`).
 */
export function scopeResource(scope: string): TokenResource | null {
  if (isOidc(scope)) return null;
  if (!scope.includes('://')) return 'graph';
  const host = scope.slice(scope.indexOf('://') + 3).split('/')[0]!.toLowerCase();
  if (host.includes('outlook')) return 'outlook';
  if (host.includes('graph')) return 'graph';
  return null;
}

/** A resource's scopes from a list (OIDC ones included: they name no resource and go with any). */
export const scopesFor = (scopes: readonly string[], resource: TokenResource): string[] =>
  scopes.filter((s) => isOidc(s) || scopeResource(s) === resource);

/** Whether a grant (Microsoft's `scope` answer, fully qualified names) includes a permission. */
export function grants(granted: string | null | undefined, permission: string): boolean {
  return !!granted && scopeList(granted).some((s) => s.toLowerCase() === permission.toLowerCase() || s.toLowerCase().endsWith(`/${permission.toLowerCase()}`));
}

/**
 * What a refresh for `resource` asks for: the permissions that resource's grant already holds, or
 * (no token for it yet) what the method needs of it. Asking for more than was consented fails
 * (AADSTS65001), so a grant from before Mail.ReadWrite is kept as it is until the user links again.
 */
export function refreshScopes(resource: TokenResource, granted: string | null, account: LinkingAccount): readonly string[] {
  const named = granted === null ? [] : scopeList(granted).filter((s) => !isOidc(s) && scopeResource(s) === resource);
  if (named.length) return ['offline_access', ...named];
  const needed = methodScopes[account.sendingMethod].needs(account)[resource];
  if (resource === 'outlook') return ['offline_access', ...(needed ?? ['SMTP.Send']).map((s) => `${OUTLOOK}/${s}`)];
  return needed ? ['offline_access', ...needed] : GRAPH_LINK_SCOPES;
}

/**
 * The sending methods this account could not switch to without linking again: those needing a
 * permission no stored token of the account says is granted. Before it is linked, none (linking
 * asks for everything anyway).
 */
export function relinkNeededFor(account: LinkingAccount & Pick<MailAccount, 'status'>, granted: Partial<Record<TokenResource, string>>): SendingMethod[] {
  // A service mailbox never switches methods (core/accounts/service-mailbox.ts), nor links.
  if (account.status !== 'linked' || account.sendingMethod === 'graph_app') return [];
  return (Object.keys(methodScopes) as SendingMethod[]).filter((m) => {
    const needs = methodScopes[m].needs({ ...account, sendingMethod: m });
    return (Object.entries(needs) as Array<[TokenResource, string[]]>).some(([resource, perms]) => perms.some((p) => !grants(granted[resource], p)));
  });
}
