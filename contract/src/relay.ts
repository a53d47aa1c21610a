import { z } from 'zod';
import { IsoDateTime, singleLine } from './common.js';
import { page } from './paging.js';

/**
 * A network a relay credential may connect from, in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`)
 * or as a single address (`192.0.2.7`, taken as /32 or /128).
 */
export const RelayNetwork = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .refine((v) => /^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/.test(v), { message: 'must be an IP address or a CIDR network such as 192.0.2.0/24' });

/** POST /accounts/{id}/relay-credentials. */
export const RelayCredentialCreate = z
  .object({
    description: singleLine(200).optional().describe('what uses it (a printer, an ERP), to tell credentials apart'),
    allowedNetworks: z.array(RelayNetwork).max(50).optional().describe('where the client may connect from; absent or empty means anywhere'),
    bounces: z.boolean().optional().describe('send a delivery status notification (RFC 3464) to the envelope sender when Microsoft refuses a relayed message after it was accepted; default true'),
  })
  .strict();
export type RelayCredentialCreate = z.infer<typeof RelayCredentialCreate>;

/** A relay credential as listed: never its password (only a SHA-256 hash of it is stored). */
export const RelayCredential = z.object({
  id: z.string(),
  accountId: z.string(),
  username: z.string(),
  description: z.string().nullable(),
  allowedNetworks: z.array(z.string()),
  bounces: z.boolean(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
});
export type RelayCredential = z.infer<typeof RelayCredential>;

/** The answer to a creation: the only time the password is shown. */
export const RelayCredentialCreated = RelayCredential.extend({
  password: z.string().describe('Shown once; only a SHA-256 hash is stored.'),
});
export type RelayCredentialCreated = z.infer<typeof RelayCredentialCreated>;

/** Where an app connects to the relay, for the settings page: ports are null when not listened on. */
export const RelayInfo = z.object({
  enabled: z.boolean(),
  host: z.string().describe('the host name of MAILBRIDGE_PUBLIC_URL'),
  port: z.number().int().nullable().describe('STARTTLS (MAILBRIDGE_RELAY_PORT)'),
  tlsPort: z.number().int().nullable().describe('implicit TLS (MAILBRIDGE_RELAY_TLS_PORT)'),
  maxSizeMb: z.number().int(),
});
export type RelayInfo = z.infer<typeof RelayInfo>;

export const RelayCredentialList = page(RelayCredential).extend({ relay: RelayInfo });
export type RelayCredentialList = z.infer<typeof RelayCredentialList>;
