import { z } from 'zod';
import { EmailAddress, IsoDateTime, multiLine, singleLine } from './common.js';

export const Address = z.union([
  EmailAddress,
  z.object({ address: EmailAddress, name: singleLine(256).optional() }).strict(),
]);
export type Address = z.infer<typeof Address>;

const AddressList = z.union([Address, z.array(Address).max(500)]);
const Recipients = z.union([Address, z.array(Address).min(1, { message: 'needs at least one recipient' }).max(500)]);

const MediaType = singleLine(255).regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, { message: 'must be a MIME type' });

export const Attachment = z
  .object({
    filename: singleLine(255).min(1),
    contentType: MediaType.default('application/octet-stream'),
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

/**
 * A file part of a multipart/form-data send, described in the `message` part's `attachments[]` by
 * its part name: what the part's own headers don't say (inline, Content-ID) or should override.
 */
export const AttachmentPart = z
  .object({
    part: singleLine(255).min(1).describe('The name of the file part this describes'),
    filename: singleLine(255).min(1).optional(),
    contentType: MediaType.optional(),
    inline: z.boolean().optional(),
    contentId: singleLine(255).optional(),
  })
  .strict();
export type AttachmentPart = z.infer<typeof AttachmentPart>;

const messageFields = {
  from: Address.optional().describe("the account's own address (the default) or one of its `sendAs` addresses (a shared mailbox)"),
  to: Recipients,
  cc: AddressList.optional(),
  bcc: AddressList.optional(),
  replyTo: AddressList.optional(),
  subject: singleLine(998),
  // Bodies keep their newlines and may carry bidi text; only broken characters are refused.
  text: multiLine().optional(),
  html: multiLine().optional(),
  headers: Headers.optional(),
  sendAt: IsoDateTime.optional().describe(`Schedule the message (at most ${MAX_SCHEDULE_DAYS} days ahead)`),
};

type MessageShape = { to: Address | Address[]; cc?: Address | Address[] | undefined; bcc?: Address | Address[] | undefined; text?: string | undefined; html?: string | undefined };
const messageRules = <T extends z.ZodType<MessageShape>>(schema: T) =>
  schema
    .refine((m) => m.text !== undefined || m.html !== undefined, { message: 'give text or html (or both)', path: ['text'] })
    .refine((m) => count(m.to) + count(m.cc) + count(m.bcc) <= MAX_RECIPIENTS, { message: `at most ${MAX_RECIPIENTS} recipients in to, cc and bcc together (Exchange Online's limit)`, path: ['to'] });

/** POST /accounts/{id}/messages as JSON: files inline in base64. */
export const SendMessage = messageRules(z.object({ ...messageFields, attachments: z.array(Attachment).max(250).optional() }).strict());
export type SendMessage = z.infer<typeof SendMessage>;

/** The `message` part of a multipart/form-data send: the same message, its files in the other parts. */
export const SendMessageForm = messageRules(z.object({ ...messageFields, attachments: z.array(AttachmentPart).max(250).optional() }).strict());
export type SendMessageForm = z.infer<typeof SendMessageForm>;

export const TestMessage = z
  .object({
    to: EmailAddress,
    attachment: Attachment.optional().describe('A file to try sending attachments with (up to about 18 MB: the JSON body is limited to 25 MB)'),
  })
  .strict();
export type TestMessage = z.infer<typeof TestMessage>;

