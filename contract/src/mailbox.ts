import { z } from 'zod';
import { EmailAddress, IsoDateTime, multiLine } from './common.js';
import { Diagnosis } from './diagnosis-codes.js';
import { Attachment } from './messages.js';
import { page, PageQuery } from './paging.js';

/**
 * Reading the mailbox (issue 11): what `/api/v1/accounts/{id}/mailbox/…` answers. Every id in
 * these paths and bodies (message, folder, attachment) is Mailbridge's own, at most 64
 * characters: never Microsoft's id nor an IMAP UID.
 */
export const MailboxId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, { message: "must be an id Mailbridge gave" });

/** PUT …/mailbox: reading is off by default for accounts that only send. */
export const MailboxReading = z.object({ reading: z.boolean() }).strict();
export type MailboxReading = z.infer<typeof MailboxReading>;

export const MailboxSyncStatus = z.enum(['off', 'initial_sync', 'synced', 'reconnecting', 'error']);
export type MailboxSyncStatus = z.infer<typeof MailboxSyncStatus>;

/** GET …/mailbox. `done`/`total`: the first sync's progress, in messages. */
export const MailboxState = z.object({
  reading: z.boolean(),
  status: MailboxSyncStatus,
  done: z.number().int(),
  total: z.number().int(),
  lastSyncAt: IsoDateTime.nullable(),
  diagnosis: Diagnosis.optional(),
});
export type MailboxState = z.infer<typeof MailboxState>;

/** A folder's role, from IMAP special-use attributes or Graph's well-known names; null for the user's own folders. */
export const FolderRole = z.enum(['inbox', 'sent', 'drafts', 'trash', 'junk', 'archive']);
export type FolderRole = z.infer<typeof FolderRole>;

export const MailFolder = z.object({
  id: MailboxId,
  name: z.string(),
  /** The folder's place in the hierarchy, names joined by `/`. */
  path: z.string(),
  role: FolderRole.nullable(),
  unread: z.number().int(),
  total: z.number().int(),
});
export type MailFolder = z.infer<typeof MailFolder>;
export const MailFolderList = z.object({ items: z.array(MailFolder) });

export const MailAddress = z.object({ address: z.string(), name: z.string().optional() });

/** One message in a list: what a mail client's list shows. */
export const MailMessageSummary = z.object({
  id: MailboxId,
  folderId: MailboxId,
  /** Messages of one conversation share it (from References / In-Reply-To, or Graph's conversationId). */
  threadId: z.string(),
  subject: z.string(),
  from: MailAddress.nullable(),
  to: z.array(MailAddress),
  cc: z.array(MailAddress),
  date: IsoDateTime,
  unread: z.boolean(),
  flagged: z.boolean(),
  hasAttachments: z.boolean(),
  size: z.number().int(),
  snippet: z.string(),
});
export type MailMessageSummary = z.infer<typeof MailMessageSummary>;
export const MailMessagePage = page(MailMessageSummary);

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** GET …/mailbox/messages: newest first; `q` searches subject, from and snippet (full text). */
export const MailMessageQuery = PageQuery.extend({
  /** A folder's id (GET …/mailbox/folders) or its role: inbox, sent, drafts, trash, junk, archive. */
  folder: MailboxId.describe('A folder id from GET …/mailbox/folders, or a role: inbox, sent, drafts, trash, junk, archive').optional(),
  /** A conversation's messages, in every folder: a `threadId` from the list. */
  thread: z.string().min(1).max(64).describe("A conversation's threadId (from a listed message): its messages in every folder").optional(),
  unread: flag.optional(),
  flagged: flag.optional(),
  from: z.string().max(320).optional(),
  since: IsoDateTime.optional(),
  before: IsoDateTime.optional(),
  q: z.string().max(200).optional(),
}).strict();
export type MailMessageQuery = z.output<typeof MailMessageQuery>;

/**
 * GET …/mailbox/messages/{messageId}: `?images=allow` keeps the HTML's remote images (http and
 * https `<img>` only; nothing else remote is ever kept). Unknown keys are refused.
 */
export const MailMessageView = z.object({ images: z.enum(['allow', 'block']).optional() }).strict();
export type MailMessageView = z.infer<typeof MailMessageView>;

export const MailAttachmentInfo = z.object({
  id: MailboxId,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  inline: z.boolean(),
  contentId: z.string().nullable(),
});

/**
 * GET …/mailbox/messages/{messageId}: `html` is sanitized on the server (no scripts, event
 * handlers, javascript: URLs, frames, forms, nor remote resources unless `?images=allow`).
 * An inline image (`<img src="cid:…">`) points at its attachment's URL
 * (`{publicUrl}/api/v1/accounts/{id}/mailbox/messages/{messageId}/attachments/{attachmentId}`),
 * which needs the caller's key or session like any other call; an image naming no part of the
 * message is removed. MIME that cannot be parsed comes back as `text` (the raw message as text).
 */
export const MailMessageDetail = MailMessageSummary.extend({
  replyTo: z.array(MailAddress),
  bcc: z.array(MailAddress),
  internetMessageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  text: z.string().nullable(),
  html: z.string().nullable(),
  /** Whether the HTML named remote images that were left out (ask again with ?images=allow). */
  remoteImagesBlocked: z.boolean(),
  attachments: z.array(MailAttachmentInfo),
});
export type MailMessageDetail = z.infer<typeof MailMessageDetail>;

/** PATCH …/mailbox/messages/{messageId}: written back to the mailbox, then reflected in the store. */
export const MailMessagePatch = z
  // folderId: a folder's id, or its role (inbox, sent, drafts, trash, junk, archive).
  .object({ unread: z.boolean().optional(), flagged: z.boolean().optional(), folderId: MailboxId.describe('Move to this folder: an id from GET …/mailbox/folders, or a role such as archive').optional() })
  .strict()
  .refine((p) => p.unread !== undefined || p.flagged !== undefined || p.folderId !== undefined, { message: 'give unread, flagged or folderId' });
export type MailMessagePatch = z.infer<typeof MailMessagePatch>;

/** POST …/reply: to the sender (or everyone with `all`), with In-Reply-To, References and the quoted original. */
export const ReplyInput = z
  .object({
    all: z.boolean().optional(),
    text: multiLine().optional(),
    html: multiLine().optional(),
    attachments: z.array(Attachment).max(250).optional(),
  })
  .strict()
  .refine((m) => m.text !== undefined || m.html !== undefined, { message: 'give text or html (or both)', path: ['text'] });
export type ReplyInput = z.infer<typeof ReplyInput>;

/** POST …/forward. */
export const ForwardInput = z
  .object({
    to: z.union([EmailAddress, z.array(EmailAddress).min(1).max(500)]),
    cc: z.union([EmailAddress, z.array(EmailAddress).max(500)]).optional(),
    text: multiLine().optional(),
    html: multiLine().optional(),
  })
  .strict();
export type ForwardInput = z.infer<typeof ForwardInput>;
