import { addressKey } from '@mailbridge/contract';
import type { MailAccount } from '../domain.js';
import { InvalidInputError } from '../errors.js';

/** The list as stored: each address once (compared as Microsoft does), never the account's own. */
export function normalizeSendAs(email: string, list: readonly string[]): string[] {
  const seen = new Set([addressKey(email)]);
  return list.filter((a) => {
    const k = addressKey(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A send's `from` must be the mailbox itself or one of the addresses it may send as (a shared
 * mailbox); anything else is refused before it is queued (issue 10).
 */
export function checkFrom(account: Pick<MailAccount, 'email' | 'linkedAddress' | 'sendAs'>, from: string | undefined): void {
  if (from === undefined) return;
  const allowed = [account.email, account.linkedAddress ?? account.email, ...account.sendAs];
  if (allowed.some((a) => addressKey(a) === addressKey(from))) return;
  throw new InvalidInputError(`This account cannot send from ${from}`, {
    details: [{ path: 'from', message: `must be the account's address or one of its sendAs addresses (${[...new Set([account.email, ...account.sendAs])].join(', ')})` }],
  });
}
