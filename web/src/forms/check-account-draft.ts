import { EmailAddress, Guid } from '@mailbridge/contract';
import type { I18n } from '../i18n/i18n-context.js';
import type { AccountDraft } from './account-draft.js';
import type { FieldProblems } from './field-problem.js';
import { checkSendAsAddress } from './check-send-as.js';

/**
 * The server's checks, run before saving with the same contract schemas, so mistakes are caught
 * without a round trip: a client ID must be a GUID; a GUID in the secret field is the Secret ID.
 * `onlyInstant` limits it to the checks worth showing while the user is still typing.
 */
export function checkAccountDraft(draft: AccountDraft, i18n: Pick<I18n, 't' | 'diagnosis'>, onlyInstant = false): FieldProblems {
  const { t, diagnosis } = i18n;
  const problems: FieldProblems = {};
  const clientId = draft.clientId.trim();
  const secret = draft.clientSecret.trim();

  if (secret && Guid.safeParse(secret).success) {
    problems['app.clientSecret'] = { code: 'client_secret_looks_like_id', ...diagnosis('client_secret_looks_like_id'), heading: t('account.secretLooksLikeId') };
  }
  if (onlyInstant) return problems;

  if (!EmailAddress.safeParse(draft.email).success) problems.email = t('account.emailInvalid');
  const sendAsProblem = draft.sendAsPending.trim() ? checkSendAsAddress(draft.sendAsPending, draft.sendAs, draft.email, t) : undefined;
  if (sendAsProblem) problems.sendAs = sendAsProblem;
  if (clientId && !Guid.safeParse(clientId).success) {
    problems['app.clientId'] = { code: 'client_id_invalid', ...diagnosis('client_id_invalid') };
  }
  if (!clientId && secret) problems['app.clientId'] = t('account.clientIdMissing');
  if (draft.tenantChoice === 'specific' && !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(draft.tenantCustom.trim())) {
    problems['app.tenant'] = t('account.tenantInvalid');
  }
  return problems;
}
