import type { DeliveryGuarantee, OutboxStatus } from '@mailbridge/contract';
import type { Problem } from '../domain.js';
import type { OutgoingMessage } from '../ports.js';
import type { Sensitive } from '../sensitive.js';

export type { DeliveryGuarantee, OutboxStatus };

/**
 * What a queued message carries to Microsoft: a structured message (the REST API), or raw MIME
 * with its envelope (the SMTP relay, a later issue). The envelope decides who receives.
 */
export type OutgoingContent =
  | { kind: 'message'; message: OutgoingMessage }
  | { kind: 'mime'; mime: Buffer; envelope: { from: string; to: string[] } };

/**
 * An upload session in progress (Graph, issue 9): which attachment it is for and its URL. The URL
 * is a bearer credential (pre-authenticated): kept as Sensitive, stored encrypted.
 */
export interface UploadProgress {
  index: number;
  url: Sensitive;
}

/**
 * Where a message came from, when not the API: the SMTP relay (issue 12), with the credential that
 * sent it and where a delivery status notification goes if Microsoft refuses it after the relay
 * said 250 (`bounceTo`: the envelope sender, or null when the credential has bounces off or the
 * sender was `MAIL FROM:<>`, RFC 5321 §4.5.5).
 */
export type MessageOrigin =
  | { kind: 'relay'; credentialId: string; bounceTo: string | null }
  /** A delivery status notification Mailbridge wrote for a failed relayed message: never bounced itself. */
  | { kind: 'dsn' };

/** One message in the outbox. Its content is stored encrypted and dropped once it is final. */
export interface OutboxMessage {
  id: string;
  accountId: string;
  /** Who queued it. */
  userId: string;
  status: OutboxStatus;
  content: OutgoingContent | null;
  recipientCount: number;
  /** The Message-ID Mailbridge generated; Microsoft keeps it, so a duplicate is recognisable. */
  internetMessageId: string;
  /** Decided at the first attempt, from what the account's grant allows. */
  guarantee: DeliveryGuarantee | null;
  attempts: number;
  /** When it should go: its `sendAt`, or when it was queued. The retry budget counts from here. */
  dueAt: Date;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
  acceptedAt: Date | null;
  lastDiagnosis: Problem | null;
  /** Waiting for a person (relink, fix the app): not claimed until released. */
  held: boolean;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** The Graph draft (immutable id) once created: the key to exactly-once after a crash. */
  draftId: string | null;
  /** Set just before the final call that makes Microsoft accept it (draft send, sendMail). */
  sendStartedAt: Date | null;
  /** The upload session of the attachment being uploaded, if any. */
  upload: UploadProgress | null;
  idempotencyKey: string | null;
  /** SHA-256 of the validated request, to tell a retried request from a different one. */
  requestHash: string | null;
  /** null for the API's messages. */
  origin: MessageOrigin | null;
}

/** States a message leaves only through a person or the worker. */
export const FINAL_STATUSES: readonly OutboxStatus[] = ['accepted', 'failed', 'cancelled'];
/** States a worker may claim from (and a person may cancel from). */
export const WAITING_STATUSES: readonly OutboxStatus[] = ['queued', 'scheduled', 'retrying'];
