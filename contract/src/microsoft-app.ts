import { z } from 'zod';
import { EmailAddress, IsoDateTime } from './common.js';
import { Diagnosis } from './diagnosis-codes.js';

/** `sandbox`: Mailbridge's built-in stand-in for Microsoft (MAILBRIDGE_SANDBOX), never a real cloud. */
export const clouds = ['global', 'usgov', 'usgov-dod', 'china', 'sandbox'] as const;
export const Cloud = z.enum(clouds);
export type Cloud = z.infer<typeof Cloud>;

/**
 * `common`, `organizations`, `consumers`, a tenant GUID or a verified domain
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow).
 */
export const Tenant = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, { message: 'must be common, organizations, consumers, a tenant ID or a domain' });

/**
 * The organisation app's app-only settings (docs/microsoft.md §7): it then also sends from service
 * mailboxes (`graph_app` accounts) with application permissions, getting its tokens with the
 * client-credentials grant on `tenant`. That grant names one organisation: a tenant ID or a
 * verified domain, never `common`, `organizations` or `consumers` (AADSTS50059; the server
 * answers 400 with the diagnosis app_only_tenant_required).
 */
export const AppOnlyInput = z
  .object({
    enabled: z.boolean(),
    tenant: Tenant.describe("the organisation's tenant ID or a verified domain (not common, organizations or consumers)"),
  })
  .strict();
export type AppOnlyInput = z.infer<typeof AppOnlyInput>;

/** POST /microsoft-app/app-only/check: a token, and with `to` a test message from a service mailbox. */
export const AppOnlyCheckInput = z
  .object({
    from: z.string().trim().max(254).optional().describe('the service mailbox (its address or account id) to send the test from; default: the first one'),
    to: EmailAddress.optional().describe('a recipient: without one, only a token is asked for'),
  })
  .strict();
export type AppOnlyCheckInput = z.infer<typeof AppOnlyCheckInput>;

export const AppOnlyCheckResult = z.object({
  /** `ok`: Microsoft issued an app-only token for the tenant. */
  token: z.enum(['ok', 'failed']),
  tenant: z.string(),
  /** The test message, when `to` was given and the token came. */
  sent: z.object({ from: z.string(), accountId: z.string(), messageId: z.string(), status: z.string() }).optional(),
  /** What went wrong (token or send), in the caller's language. */
  diagnosis: Diagnosis.optional(),
  microsoftText: z.string().optional(),
});
export type AppOnlyCheckResult = z.infer<typeof AppOnlyCheckResult>;

/** Client ID and secret are checked by the server (GUID, secret-ID-pasted) so they give a diagnosis. */
export const MicrosoftAppInput = z
  .object({
    cloud: Cloud.optional(),
    tenant: Tenant.optional(),
    clientId: z.string().max(200),
    clientSecret: z.string().max(500).nullable().optional().describe('null removes the secret: only while the app has a certificate, which then authenticates it alone'),
    clientSecretExpiresAt: IsoDateTime.nullable().optional(),
    requestMailReadWrite: z
      .boolean()
      .optional()
      .describe('Ask for Mail.ReadWrite when linking Graph accounts (default true): it gives exactly-once sending through drafts'),
    appOnly: AppOnlyInput.nullable().optional().describe('sending from service mailboxes with application permissions; null turns it off; absent leaves it as it is'),
  })
  .strict();
export type MicrosoftAppInput = z.infer<typeof MicrosoftAppInput>;

/**
 * An app's certificate credential (docs/microsoft.md §7): Mailbridge keeps the private key
 * (encrypted) and signs client assertions; only the public certificate goes to Entra ID
 * (App registrations › Certificates & secrets › Certificates › Upload certificate).
 */
export const AppCertificateSummary = z.object({
  /** base64url SHA-256 of the certificate's DER: the `x5t#S256` of every assertion. */
  thumbprintSha256: z.string(),
  /** Hex SHA-1 of the DER: what the Azure portal's Thumbprint column shows, to compare. */
  thumbprint: z.string(),
  expiresAt: IsoDateTime,
});
export type AppCertificateSummary = z.infer<typeof AppCertificateSummary>;

/** GET …/certificate: the public part only; the private key never leaves the server. */
export const AppCertificateView = AppCertificateSummary.extend({
  certificatePem: z.string().describe('the public certificate to upload in Entra ID (save it as a .pem or .cer file)'),
  createdAt: IsoDateTime,
});
export type AppCertificateView = z.infer<typeof AppCertificateView>;

/** POST …/certificate: a new key pair and self-signed certificate, answered once generated. */
export const AppCertificateCreated = AppCertificateSummary.extend({ certificatePem: z.string() });
export type AppCertificateCreated = z.infer<typeof AppCertificateCreated>;

/**
 * PUT …/certificate: an existing certificate with its private key, either as PEM (the certificate
 * and an unencrypted PKCS#8 or PKCS#1 RSA key, concatenated) or as a PKCS#12 (.pfx/.p12) file in
 * base64 with its password.
 */
export const AppCertificateImport = z.union([
  z.object({ pem: z.string().min(1).max(100_000).describe('certificate and unencrypted private key, PEM') }).strict(),
  z
    .object({
      pfxBase64: z.string().min(1).max(100_000).describe('the .pfx/.p12 file, base64'),
      password: z.string().max(1000).describe('the PFX password ("" for none)'),
    })
    .strict(),
]);
export type AppCertificateImport = z.infer<typeof AppCertificateImport>;

export const MicrosoftAppView = z.object({
  cloud: Cloud,
  tenant: z.string(),
  clientId: z.string(),
  clientSecret: z.object({ set: z.boolean(), last4: z.string().optional() }),
  clientSecretExpiresAt: IsoDateTime.nullable(),
  certificate: AppCertificateSummary.nullable().describe('set: Mailbridge authenticates with this certificate (client assertions), not the secret'),
  redirectUri: z.string(),
  requestMailReadWrite: z.boolean(),
  /** App-only sending (service mailboxes); null while off. */
  appOnly: z.object({ enabled: z.boolean(), tenant: z.string() }).nullable(),
  updatedAt: IsoDateTime,
});
export type MicrosoftAppView = z.infer<typeof MicrosoftAppView>;
