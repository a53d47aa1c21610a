import type { Cloud, TokenResource } from '../domain.js';
import type { DeliveryGuarantee, OutgoingContent, UploadProgress } from '../outbox/outbox-message.js';
import type { OutgoingAttachment } from '../ports.js';
import type { Sensitive } from '../sensitive.js';
import { ProviderRejectedError, type MailbridgeErrorOptions } from '../errors.js';

/** How far a message got with Microsoft, as recorded before each step (see `DeliveryJob.checkpoint`). */
export interface DeliveryProgress {
  /** The draft holding the message (Graph, immutable id), once created. */
  draftId: string | null;
  /** When the call that makes Microsoft accept the message was started. */
  sendStartedAt: Date | null;
  /** The attachment upload session in progress (Graph, large attachments). */
  upload: UploadProgress | null;
}

/** One attempt to hand a message to Microsoft. */
export interface DeliveryJob {
  cloud: Cloud;
  /** A token for the method's resource (`SendingMethodEntry.resource`): never another resource's. */
  accessToken: Sensitive;
  /**
   * The mailbox that signed in: `address` is who authenticates (SMTP's XOAUTH2 `user=`, even when
   * the message is from a shared mailbox it may send as); `personal`: an Outlook.com account.
   * `appOnly`: nobody signed in: the organisation app acts on this mailbox with an app-only token
   * (a service mailbox), so Graph addresses it as `/users/{address}`, never `/me`.
   */
  mailbox: { address: string; personal: boolean; appOnly?: boolean };
  content: OutgoingContent;
  /** The Message-ID Mailbridge generated (`<…@…>`). */
  internetMessageId: string;
  guarantee: DeliveryGuarantee;
  /** 1 for the first attempt. A later one may follow a crash that recorded less than happened. */
  attempt: number;
  progress: DeliveryProgress;
  /** Stores progress before the step that depends on it; throws if the message was taken away. */
  checkpoint(progress: Partial<DeliveryProgress>): Promise<void>;
  /** Bytes [start, end) of an attachment's stored file. */
  readAttachment(a: OutgoingAttachment, start: number, end: number): Promise<Buffer>;
  now(): Date;
}

/**
 * A way of handing messages to a mailbox provider (Graph today; SMTP later). Resolves when the
 * provider accepted the message (never "delivered"); throws a MailbridgeError otherwise.
 */
export interface MailSender {
  deliver(job: DeliveryJob): Promise<void>;
  /** Removes what an attempt left behind (a draft) once the message will not be sent. */
  discard(job: Pick<DeliveryJob, 'cloud' | 'accessToken' | 'progress' | 'mailbox'>): Promise<void>;
}

/** What the outbox needs to know of a sending method (docs/architecture.md rule 6: provider differences as data). */
export interface SendingMethodEntry {
  sender: MailSender;
  /** The guarantee an account has with what its grant allows (`granted`: Microsoft's scope answer). */
  guarantee(granted: string | null, requestsReadWrite: boolean): DeliveryGuarantee;
  /**
   * The most a message may weigh (files base64-encoded) when, without `exactly_once`, it must go
   * in one request; null when the method has no such bound.
   */
  singleRequestBytes: number | null;
  /** Whose token the sender needs: Graph's, or Exchange Online's SMTP/IMAP resource (Outlook). */
  resource: TokenResource;
  /**
   * The organisation app sends with application permissions (service mailboxes): app-only tokens
   * (core/apps/app-only-tokens.ts) instead of the account's, and nothing to link.
   */
  appOnly?: true;
}

/**
 * App-only: Graph refused to create a draft in the mailbox (403) before anything was recorded.
 * Exchange answers a missing "Application Mail.ReadWrite" role like any other refusal, so the
 * outbox tries sendMail (at least once) next, which tells whether Mail.Send is there at all.
 */
export class DraftsRefused extends ProviderRejectedError {
  constructor(message: string, opts: MailbridgeErrorOptions = {}) {
    super(message, opts);
  }
}
