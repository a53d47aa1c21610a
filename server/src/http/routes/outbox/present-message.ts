import type { Locale, MessageView } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import type { OutboxMessage } from '../../../core/outbox/outbox-message.js';
import { describe } from '../../../core/diagnosis/describe.js';
import type { DiagnosisCode } from '../../../core/domain.js';

/** A message as the API shows it: its state, its diagnosis in the reader's language, its history. */
export async function presentMessage(deps: Pick<Deps, 'store'>, m: OutboxMessage, locale: Locale, withHistory = true): Promise<MessageView> {
  const events = withHistory ? await deps.store.events.listForMessage(m.id) : [];
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
    guarantee: m.guarantee ?? 'exactly_once',
    recipientCount: m.recipientCount,
    history: events.map((e) => {
      const code = e.data.diagnosis as DiagnosisCode | undefined;
      return { at: e.at.toISOString(), status: e.data.status as MessageView['status'], ...(code ? { diagnosis: describe(locale, code) } : {}) };
    }),
  };
}
