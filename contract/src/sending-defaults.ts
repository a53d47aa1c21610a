import { z } from 'zod';
import { EmailAddress, multiLine, singleLine } from './common.js';

/**
 * Default sending values of an account (the seed's "Valores por defecto para envíos"), applied by
 * the send API whenever the caller leaves them out.
 */
export const SendingDefaults = z
  .object({
    senderName: singleLine(256).nullable().optional(),
    replyTo: EmailAddress.nullable().optional(),
    signatureHtml: multiLine(20_000).nullable().optional(),
    copyToSelf: z.boolean().optional(),
  })
  .strict();
export type SendingDefaults = z.infer<typeof SendingDefaults>;

export const SendingDefaultsView = z.object({
  senderName: z.string().nullable(),
  replyTo: z.string().nullable(),
  signatureHtml: z.string().nullable(),
  copyToSelf: z.boolean(),
});
export type SendingDefaultsView = z.infer<typeof SendingDefaultsView>;
