import { z } from 'zod';
import { DEFAULT_MAX_SEND_SIZE_BYTES, type StoreSnapshot } from './types.js';

const str = z.string();
const strings = z.array(z.string());

// smtpAuthDisabled (tenant and user) is absent from snapshots written before SMTP existed.
const tenant = z.object({ id: str, domain: str, name: str, userConsentAllowed: z.boolean(), smtpAuthDisabled: z.boolean().default(false) });
const app = z.object({
  clientId: str, tenantId: str, displayName: str,
  signInAudience: z.enum(['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount']),
  redirectUris: strings, secrets: z.array(z.object({ id: str, value: str, expiresAt: z.number() })),
  // Absent from snapshots written before certificate credentials existed.
  certificates: z.array(z.object({
    id: str, pem: str, thumbprint: str, thumbprintSha256: str, startsAt: z.number(), expiresAt: z.number(),
  })).default([]),
});
const user = z.object({
  id: str, oid: str, tenantId: str, email: str, personal: z.boolean(), displayName: str, mail: str.nullable(),
  mailboxEnabled: z.boolean(), mailboxFull: z.boolean(), mfaRequired: z.boolean(), signInBlocked: z.boolean(), sendAs: strings,
  // Absent from snapshots written before the setting existed.
  maxSendSizeBytes: z.number().int().positive().default(DEFAULT_MAX_SEND_SIZE_BYTES),
  smtpAuthDisabled: z.boolean().nullable().default(null),
  imapDisabled: z.boolean().default(false),
  mailboxLocale: str.default('en-US'),
});
const grant = z.object({ clientId: str, tenantId: str, userId: str.optional(), scopes: strings });
const refreshToken = z.object({
  token: str, clientId: str, userId: str, scopes: strings, issuedAt: z.number(), revoked: z.boolean(), revokedAt: z.number().optional(),
});
const accessToken = z.object({
  token: str, clientId: str, userId: str, appOnly: z.boolean().optional(), tenantId: str.optional(), resource: str, scopes: strings, expiresAt: z.number(),
});
const appPermissionGrant = z.object({ clientId: str, tenantId: str, permissions: strings });
const roleAssignment = z.object({ id: str, clientId: str, tenantId: str, role: str, mailboxes: strings.nullable() });
const accessPolicy = z.object({ id: str, clientId: str, tenantId: str, accessRight: z.enum(['RestrictAccess', 'DenyAccess']), mailboxes: strings });
const message = z.object({
  id: str, immutableId: str.optional(), visibleAt: z.number().optional(), internetMessageId: str, receivedDateTime: str, sentDateTime: str,
  message: z.record(z.string(), z.unknown()), mime: str.optional(),
  changeKey: str.optional(), inReplyTo: str.optional(), references: str.optional(),
});
const folder = z.array(message);
// Folders beyond Inbox, Sent Items and Drafts are absent from snapshots written before they existed.
const laterFolder = folder.default([]);
const userFolder = z.object({ id: str, displayName: str, parentFolderId: str, messages: folder });

/**
 * Checks a snapshot handed back to restore(): it was written by an earlier run, possibly of an
 * older emulator, and a wrong shape must fail here rather than as a TypeError inside a route.
 */
export const storeSnapshotSchema: z.ZodType<StoreSnapshot> = z.object({
  version: z.literal(1),
  tenants: z.array(tenant),
  apps: z.array(app),
  users: z.array(user),
  grants: z.array(grant),
  // Absent from snapshots written before app-only access existed.
  appPermissionGrants: z.array(appPermissionGrant).default([]),
  exchangeRoleAssignments: z.array(roleAssignment).default([]),
  accessPolicies: z.array(accessPolicy).default([]),
  refreshTokens: z.array(refreshToken),
  accessTokens: z.array(accessToken),
  mailboxes: z.array(z.object({
    userId: str, inbox: folder, sentItems: folder, drafts: folder,
    deletedItems: laterFolder, junkEmail: laterFolder, archive: laterFolder, folders: z.array(userFolder).default([]),
  })),
});
