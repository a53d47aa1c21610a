import { z } from 'zod';
import { IsoDateTime, singleLine } from './common.js';
import { Diagnosis } from './diagnosis-codes.js';
import { page, PageQuery } from './paging.js';
import { OutboxStatus } from './outbox.js';

/** Everything an endpoint can subscribe to; `*` is all of them. */
export const webhookEventTypes = [
  'message.queued',
  'message.accepted',
  'message.retrying',
  'message.failed',
  'message.cancelled',
  'message.received',
  'account.linked',
  'account.reconnect_needed',
  'account.unlinked',
  'client_secret.expiring',
  'client_secret.expired',
  'certificate.expiring',
  'certificate.expired',
] as const;
export const WebhookEventType = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const Events = z.array(z.union([WebhookEventType, z.literal('*')])).min(1).max(webhookEventTypes.length + 1);

export const WebhookCreate = z
  .object({
    url: z.string().max(2048).describe('https (plain http only to loopback with MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE=true)'),
    events: Events,
    description: singleLine(500).optional(),
  })
  .strict();
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookPatch = z
  .object({ url: z.string().max(2048).optional(), events: Events.optional(), description: singleLine(500).nullable().optional(), enabled: z.boolean().optional() })
  .strict();
export type WebhookPatch = z.infer<typeof WebhookPatch>;

export const WebhookView = z.object({
  id: z.string(),
  userId: z.string(),
  /** `all`: an administrator's endpoint (every account, and app events); `own`: the owner's accounts. */
  scope: z.enum(['all', 'own']),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** Why Mailbridge disabled it (every delivery failed for 24 hours), if it did. */
  disabledReason: z.string().nullable(),
  /** Until then the previous secret signs too, so receivers can switch without losing deliveries. */
  previousSecretUntil: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type WebhookView = z.infer<typeof WebhookView>;
/** Shown once: the signing secret (`whsec_` + base64), as Standard Webhooks defines it. */
export const WebhookWithSecret = WebhookView.extend({ secret: z.string() });
export const WebhookPage = page(WebhookView);

export const WebhookDelivery = z.object({
  id: z.string(),
  /** The `webhook-id` header: the same for every attempt of one event. */
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  at: IsoDateTime,
});
export const WebhookDeliveryPage = page(WebhookDelivery);
export const WebhookDeliveryQuery = PageQuery;

/**
 * A delivery's body (Standard Webhooks: `{type, timestamp, data}`). Account and message events
 * carry the account and its per-account `sequence`; message events add the message's state and
 * its diagnosis (in English); app events carry the app and the expiry, and no sequence.
 */
export const WebhookPayload = z.object({
  type: z.union([WebhookEventType, z.literal('webhook.test')]),
  timestamp: IsoDateTime,
  data: z.object({
    accountId: z.string().optional(),
    sequence: z.number().int().optional(),
    messageId: z.string().optional(),
    status: OutboxStatus.optional(),
    internetMessageId: z.string().optional(),
    diagnosis: Diagnosis.nullable().optional(),
    address: z.string().optional(),
    appId: z.string().optional(),
    expiresAt: IsoDateTime.optional(),
    /** certificate.expiring / certificate.expired: which certificate (base64url SHA-256, its `x5t#S256`). */
    thumbprintSha256: z.string().optional(),
    /** message.received: the new message of the mailbox, as GET …/mailbox/messages/{mailboxMessageId} reads it. */
    mailboxMessageId: z.string().optional(),
    folderId: z.string().optional(),
    from: z.object({ address: z.string(), name: z.string().optional() }).nullable().optional(),
    subject: z.string().optional(),
    date: IsoDateTime.optional(),
  }),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
