import { messages, fill, type Locale } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { MailbridgeError } from '../errors.js';
import { loadAccount } from '../accounts/load-account.js';
import { queueMessage } from './queue-message.js';
import { diagnosisOutcomes } from '../diagnosis/outcomes.js';
import type { OutboxMessage } from './outbox-message.js';
import { FINAL_STATUSES } from './outbox-message.js';

/** How long the test email waits for Microsoft's answer before answering with the current state. */
export const TEST_WAIT_MS = 30_000;

/**
 * POST /accounts/{id}/test: a short message in the user's language through the outbox, like any
 * other, with the default sending values. It waits (up to 30 s) for Microsoft to accept or
 * refuse it, so the page's answer stays honest: a refusal comes back as the error with its
 * diagnosis.
 */
export async function sendTest(deps: Deps, actor: Actor, accountId: string, to: string, locale: Locale): Promise<OutboxMessage> {
  const account = await loadAccount(deps.store, actor, accountId);
  const t = messages[locale].test;
  const address = account.linkedAddress ?? account.email;
  const { message } = await queueMessage(deps, actor, accountId, {
    input: { to, subject: t.subject, text: fill(t.text, { address }), html: fill(t.html, { address }), headers: { 'X-Mailbridge-Test': '1' } },
  });
  const deadline = Date.now() + TEST_WAIT_MS;
  let current = message;
  while (!FINAL_STATUSES.includes(current.status) && !(current.held && current.lastDiagnosis) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    current = (await deps.store.outbox.get(message.id, { withContent: false })) ?? current;
  }
  if (current.status === 'failed' || current.held) {
    const p = current.lastDiagnosis;
    throw new TestFailed(p?.message ?? 'The test email failed', p);
  }
  return current;
}

/** The test's failure, carrying the stored diagnosis back as the API error its diagnosis names. */
class TestFailed extends MailbridgeError {
  constructor(message: string, p: OutboxMessage['lastDiagnosis']) {
    super(diagnosisOutcomes[p?.diagnosis ?? 'unknown'].api, message, {
      ...(p ? { diagnosis: p.diagnosis } : {}),
      ...(p?.params ? { params: p.params } : {}),
      ...(p?.microsoftText ? { microsoftText: p.microsoftText } : {}),
    });
  }
}
