import { messages, fill, type Locale, type TestMessage } from '@mailbridge/contract';
import type { Actor, SendingMethod } from '../domain.js';
import type { Deps } from '../deps.js';
import { MailbridgeError } from '../errors.js';
import { stageBase64Files } from '../attachments/stage-base64-files.js';
import { fieldsBytes, type MessageFields } from '../sending/to-outgoing.js';
import { queueMessage } from './queue-message.js';
import { prepareSend } from './prepare-send.js';
import { diagnosisOutcomes } from '../diagnosis/outcomes.js';
import type { OutboxMessage } from './outbox-message.js';
import { FINAL_STATUSES } from './outbox-message.js';

/** How the test email names the way it went (product names: the same in every language). */
const METHOD_NAMES: Record<SendingMethod, string> = { graph: 'Microsoft Graph', smtp_imap: 'SMTP (OAuth 2.0)', graph_app: 'Microsoft Graph (application permissions)' };

/** How long the test email waits for Microsoft's answer before answering with the current state. */
export const TEST_WAIT_MS = 30_000;

/**
 * POST /accounts/{id}/test: a short message in the user's language through the outbox, like any
 * other, with the default sending values. It waits (up to 30 s) for Microsoft to accept or
 * refuse it, so the page's answer stays honest: a refusal comes back as the error with its
 * diagnosis. It may carry a file, to try attachments (the same limits as any message).
 */
export async function sendTest(deps: Deps, actor: Actor, accountId: string, test: TestMessage, locale: Locale): Promise<OutboxMessage> {
  const prepared = await prepareSend(deps, actor, accountId);
  const t = messages[locale].test;
  const address = prepared.account.linkedAddress ?? prepared.account.email;
  const words = { address, method: METHOD_NAMES[prepared.account.sendingMethod] };
  const input: MessageFields = { to: test.to, subject: t.subject, text: fill(t.text, words), html: fill(t.html, words), headers: { 'X-Mailbridge-Test': '1' } };
  const files = await stageBase64Files(deps, actor.userId, prepared.sizeGuard(fieldsBytes(input)), test.attachment ? [test.attachment] : []);
  const { message } = await queueMessage(deps, actor, prepared, { input, files });
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
