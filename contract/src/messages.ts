import { z } from 'zod';
import { EmailAddress, IsoDateTime, multiLine, singleLine } from './common.js';

export const Address = z.union([
  EmailAddress,
  z.object({ address: EmailAddress, name: singleLine(256).optional() }).strict(),
]);
export type Address = z.infer<typeof Address>;

const AddressList = z.union([Address, z.array(Address).max(500)]);
const Recipients = z.union([Address, z.array(Address).min(1, { message: 'needs at least one recipient' }).max(500)]);

export const Attachment = z
  .object({
    filename: singleLine(255).min(1),
    contentType: singleLine(255).regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, { message: 'must be a MIME type' }).default('application/octet-stream'),
    contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' }),
    inline: z.boolean().optional(),
    contentId: singleLine(255).optional(),
  })
  .strict();
export type Attachment = z.infer<typeof Attachment>;

/** Graph allows at most 5 custom headers, and only `X-` ones. */
export const Headers = z
  .record(
    z.string().regex(/^[Xx]-[A-Za-z0-9-]+$/, { message: 'header names must start with X- and use letters, digits and -' }).max(100),
    singleLine(995),
  )
  .refine((h) => Object.keys(h).length <= 5, { message: 'at most 5 custom headers (Microsoft Graph limit)' });

/** The most `sendAt` may lie ahead. */
export const MAX_SCHEDULE_DAYS = 30;
/** Exchange Online's default limit of recipients per message (to, cc and bcc together). */
export const MAX_RECIPIENTS = 500;

const count = (a: Address | Address[] | undefined) => (a === undefined ? 0 : Array.isArray(a) ? a.length : 1);

export const SendMessage = z
  .object({
    to: Recipients,
    cc: AddressList.optional(),
    bcc: AddressList.optional(),
    replyTo: AddressList.optional(),
    subject: singleLine(998),
    // Bodies keep their newlines and may carry bidi text; only broken characters are refused.
    text: multiLine().optional(),
    html: multiLine().optional(),
    attachments: z.array(Attachment).max(250).optional(),
    headers: Headers.optional(),
    sendAt: IsoDateTime.optional().describe(`Schedule the message (at most ${MAX_SCHEDULE_DAYS} days ahead)`),
  })
  .strict()
  .refine((m) => m.text !== undefined || m.html !== undefined, { message: 'give text or html (or both)', path: ['text'] })
  .refine((m) => count(m.to) + count(m.cc) + count(m.bcc) <= MAX_RECIPIENTS, { message: `at most ${MAX_RECIPIENTS} recipients in to, cc and bcc together (Exchange Online's limit)`, path: ['to'] });
export type SendMessage = z.infer<typeof SendMessage>;

export const TestMessage = z.object({ to: EmailAddress }).strict();

