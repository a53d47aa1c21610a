import { z } from 'zod';
import { EmailAddress, IsoDateTime } from './common.js';
import { Tenant } from './microsoft-app.js';
import { Diagnosis } from './diagnosis-codes.js';
import { SendingDefaults, SendingDefaultsView } from './sending-defaults.js';
import { page } from './paging.js';
import { DeliveryGuarantee, MailboxLimits, MailboxLimitsView } from './outbox.js';

/**
 * How an account hands mail to Microsoft: `graph` (Microsoft Graph's REST API) or `smtp_imap`
 * (SMTP submission with OAuth 2.0 XOAUTH2, and IMAP for reading: the NocoBase way).
 */
export const SendingMethod = z.enum(['graph', 'smtp_imap']);
export type SendingMethod = z.infer<typeof SendingMethod>;

/**
 * The delegated permissions each sending method asks for when linking, as the Azure portal names
 * them (what the setup guide lists). Mail.Send.Shared joins Graph's when an account sends as a
 * shared mailbox.
 */
export const methodPermissions: Record<SendingMethod, readonly string[]> = {
  graph: ['User.Read', 'Mail.Send', 'Mail.ReadWrite', 'offline_access'],
  smtp_imap: ['email', 'offline_access', 'IMAP.AccessAsUser.All', 'SMTP.Send', 'User.Read'],
};

/** Addresses besides its own an account may send as (shared mailboxes, with Send As rights). */
export const SendAs = z.array(EmailAddress).max(50).describe('other addresses (shared mailboxes) the signed-in user may send as; any other `from` is refused');

export const AccountStatus = z.enum(['not_linked', 'linked', 'reconnect_needed']);
export type AccountStatus = z.infer<typeof AccountStatus>;

/** An account's own Microsoft app (the Cloud Gestion model: each user brings theirs). */
export const AccountAppInput = z
  .object({
    tenant: Tenant.optional(),
    clientId: z.string().max(200),
    clientSecret: z.string().max(500).optional(),
    clientSecretExpiresAt: IsoDateTime.nullable().optional(),
  })
  .strict();
export type AccountAppInput = z.infer<typeof AccountAppInput>;

export const AccountCreate = z
  .object({
    email: EmailAddress,
    sendingMethod: SendingMethod,
    sendAs: SendAs.optional(),
    userId: z.string().max(64).optional(),
    app: AccountAppInput.optional(),
    defaults: SendingDefaults.optional(),
  })
  .strict();
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
  userId: z.string(),
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
