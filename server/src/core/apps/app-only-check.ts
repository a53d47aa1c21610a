import type { AppOnlyCheckInput, AppOnlyCheckResult, Locale } from '@mailbridge/contract';
import type { Actor, MailAccount } from '../domain.js';
import { ConflictError, InvalidInputError, MailbridgeError } from '../errors.js';
import type { Deps } from '../deps.js';
import { describe } from '../diagnosis/describe.js';
import { sendTest } from '../outbox/send-test.js';
import { markServiceMailboxWorking, refineAppOnlyRefusal } from './app-only-refusal.js';

/**
 * POST /microsoft-app/app-only/check (issue 12): asks Microsoft for a fresh app-only token on the
 * app-only tenant (naming credential and tenant problems) and, when the admin gives a recipient,
 * sends a test message from a service mailbox through the outbox, waiting for Microsoft's answer.
 * Nothing else is probed. A failure is the answer's `diagnosis`, not an HTTP error: the check
 * itself worked. A token that came makes no mailbox `linked`; a test message that went does.
 */
export async function checkAppOnly(deps: Deps, actor: Actor, input: AppOnlyCheckInput, locale: Locale): Promise<AppOnlyCheckResult> {
  const app = await deps.store.apps.getOrganizationApp();
  if (!app?.appOnly?.enabled) throw new ConflictError('App-only sending is off: turn it on with PUT /microsoft-app {appOnly: {enabled: true, tenant}}');
  const tenant = app.appOnly.tenant;
  const failure = (e: unknown, params: Record<string, string> = {}) => failed(e, locale, { clientId: app.clientId, tenant, ...params });
  const sender = input.to === undefined ? null : await serviceMailbox(deps, input.from);
  try {
    await deps.appTokens.get(deps, app, undefined, true);
  } catch (e) {
    return { token: 'failed', tenant, ...failure(e) };
  }
  if (!sender || input.to === undefined) return { token: 'ok', tenant };
  try {
    const sent = await sendTest(deps, actor, sender.id, { to: input.to }, locale);
    // Only a message Microsoft accepted shows the mailbox works (the outbox marks it too, on delivery).
    if (sent.status === 'accepted') await markServiceMailboxWorking(deps, sender);
    return { token: 'ok', tenant, sent: { from: sender.email, accountId: sender.id, messageId: sent.id, status: sent.status } };
  } catch (e) {
    return { token: 'ok', tenant, ...failure(await refineAppOnlyRefusal(deps, sender, e), { address: sender.email }) };
  }
}

/** The service mailbox to send from: by address or id, else the first one. */
async function serviceMailbox(deps: Pick<Deps, 'store'>, from: string | undefined): Promise<MailAccount> {
  const all = (await deps.store.accounts.list()).filter((a) => a.sendingMethod === 'graph_app');
  const found = from === undefined ? all[0] : all.find((a) => a.id === from || a.email.toLowerCase() === from.toLowerCase());
  if (found) return found;
  throw new InvalidInputError(from === undefined ? 'There is no service mailbox to send from: create one (POST /accounts with sendingMethod graph_app)' : `${from} is not a service mailbox`, {
    details: [{ path: from === undefined ? 'to' : 'from', message: from === undefined ? 'no service mailbox exists yet' : 'no service mailbox with this address or id' }],
  });
}

function failed(e: unknown, locale: Locale, params: Record<string, string>): Pick<AppOnlyCheckResult, 'diagnosis' | 'microsoftText'> {
  if (!(e instanceof MailbridgeError)) throw e;
  const all = { ...params, ...e.params };
  return { diagnosis: describe(locale, e.diagnosis ?? 'unknown', all), ...(e.microsoftText ? { microsoftText: e.microsoftText } : {}) };
}
