import { DEFAULT_MAILBOX_LIMITS } from '@mailbridge/contract';
import type { MailAccount, SendingMethod } from '../domain.js';

export type EffectiveLimits = { concurrency: number; perMinute: number; recipientsPerDay: number; maxMessageMB: number };

/**
 * Requests at once per sending method: Graph's MailboxConcurrency (4), and Exchange Online's SMTP
 * submission, 3 connections per mailbox (docs/microsoft.md, SMTP and IMAP).
 */
const CONCURRENCY: Record<SendingMethod, number> = { graph: DEFAULT_MAILBOX_LIMITS.concurrency, smtp_imap: 3, graph_app: DEFAULT_MAILBOX_LIMITS.concurrency };

/**
 * The most an account may raise its concurrency to: SMTP's 3 is Exchange Online's hard limit (a
 * 4th connection is refused), Graph's 4 can be raised for a tenant.
 */
const MAX_CONCURRENCY: Record<SendingMethod, number> = { graph: 16, smtp_imap: 3, graph_app: 16 };

/** Exchange Online's per-mailbox limits for the account's sending method, with the account's own changes. */
export function mailboxLimits(account: Pick<MailAccount, 'limits' | 'sendingMethod'>): EffectiveLimits {
  const limits = { ...DEFAULT_MAILBOX_LIMITS, concurrency: CONCURRENCY[account.sendingMethod], ...account.limits };
  return { ...limits, concurrency: Math.min(limits.concurrency, MAX_CONCURRENCY[account.sendingMethod]) };
}
