import type { MailAccount, Problem, TokenResource } from '../domain.js';
import { CONSUMER_TENANT_ID } from '../domain.js';
import { AppProblemError, MailbridgeError, ReconnectNeededError, UnauthenticatedError } from '../errors.js';
import { markReconnectNeeded } from '../accounts/account-transitions.js';
import type { Deps } from '../deps.js';
import { requireAppFor } from '../apps/resolve-app.js';
import { requireSameApp } from '../accounts/require-same-app.js';
import { diagnosisOutcomes, isAccountProblem } from '../diagnosis/outcomes.js';
import { DraftsRefused, type DeliveryJob, type DeliveryProgress } from '../sending/mail-sender.js';
import type { Sensitive } from '../sensitive.js';
import { appOnlyGuarantee } from './delivery-guarantee.js';
import { markServiceMailboxWorking, refineAppOnlyRefusal } from '../apps/app-only-refusal.js';
import type { OutboxMessage } from './outbox-message.js';
import { nextAttemptDelayMs, withinBudget } from './retry-policy.js';
import { finishMessage } from './finish-message.js';
import { readAttachment } from '../attachments/read-attachment.js';

/** The lease on a message was lost (expired and taken by another instance): stop quietly. */
class LeaseLost extends Error {}

/**
 * One attempt at a message this process claimed: token, sender by sending method, hand-over to
 * Microsoft, then the outcome recorded with its event. A Graph 401 refreshes the token once and
 * tries once more. Every failure is sorted by its diagnosis (core/diagnosis/outcomes.ts): retry
 * with backoff, hold for a person, or fail.
 */
export async function deliverClaimed(deps: Deps, id: string, owner: string): Promise<void> {
  const message = await deps.store.outbox.get(id);
  if (!message || message.status !== 'sending' || message.leaseOwner !== owner) return;
  const account = await deps.store.accounts.get(message.accountId);
  if (!account || !message.content) {
    await finishMessage(deps, message, 'failed', problemOf(new MailbridgeError('not_found', 'The mail account no longer exists'), deps.clock.now()));
    return;
  }
  let progress: DeliveryProgress = { draftId: message.draftId, sendStartedAt: message.sendStartedAt, upload: message.upload };
  let cleanUp: (() => Promise<void>) | null = null;
  try {
    const app = await requireAppFor(deps.store, account);
    const method = deps.outbox.methods[account.sendingMethod];
    // A service mailbox (app-only) has no grant of its own: the organisation app's token acts on it.
    if (!method.appOnly) await requireSameApp(deps, account, app);
    const tokenFor = (rejected?: Sensitive) => (method.appOnly ? deps.appTokens.get(deps, app, rejected) : deps.tokens.get(deps, account, app, method.resource, rejected));
    let token = await tokenFor();
    let guarantee = message.guarantee ?? (method.appOnly ? appOnlyGuarantee(deps, account) : method.guarantee(await grantedScope(deps, account.id, method.resource), app.requestMailReadWrite));
    const mailbox = method.appOnly ? { address: account.email, personal: false, appOnly: true } : signedIn(account);
    const job = (): DeliveryJob => ({
      cloud: app.cloud,
      accessToken: token,
      mailbox,
      content: message.content!,
      internetMessageId: message.internetMessageId,
      guarantee,
      attempt: message.attempts,
      progress,
      now: () => deps.clock.now(),
      readAttachment: (a, start, end) => readAttachment(deps.store, a, start, end),
      // Durable: after a power loss the row must still say how far the message got, or the next
      // attempt could send it again (SQLite otherwise commits bookkeeping with synchronous=NORMAL).
      checkpoint: async (p) => {
        progress = { ...progress, ...p };
        const kept = await deps.store.transaction((tx) => tx.outbox.update(id, { ...p, guarantee, updatedAt: deps.clock.now() }, { statuses: ['sending'], leaseOwner: owner }), { durable: true });
        if (!kept) throw new LeaseLost();
      },
    });
    cleanUp = () => method.sender.discard({ cloud: app.cloud, accessToken: token, progress, mailbox });
    const attempt = async () => {
      try {
        await method.sender.deliver(job());
      } catch (e) {
        if (!(e instanceof UnauthenticatedError)) throw e;
        token = await tokenFor(token);
        try {
          await method.sender.deliver(job());
        } catch (again) {
          if (!(again instanceof UnauthenticatedError)) throw again;
          if (method.appOnly) throw new AppProblemError('Microsoft Graph refused a freshly issued app-only token', { diagnosis: 'unknown', ...(again.microsoftText ? { microsoftText: again.microsoftText } : {}) });
          throw await freshTokenRefused(deps, account.id, again, method.resource === 'graph' ? 'Microsoft Graph' : "Exchange Online's SMTP server");
        }
      }
    };
    try {
      await attempt();
    } catch (e) {
      // App-only, no draft made: without Mail.ReadWrite in this mailbox, sendMail (at least once).
      if (!(e instanceof DraftsRefused) || progress.draftId !== null) throw e;
      guarantee = 'at_least_once';
      await attempt();
      // Remembered only once sendMail went: a refusal of both is no permission at all.
      deps.appTokens.markDraftsRefused(account.email);
    }
    if (!(await finishMessage(deps, { ...message, guarantee }, 'accepted', null))) return;
    if (method.appOnly) await markServiceMailboxWorking(deps, account);
    else if (account.lastError && account.status === 'linked') await deps.store.accounts.update(account.id, { lastError: null, updatedAt: deps.clock.now() });
  } catch (e) {
    if (e instanceof LeaseLost) return;
    await failed(deps, message, account, account.sendingMethod === 'graph_app' ? await refineAppOnlyRefusal(deps, account, e) : e, cleanUp);
  }
}

