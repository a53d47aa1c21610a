import { z } from 'zod';
import { EmailAddress, IsoDateTime } from './common.js';
import { AppCertificateSummary, Tenant } from './microsoft-app.js';
import { Diagnosis } from './diagnosis-codes.js';
import { SendingDefaults, SendingDefaultsView } from './sending-defaults.js';
import { page } from './paging.js';
import { DeliveryGuarantee, MailboxLimits, MailboxLimitsView } from './outbox.js';

/**
 * How an account hands mail to Microsoft: `graph` (Microsoft Graph's REST API) or `smtp_imap`
 * (SMTP submission with OAuth 2.0 XOAUTH2, and IMAP for reading: the NocoBase way), both as the
 * signed-in user; `graph_app`: a service mailbox, sent from by the organisation app itself with
 * application permissions (no user signs in, nothing to link; docs/microsoft.md §7).
 */
export const SendingMethod = z.enum(['graph', 'smtp_imap', 'graph_app']);
export type SendingMethod = z.infer<typeof SendingMethod>;

/**
 * The permissions each sending method needs, as the Azure portal names them (what the setup guide
 * lists): delegated ones asked for when linking (Mail.Send.Shared joins Graph's when an account
 * sends as a shared mailbox); for `graph_app`, the application permissions (or Exchange's
 * "Application Mail.Send" / "Application Mail.ReadWrite" roles) an administrator grants the app.
 */
export const methodPermissions: Record<SendingMethod, readonly string[]> = {
  graph: ['User.Read', 'Mail.Send', 'Mail.ReadWrite', 'offline_access'],
  smtp_imap: ['email', 'offline_access', 'IMAP.AccessAsUser.All', 'SMTP.Send', 'User.Read'],
  graph_app: ['Mail.Send', 'Mail.ReadWrite'],
};

/**
 * Domains of personal Microsoft accounts (Outlook.com): they have no app-only access
 * (docs/microsoft.md §7), so no service mailbox may use one. `outlook.*`, `hotmail.*`, `live.*`: any
 * country domain (outlook.com, hotmail.co.uk, live.fr).
 */
export const personalMicrosoftDomains: readonly string[] = ['outlook.*', 'hotmail.*', 'live.*', 'msn.com', 'passport.com', 'windowslive.com'];

/** Whether an address is at a personal Microsoft account domain (personalMicrosoftDomains). */
export function isPersonalMicrosoftAddress(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return personalMicrosoftDomains.some((d) => (d.endsWith('.*') ? domain.startsWith(d.slice(0, -1)) && /^[a-z]{2,3}(\.[a-z]{2})?$/.test(domain.slice(d.length - 1)) : domain === d));
}

/** Addresses besides its own an account may send as (shared mailboxes, with Send As rights). */
export const SendAs = z.array(EmailAddress).max(50).describe('other addresses (shared mailboxes) the signed-in user may send as; any other `from` is refused');

export const AccountStatus = z.enum(['not_linked', 'linked', 'reconnect_needed']);
export type AccountStatus = z.infer<typeof AccountStatus>;

/** An account's own Microsoft app (the Cloud Gestion model: each user brings theirs). */
export const AccountAppInput = z
  .object({
    tenant: Tenant.optional(),
    clientId: z.string().max(200),
    clientSecret: z.string().max(500).nullable().optional().describe('null removes the secret: only while the app has a certificate, which then authenticates it alone (400 otherwise)'),
    clientSecretExpiresAt: IsoDateTime.nullable().optional(),
  })
  .strict();
export type AccountAppInput = z.infer<typeof AccountAppInput>;

export const AccountCreate = z
  .object({
    email: EmailAddress,
    sendingMethod: SendingMethod,
    sendAs: SendAs.optional(),
    userId: z.string().max(64).optional().describe('an admin creating an account for another user; not with graph_app (owned by the organisation)'),
    app: AccountAppInput.optional().describe('not with graph_app: a service mailbox uses the organisation app\'s app-only settings'),
    defaults: SendingDefaults.optional(),
  })
  .strict()
  .describe('sendingMethod graph_app (a service mailbox: admins only, no linking) sends with the organisation app\'s application permissions');
export type AccountCreate = z.infer<typeof AccountCreate>;

export const AccountPatch = z
  .object({
    email: EmailAddress.optional(),
    sendingMethod: SendingMethod.optional().describe('changing it asks for a relink only when the new method needs permissions not yet granted (see relinkNeededFor)'),
    sendAs: SendAs.optional(),
    app: AccountAppInput.nullable().optional().describe('null removes the account\'s own app'),
    defaults: SendingDefaults.optional().describe('only the fields given change; null clears one'),
    limits: MailboxLimits.nullable().optional().describe("the mailbox's sending limits; only the fields given change; null restores Exchange Online's"),
  })
  .strict();
export type AccountPatch = z.infer<typeof AccountPatch>;

export const AccountError = z.object({
  code: z.string(),
  message: z.string(),
  at: IsoDateTime,
  diagnosis: Diagnosis,
});

export const Account = z.object({
  id: z.string(),
  /** Null: owned by the organisation (a service mailbox, `graph_app`), visible to admins only. */
  userId: z.string().nullable(),
  email: z.string(),
  sendingMethod: SendingMethod,
  sendAs: z.array(z.string()),
  /** Methods whose permissions no stored token of this account shows as granted: switching to one asks Microsoft, and needs a relink unless Microsoft grants them (an admin may have consented). */
  relinkNeededFor: z.array(SendingMethod),
  status: AccountStatus,
  redirectUri: z.string(),
  app: z
    .object({
      source: z.enum(['account', 'organization', 'none']),
      tenant: z.string().optional(),
      clientId: z.string().optional(),
      clientSecret: z.object({ set: z.boolean(), last4: z.string().optional() }).optional(),
      clientSecretExpiresAt: IsoDateTime.nullable().optional(),
      /** The own app's certificate, when it authenticates with one (…/app/certificate). */
      certificate: AppCertificateSummary.nullable().optional(),
    }),
  linkedAddress: z.string().optional(),
  linkedAt: IsoDateTime.optional(),
  lastError: AccountError.optional(),
  defaults: SendingDefaultsView,
  /** How the outbox sends for this account now; exactly-once needs Mail.ReadWrite (link again to get it). */
  deliveryGuarantee: DeliveryGuarantee,
  limits: MailboxLimitsView,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Account = z.infer<typeof Account>;
/** GET /accounts: one page. */
export const AccountList = page(Account);

export const LinkStarted = z.object({
  authorizeUrl: z.string().describe('Open in the user\'s browser (a popup); single use.'),
  redirectUri: z.string(),
  expiresAt: IsoDateTime,
});
export type LinkStarted = z.infer<typeof LinkStarted>;
