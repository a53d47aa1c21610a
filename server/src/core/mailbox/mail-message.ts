import type { MailAddress as MailAddressSchema } from '@mailbridge/contract';
import type { z } from 'zod';

export type MailAddress = z.infer<typeof MailAddressSchema>;

/**
 * A message of an account's mailbox as Mailbridge keeps it: the envelope and flags (the body is
 * fetched on demand, MailBodyRepository). `id` is Mailbridge's own; `remoteId` is the provider's
 * within the folder: the IMAP UID in decimal, or the Graph immutable id.
 */
export interface MailMessage {
  id: string;
  accountId: string;
  folderId: string;
  remoteId: string;
  /** The `Message-ID` header, angle brackets included; null when the message has none. */
  internetMessageId: string | null;
  /** Shared by the messages of one conversation (from References / In-Reply-To, or Graph's conversationId). */
  threadKey: string;
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress[];
  date: Date;
  unread: boolean;
  flagged: boolean;
  hasAttachments: boolean;
  /** In bytes (RFC822.SIZE, or Graph's size). */
  size: number;
  snippet: string;
  inReplyTo: string | null;
  references: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A message as the sync reads it from the provider: Mailbridge adds the id, folder and times. */
export type IncomingMailMessage = Omit<MailMessage, 'id' | 'accountId' | 'folderId' | 'createdAt' | 'updatedAt'>;

export interface MailFlags {
  unread: boolean;
  flagged: boolean;
}

/** A message by Mailbridge's id, or by its place in a folder of the mailbox. */
export type MailMessageRef = { id: string } | { folderId: string; remoteId: string };

/** The list's filters (GET …/mailbox/messages), of one account. */
export interface MailMessageFilter {
  folderId?: string | undefined;
  /** The messages of one conversation, in every folder (the list's `threadId`). */
  threadKey?: string | undefined;
  unread?: boolean | undefined;
  flagged?: boolean | undefined;
  /** The sender's address, without regard to case. */
  from?: string | undefined;
  /** Messages dated at or after. */
  since?: Date | undefined;
  /** Messages dated before. */
  before?: Date | undefined;
  /** Words searched in subject, sender and snippet (full text, each word a prefix). */
  q?: string | undefined;
}
