import type { ApiErrorCode } from '@mailbridge/contract';
import type { DiagnosisCode } from '../domain.js';

/**
 * What each diagnosis means for the three ways Mailbridge answers (docs/architecture.md rule 5):
 * - `outcome`, for a queued message: `retry` (Microsoft's trouble: throttling, an outage; try
 *   again with backoff), `hold` (a person must act: relink, fix the app; the message waits,
 *   queued, and goes once the cause is fixed or fails when its budget runs out) or `fail` (this
 *   message can never go as it is).
 * - `api`: the API error code, and so the HTTP status (http/error-status.ts).
 * - `smtp`: the reply the SMTP relay gives (RFC 5321 §4.2, enhanced status codes RFC 3463).
 * - `account`: the mailbox's problem, not the message's: a send that meets it records it on the
 *   account too (its page shows it), until a send goes through.
 * - `method`: a problem of the account's sending method: switching methods clears it from the
 *   account, and a message it holds may be retried by hand once an admin fixed it (retry-message).
 */
export interface Outcome {
  outcome: 'retry' | 'hold' | 'fail';
  api: ApiErrorCode;
  smtp: string;
  account?: true;
  method?: true;
}

const RELINK = '451 4.7.0 The mailbox must be linked again by its owner';
const APP = '451 4.7.0 The Microsoft app needs its administrator';
const relink: Outcome = { outcome: 'hold', api: 'reconnect_needed', smtp: RELINK };
const app: Outcome = { outcome: 'hold', api: 'app_problem', smtp: APP };
const fail = (smtp: string, api: ApiErrorCode = 'provider_rejected'): Outcome => ({ outcome: 'fail', api, smtp });

export const diagnosisOutcomes: Record<DiagnosisCode, Outcome> = {
  client_secret_invalid: app,
  client_secret_expired: app,
  client_secret_looks_like_id: app,
  certificate_invalid: app,
  certificate_expired: app,
  // The server's clock: the administrator fixes it; messages wait like for any app problem.
  assertion_time_invalid: app,
  client_id_invalid: app,
  app_not_found: app,
  app_not_configured: app,
  app_changed: relink,
  redirect_uri_mismatch: app,
  consent_required: relink,
  user_cancelled: relink,
  account_type_mismatch: relink,
  mfa_required: relink,
  conditional_access_blocked: relink,
  grant_expired: relink,
  grant_revoked: relink,
  code_reused: relink,
  pkce_mismatch: relink,
  state_invalid: relink,
  mailbox_mismatch: relink,
  mailbox_unlinked: { outcome: 'hold', api: 'not_linked', smtp: RELINK },
  send_permission_missing: { ...fail('550 5.7.1 The mailbox may not send: Mail.Send is not granted'), account: true },
  // App-only (service mailboxes, docs/microsoft.md §7): the administrator fixes the app's tenant;
  // a missing permission or scope is fixed in Exchange or Entra, outside Mailbridge: the message fails.
  app_only_tenant_required: app,
  app_only_permission_missing: { ...fail('550 5.7.1 The organisation app may not send from this mailbox: application permission or Exchange role missing'), account: true },
  mailbox_out_of_scope: { ...fail('550 5.7.1 This mailbox is outside the organisation app\'s management scope'), account: true },
  personal_account_not_app_only: { ...fail('550 5.7.1 Personal Microsoft accounts cannot be service mailboxes', 'invalid_request'), account: true },
  send_as_denied: { ...fail('550 5.7.60 The mailbox may not send as this address'), account: true },
  // A person acts (switch to Graph, or the admin enables SMTP AUTH): the messages wait.
  method_permission_missing: relink,
  // Reading only (issue 11): never the outcome of a send.
  read_permission_missing: fail('550 5.7.1 Reading the mailbox is not permitted', 'forbidden'),
  imap_disabled: fail('550 5.7.1 IMAP is switched off for this mailbox', 'forbidden'),
  smtp_auth_disabled: { outcome: 'hold', api: 'provider_rejected', smtp: '451 4.7.0 SMTP sign-in is switched off for this mailbox; switch it to Graph sending', account: true, method: true },
  mailbox_not_enabled: { ...fail('550 5.7.1 The mailbox has no Exchange Online'), account: true },
  invalid_recipients: fail('550 5.1.1 A recipient address was refused'),
  message_too_large: fail('552 5.3.4 The message is too large', 'payload_too_large'),
  large_attachment_permission_missing: fail('552 5.3.4 Large attachments need the Mail.ReadWrite permission'),
  mailbox_full: { ...fail('552 5.2.2 The mailbox is full'), account: true },
  throttled: { outcome: 'retry', api: 'throttled', smtp: '451 4.7.500 Microsoft asked to slow down; try again later' },
  microsoft_unavailable: { outcome: 'retry', api: 'provider_unavailable', smtp: '451 4.4.1 Microsoft did not answer; try again later' },
  unknown: fail('554 5.0.0 Microsoft refused the message'),
};

/** Whether a diagnosis is the mailbox's problem rather than the message's (`account`). */
export const isAccountProblem = (code: string | undefined): boolean => !!code && diagnosisOutcomes[code as DiagnosisCode]?.account === true;

/** Whether a diagnosis is a problem of the sending method (`method`). */
export const isMethodProblem = (code: string | undefined): boolean => !!code && diagnosisOutcomes[code as DiagnosisCode]?.method === true;
