import { addressKey } from '@mailbridge/contract';
import type { MailAccount } from '../domain.js';
import { checkFrom } from '../accounts/send-as.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';

type Sender = Pick<MailAccount, 'email' | 'linkedAddress' | 'sendAs'>;

/** The addresses a relayed message may come from: the account's, its linked mailbox's, its sendAs list; each once. */
export function relaySenders(account: Sender): string[] {
  const seen = new Set<string>();
  return [account.email, account.linkedAddress ?? account.email, ...account.sendAs].filter((a) => {
    const k = addressKey(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * MAIL FROM and each From: and Sender: address of a relayed message must be one the account may send from,
 * as for the API (send-as.ts, issue 10); the refusal names the allowed addresses, since the person
 * reading it configures a printer, not Mailbridge. The SMTP answer is `550 5.7.1` (relay/relay-replies.ts).
 */
export function checkRelaySender(account: Sender, address: string, where: 'MAIL FROM' | 'From:' | 'Sender:'): void {
  try {
    checkFrom(account, address);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    throw new ForbiddenError(`${where} <${address}> is not allowed for this account; it may send from ${relaySenders(account).join(', ')}`);
  }
}