async function failed(deps: Deps, message: OutboxMessage, account: MailAccount, e: unknown, cleanUp: (() => Promise<void>) | null): Promise<void> {
  const now = deps.clock.now();
  const error = e instanceof MailbridgeError ? e : new MailbridgeError('internal', `Mailbridge failed while sending: ${(e as Error)?.message ?? String(e)}`);
  const problem = problemOf(error, now);
  const outcome = e instanceof MailbridgeError ? outcomeOf(error) : 'retry';
  if (outcome === 'hold') {
    await finishMessage(deps, message, 'held', problem);
    // The mailbox's own trouble (SMTP AUTH switched off) shows on the account, with its fix.
    if (isAccountProblem(problem.diagnosis)) await deps.store.accounts.update(account.id, { lastError: problem, updatedAt: now });
    return;
  }
  if (outcome === 'retry') {
    const next = new Date(now.getTime() + nextAttemptDelayMs(message.attempts, error.retryAfter, deps.outbox.timing, deps.outbox.random));
    if (withinBudget(message.dueAt, next, deps.outbox.timing)) {
      await finishMessage(deps, message, 'retrying', problem, next);
      return;
    }
  }
  // Lost the lease meanwhile: another attempt owns the message now, and its outcome. Refused by
  // Microsoft (not out of budget): its draft is discarded below, so a retry starts afresh; should
  // the discard fail, the retry finds the draft again by its Message-ID.
  const forget = outcome === 'fail' ? { draftId: null, sendStartedAt: null } : {};
  if (!(await finishMessage(deps, message, 'failed', problem, undefined, forget))) return;
  if (isAccountProblem(problem.diagnosis)) await deps.store.accounts.update(account.id, { lastError: problem, updatedAt: now });
  await cleanUp?.().catch(() => {}); // no stray draft (the sender deletes only what is still a draft)
}

/**
 * Microsoft refused a token it just issued: the grant no longer works for this mailbox, so its user
 * must link again. The account is marked (its messages wait) instead of refreshing in a loop.
 */
async function freshTokenRefused(deps: Deps, accountId: string, e: UnauthenticatedError, who: string): Promise<ReconnectNeededError> {
  const text = e.microsoftText ?? e.message;
  const error = new ReconnectNeededError(`${who} refused a freshly refreshed token`, { diagnosis: 'unknown', params: { microsoftText: text }, microsoftText: text });
  await markReconnectNeeded(deps, accountId, error.toProblem(deps.clock.now()));
  return error;
}

/** Transient Microsoft trouble retries; a person's problem holds; the rest fails (by diagnosis). */
function outcomeOf(e: MailbridgeError): 'retry' | 'hold' | 'fail' {
  if (e.code === 'throttled' || e.code === 'provider_unavailable') return 'retry';
  if (e.code === 'reconnect_needed' || e.code === 'app_problem' || e.code === 'not_linked') return 'hold';
  return diagnosisOutcomes[e.diagnosis ?? 'unknown'].outcome;
}

const problemOf = (e: MailbridgeError, at: Date): Problem => e.toProblem(at);

const grantedScope = async (deps: Deps, accountId: string, resource: TokenResource): Promise<string | null> =>
  deps.tokens.grantedScope(accountId, resource) ?? (await deps.store.tokens.get(accountId, resource))?.scope ?? null;

/** Who authenticates: the mailbox that signed in (never a shared mailbox it sends as). */
const signedIn = (account: MailAccount): DeliveryJob['mailbox'] => ({
  address: account.linkedAddress ?? account.email,
  personal: account.msTenantId === CONSUMER_TENANT_ID,
});
