import { z } from 'zod';
import { IsoDateTime } from './common.js';

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

/** Client ID and secret are checked by the server (GUID, secret-ID-pasted) so they give a diagnosis. */
export const MicrosoftAppInput = z
  .object({
    cloud: Cloud.optional(),
    tenant: Tenant.optional(),
    clientId: z.string().max(200),
    clientSecret: z.string().max(500).optional(),
    clientSecretExpiresAt: IsoDateTime.nullable().optional(),
    requestMailReadWrite: z
      .boolean()
      .optional()
      .describe('Ask for Mail.ReadWrite when linking Graph accounts (default true): it gives exactly-once sending through drafts'),
  })
  .strict();
export type MicrosoftAppInput = z.infer<typeof MicrosoftAppInput>;

export const MicrosoftAppView = z.object({
  cloud: Cloud,
  tenant: z.string(),
  clientId: z.string(),
  clientSecret: z.object({ set: z.boolean(), last4: z.string().optional() }),
  clientSecretExpiresAt: IsoDateTime.nullable(),
  redirectUri: z.string(),
  requestMailReadWrite: z.boolean(),
  updatedAt: IsoDateTime,
});
export type MicrosoftAppView = z.infer<typeof MicrosoftAppView>;
