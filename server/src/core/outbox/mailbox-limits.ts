import { DEFAULT_MAILBOX_LIMITS } from '@mailbridge/contract';
import type { MailAccount } from '../domain.js';

export type EffectiveLimits = { concurrency: number; perMinute: number; recipientsPerDay: number; maxMessageMB: number };

/** Exchange Online's per-mailbox limits, with the account's own changes. */
export const mailboxLimits = (account: Pick<MailAccount, 'limits'>): EffectiveLimits => ({ ...DEFAULT_MAILBOX_LIMITS, ...account.limits });
