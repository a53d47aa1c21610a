import type { MailAccount, Problem, TokenResource, TokenSet } from '../domain.js';
import { NOT_LINKED } from '../domain.js';
import type { Deps } from '../deps.js';
import type { Store } from '../ports.js';
import { MailbridgeError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';

/**
 * The one place where an account's link state changes. Each change, its event and what it means
 * for the account's queued messages commit in one transaction (issue 7): linked → held messages
 * go; unlinked or reconnect needed → they wait, queued, with the reason.
 */
type TransitionDeps = Pick<Deps, 'store' | 'tokens' | 'clock'> & Partial<Pick<Deps, 'outbox' | 'reading'>>;

export async function markLinked(
  deps: TransitionDeps,
  accountId: string,
  /** The new grant's tokens, by resource: they replace every token the account had. */
  tokens: Partial<Record<TokenResource, TokenSet>>,
  link: Pick<MailAccount, 'linkedAddress' | 'msTenantId' | 'msObjectId' | 'linkedAppKey'>,
): Promise<void> {
  const now = deps.clock.now();
  deps.tokens.forget(accountId);
  await deps.store.transaction(async (tx) => {
    await tx.tokens.delete(accountId);
    for (const [resource, set] of Object.entries(tokens) as Array<[TokenResource, TokenSet]>) await tx.tokens.save(accountId, set, resource);
    await tx.accounts.update(accountId, { status: 'linked', ...link, linkedAt: now, lastError: null, updatedAt: now });
    await recordEvent(tx, { type: 'account.linked', accountId, data: { address: link.linkedAddress }, at: now });
    await tx.outbox.release(accountId, now);
    // A sync stopped for want of a link or a permission starts again with the new grant.
    const reading = await tx.mailboxState.get(accountId);
    if (reading?.reading && reading.status === 'error') await tx.mailboxState.update(accountId, { status: reading.lastSyncAt ? 'reconnecting' : 'initial_sync', lastError: null }, now);
  });
  deps.outbox?.wake();
  deps.reading?.wake(accountId);
}

export async function markUnlinked(deps: TransitionDeps, accountId: string): Promise<void> {
  const now = deps.clock.now();
  deps.tokens.forget(accountId);
  const problem = new MailbridgeError('not_linked', 'The mailbox was unlinked', { diagnosis: 'mailbox_unlinked' }).toProblem(now);
  await deps.store.transaction(async (tx) => {
    await tx.tokens.delete(accountId);
    await tx.accounts.update(accountId, { ...NOT_LINKED, updatedAt: now });
    await recordEvent(tx, { type: 'account.unlinked', accountId, data: {}, at: now });
    await tx.outbox.hold(accountId, problem, now);
  });
  deps.outbox?.wake(); // its event is committed: webhooks deliver it now
}

/**
 * The user must link again (grant expired or revoked, app changed, …). `onlyIf`, run in the
 * transaction: skip when it answers false (e.g. a relink brought a new grant meanwhile).
 */
export async function markReconnectNeeded(deps: TransitionDeps, accountId: string, problem: Problem, onlyIf?: (tx: Store) => Promise<boolean>): Promise<boolean> {
  deps.tokens.forget(accountId);
  return deps.store.transaction(async (tx) => {
    if (onlyIf && !(await onlyIf(tx))) return false;
    const now = deps.clock.now();
    await tx.tokens.delete(accountId);
    await tx.accounts.update(accountId, { status: 'reconnect_needed', lastError: problem, updatedAt: now });
    await recordEvent(tx, { type: 'account.reconnect_needed', accountId, data: { diagnosis: problem.diagnosis }, at: now });
    await tx.outbox.hold(accountId, problem, now);
    return true;
  }).then((changed) => {
    if (changed) deps.outbox?.wake(); // its event is committed: webhooks deliver it now
    return changed;
  });
}
