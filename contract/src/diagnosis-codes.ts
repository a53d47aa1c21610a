import { z } from 'zod';

/**
 * Every named diagnosis Mailbridge can give. Stable: integrators and the settings page key on
 * these strings. Causes and fixes live in the locale files (`locales/<lang>.json`).
 */
export const diagnosisCodes = [
  'client_secret_invalid',
  'client_secret_expired',
  'client_secret_looks_like_id',
  'certificate_invalid',
  'certificate_expired',
  'assertion_time_invalid',
  'client_id_invalid',
  'app_not_found',
  'app_not_configured',
  'app_changed',
  'redirect_uri_mismatch',
  'consent_required',
  'user_cancelled',
  'account_type_mismatch',
  'mfa_required',
  'conditional_access_blocked',
  'grant_expired',
  'grant_revoked',
  'code_reused',
  'pkce_mismatch',
  'state_invalid',
  'mailbox_mismatch',
  'mailbox_unlinked',
  'send_permission_missing',
  'app_only_tenant_required',
  'app_only_permission_missing',
  'mailbox_out_of_scope',
  'personal_account_not_app_only',
  'send_as_denied',
  'smtp_auth_disabled',
  'method_permission_missing',
  'read_permission_missing',
  'imap_disabled',
  'mailbox_not_enabled',
  'invalid_recipients',
  'message_too_large',
  'large_attachment_permission_missing',
  'mailbox_full',
  'throttled',
  'microsoft_unavailable',
  'unknown',
] as const;

export const DiagnosisCode = z.enum(diagnosisCodes);
export type DiagnosisCode = z.infer<typeof DiagnosisCode>;

/** A diagnosis as the API returns it: cause and fix already in the caller's language. */
export const Diagnosis = z.object({
  code: DiagnosisCode,
  cause: z.string(),
  fix: z.string(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;
