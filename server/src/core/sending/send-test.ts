import { messages, fill, type Locale } from '@mailbridge/contract';
import type { Actor, MessageRecord } from '../domain.js';
import type { Deps } from '../deps.js';
import { loadAccount } from '../accounts/load-account.js';
import { deliver } from './send-message.js';
import { applyDefaults } from './apply-defaults.js';

/**
 * POST /accounts/{id}/test: a short message in the user's language, through the real path, with
 * the default sending values applied, so the test shows what recipients will see.
 */
export async function sendTest(deps: Deps, actor: Actor, accountId: string, to: string, locale: Locale): Promise<MessageRecord> {
  const account = await loadAccount(deps.store, actor, accountId);
  const t = messages[locale].test;
  const address = account.linkedAddress ?? account.email;
  return deliver(deps, account, applyDefaults(account, {
    to: [{ address: to }],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: t.subject,
    text: fill(t.text, { address }),
    html: fill(t.html, { address }),
    attachments: [],
    headers: { 'X-Mailbridge-Test': '1' },
  }));
}
