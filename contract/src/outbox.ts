import { z } from 'zod';
import { IsoDateTime } from './common.js';
import { Diagnosis } from './diagnosis-codes.js';
import { page, PageQuery } from './paging.js';

/**
 * Where an outgoing message is. `accepted` means Microsoft accepted it for delivery, never that
 * it was delivered. A message held for a person to act (relink, fix the app) stays `queued` with
 * its `lastDiagnosis` set.
 */
export const OutboxStatus = z.enum(['queued', 'scheduled', 'sending', 'retrying', 'accepted', 'failed', 'cancelled']);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

/**
 * `exactly_once`: sent through a Graph draft whose fate Mailbridge can look up after a crash
 * (needs Mail.ReadWrite). `at_least_once`: a crash at the wrong moment can send it twice; its
 * Message-ID is stable, so a duplicate is recognisable.
 */
export const DeliveryGuarantee = z.enum(['exactly_once', 'at_least_once']);
export type DeliveryGuarantee = z.infer<typeof DeliveryGuarantee>;

/** POST …/messages answers as soon as the message is committed. */
export const MessageQueued = z.object({ id: z.string(), status: OutboxStatus });
export type MessageQueued = z.infer<typeof MessageQueued>;

export const MessageHistoryEntry = z.object({
  at: IsoDateTime,
  status: OutboxStatus,
  diagnosis: Diagnosis.optional(),
  /** SMTP relay (issue 12): To/Cc addresses that were not envelope recipients, taken out before sending. */
  removedRecipients: z.array(z.string()).optional(),
});

export const MessageView = z.object({
  id: z.string(),
  accountId: z.string(),
  status: OutboxStatus,
  attempts: z.number().int(),
  nextAttemptAt: IsoDateTime.nullable(),
  lastDiagnosis: Diagnosis.nullable(),
  createdAt: IsoDateTime,
  acceptedAt: IsoDateTime.nullable(),
  internetMessageId: z.string(),
  guarantee: DeliveryGuarantee,
  /** Subject and recipient count, so a list can be read by a person. */
  subject: z.string().optional(),
  recipientCount: z.number().int(),
  history: z.array(MessageHistoryEntry),
});
export type MessageView = z.infer<typeof MessageView>;

export const OutboxQuery = PageQuery.extend({ status: OutboxStatus.optional() }).strict();
export type OutboxQuery = z.output<typeof OutboxQuery>;
export const OutboxPage = page(MessageView);

/** Exchange Online's per-mailbox sending limits, which an account may change (tenants raise them). */
export const MailboxLimits = z
  .object({
    concurrency: z.number().int().min(1).max(16).optional().describe('Requests at once (Graph MailboxConcurrency: 4)'),
    perMinute: z.number().int().min(1).max(1000).optional().describe('Messages per minute (Exchange Online: 30)'),
    recipientsPerDay: z.number().int().min(1).max(1_000_000).optional().describe('Recipients per rolling 24 hours (Exchange Online: 10,000)'),
    maxMessageMB: z
      .number()
      .int()
      .min(1)
      .max(200)
      .optional()
      .describe("The mailbox's maximum send size in MB, measured on the encoded message (Exchange Online: 35; tenants raise it up to 150, which a 150 MB file needs: 200)"),
  })
  .strict();
export type MailboxLimits = z.infer<typeof MailboxLimits>;
export const MailboxLimitsView = z.object({ concurrency: z.number().int(), perMinute: z.number().int(), recipientsPerDay: z.number().int(), maxMessageMB: z.number().int() });

/** The defaults: Exchange Online's limits (learn.microsoft.com: graph/throttling-limits, exchange-online-limits). */
export const DEFAULT_MAILBOX_LIMITS = { concurrency: 4, perMinute: 30, recipientsPerDay: 10_000, maxMessageMB: 35 } as const;
