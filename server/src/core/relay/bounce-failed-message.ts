import { readyToSend } from '../accounts/service-mailbox.js';
import { describe } from '../diagnosis/describe.js';
import { diagnosisOutcomes, isAccountProblem } from '../diagnosis/outcomes.js';
import type { DiagnosisCode, Problem } from '../domain.js';
import type { Deps } from '../deps.js';
import { recordEvent } from '../events/record-event.js';
import { messageEvent } from '../outbox/message-event.js';
import { newMessageId } from '../outbox/new-message-id.js';
import { newOutboxMessage } from '../outbox/new-outbox-message.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import type { DsnReport, Store } from '../ports.js';

/** The reply of a message whose budget ran out with no diagnosis recorded (RFC 3463 §3.5: X.4.7 delivery time expired). */
const EXPIRED = '451 4.4.7 The message could not be handed to Microsoft in time';

/** The most of the failed message's header block a notification carries back. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * A relayed message failed after the relay said 250: unless told not to, a delivery status
 * notification (RFC 3464) goes back to its envelope sender through the same mailbox, queued in
 * the caller's transaction so it is owned as soon as the failure is (issue 12). None when the
 * credential has bounces off or the sender was `<>` (origin.bounceTo null), none for a
 * notification (origin `dsn`), and none when the mailbox itself cannot send (an account problem,
 * a person must relink or fix the app, or the account is not linked): then only the webhook and
 * the page say so. True when one was queued (the caller wakes the worker after its commit).
 */
export async function bounceFailedMessage(tx: Store, deps: Pick<Deps, 'outbox' | 'publicUrl'>, failed: OutboxMessage, problem: Problem | null, now: Date): Promise<boolean> {
  const origin = failed.origin;
  if (origin?.kind !== 'relay' || origin.bounceTo === null) return false;
  if (problem && mailboxCannotSend(problem.diagnosis)) return false;
  const account = await tx.accounts.get(failed.accountId);
  // A service mailbox (app-only) sends without ever being linked: it can bounce as it sends.
  if (!account || !readyToSend(account)) return false;
  const content = (failed.content ?? (await tx.outbox.get(failed.id))?.content) ?? null;
  if (content?.kind !== 'mime' || content.envelope.to.length === 0) return false;

  const mailbox = account.linkedAddress ?? account.email;
  const internetMessageId = newMessageId(mailbox, 'dsn.');
  const reply = oneLine(problem ? diagnosisOutcomes[problem.diagnosis as DiagnosisCode]?.smtp ?? diagnosisOutcomes.unknown.smtp : EXPIRED);
  const status = /^\d{3} (\d\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? '5.0.0';
  const report: DsnReport = {
    from: mailbox,
    to: origin.bounceTo,
    messageId: internetMessageId,
    date: now,
    reportingMta: new URL(deps.publicUrl).hostname,
    arrivalDate: failed.createdAt,
    recipients: content.envelope.to.map((address) => ({ address, status, reply })),
    explanation: explanation(content.envelope.to, problem, reply),
    originalHeaders: headerBlock(content.mime),
  };
  const dsn = newOutboxMessage({
    accountId: account.id,
    userId: failed.userId,
    content: { kind: 'mime', mime: deps.outbox.dsn.compose(report), envelope: { from: mailbox, to: [origin.bounceTo] } },
    recipientCount: 1,
    internetMessageId,
    origin: { kind: 'dsn' },
  }, now);
  await tx.outbox.insert(dsn);
  await recordEvent(tx, messageEvent(dsn, 'queued', now)!, account.userId);
  return true;
}

/** The mailbox's own trouble (Mail.Send missing, no Exchange Online, …) or one a person must fix first. */
const mailboxCannotSend = (diagnosis: string): boolean => isAccountProblem(diagnosis) || diagnosisOutcomes[diagnosis as DiagnosisCode]?.outcome === 'hold';

function explanation(recipients: string[], problem: Problem | null, reply: string): string {
  const why = problem ? describe('en', problem.diagnosis as DiagnosisCode, problem.params ?? {}).cause : 'Microsoft did not take the message before it expired.';
  return [
    'This is the mail system at Mailbridge.',
    '',
    "Your message could not be delivered to the following recipients. It was accepted by Mailbridge's SMTP relay, then refused when it was handed to Microsoft.",
    '',
    ...recipients.map((r) => `  <${oneLine(r)}>`),
    '',
    `Reason: ${oneLine(why)}`,
    // The cause often quotes Microsoft already: its words once.
    ...(problem?.microsoftText && !why.includes(problem.microsoftText) ? [`Microsoft said: ${oneLine(problem.microsoftText)}`] : []),
    `Reply: ${reply}`,
    '',
    "The failed message's headers are attached.",
  ].join('\r\n');
}

/** The failed message's header block (up to its first empty line), bounded. */
function headerBlock(mime: Buffer): Buffer {
  const crlf = mime.indexOf('\r\n\r\n');
  const lf = mime.indexOf('\n\n');
  const end = [crlf === -1 ? -1 : crlf + 2, lf === -1 ? -1 : lf + 1].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? mime.length;
  return mime.subarray(0, Math.min(end, MAX_HEADER_BYTES));
}

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

