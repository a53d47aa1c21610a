import type { Locale, MessageView } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import type { OutboxMessage } from '../../../core/outbox/outbox-message.js';
import { describe } from '../../../core/diagnosis/describe.js';
import type { DiagnosisCode } from '../../../core/domain.js';
import { deliveryGuarantee } from '../../../core/outbox/delivery-guarantee.js';
import { findAppFor } from '../../../core/apps/resolve-app.js';

type Guarantees = Map<string, Promise<MessageView['guarantee']>>;

/**
 * A message as the API shows it: its state, its diagnosis in the reader's language, its history.
 * `guarantees`: shared by the messages of one list, so each account's is looked up once.
 */
export async function presentMessage(deps: Deps, m: OutboxMessage, locale: Locale, guarantees: Guarantees = new Map()): Promise<MessageView> {
  const events = await deps.store.events.listForMessage(m.id);
  if (m.guarantee === null && !guarantees.has(m.accountId)) guarantees.set(m.accountId, guaranteeBeforeFirstAttempt(deps, m));
  const guarantee = m.guarantee ?? (await guarantees.get(m.accountId)!);
  return {
    id: m.id,
    accountId: m.accountId,
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: ['queued', 'scheduled', 'retrying'].includes(m.status) && !m.held ? m.nextAttemptAt.toISOString() : null,
    lastDiagnosis: m.lastDiagnosis ? describe(locale, m.lastDiagnosis.diagnosis, m.lastDiagnosis.params) : null,
    createdAt: m.createdAt.toISOString(),
    acceptedAt: m.acceptedAt?.toISOString() ?? null,
    internetMessageId: m.internetMessageId,
    guarantee,
    recipientCount: m.recipientCount,
    history: events.map((e) => {
      const code = e.data.diagnosis as DiagnosisCode | undefined;
      // Events keep the code; the last diagnosis's values (a limit, Microsoft's text) fill it where they match.
      const params = code && m.lastDiagnosis?.diagnosis === code ? m.lastDiagnosis.params : {};
      const removed = Array.isArray(e.data.removedRecipients) ? { removedRecipients: e.data.removedRecipients as string[] } : {};
      return { at: e.at.toISOString(), status: e.data.status as MessageView['status'], ...(code ? { diagnosis: describe(locale, code, params) } : {}), ...removed };
    }),
  };
}

/** Not tried yet: the guarantee its account would give it now. */
async function guaranteeBeforeFirstAttempt(deps: Deps, m: OutboxMessage): Promise<MessageView['guarantee']> {
  const account = await deps.store.accounts.get(m.accountId);
  if (!account) return 'at_least_once';
  return deliveryGuarantee(deps, account, (await findAppFor(deps.store, account)).app);
}
