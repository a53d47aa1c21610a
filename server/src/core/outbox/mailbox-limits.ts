import { DEFAULT_MAILBOX_LIMITS } from '@mailbridge/contract';
import type { MailAccount, SendingMethod } from '../domain.js';

export type EffectiveLimits = { concurrency: number; perMinute: number; recipientsPerDay: number; maxMessageMB: number };

/**
 * Requests at once per sending method: Graph's MailboxConcurrency (4), and Exchange Online's SMTP
 * submission, 3 connections per mailbox (docs/microsoft.md, SMTP and IMAP).
 */
const CONCURRENCY: Record<SendingMethod, number> = { graph: DEFAULT_MAILBOX_LIMITS.concurrency, smtp_imap: 3 };

/** Exchange Online's per-mailbox limits for the account's sending method, with the account's own changes. */
export const mailboxLimits = (account: Pick<MailAccount, 'limits' | 'sendingMethod'>): EffectiveLimits => ({
  ...DEFAULT_MAILBOX_LIMITS,
  concurrency: CONCURRENCY[account.sendingMethod],
  ...account.limits,
});
