import type { ApiErrorCode } from '@mailbridge/contract';
import type { DiagnosisCode } from '../../core/domain.js';

/**
 * Graph mail errors (docs/microsoft.md §2; learn.microsoft.com graph/errors, graph/api/user-sendmail).
 * Keyed by Graph's `error.code`; `status` is a fallback key for bodies without one.
 */
export const graphErrorTable: Record<string, { diagnosis: DiagnosisCode; code: ApiErrorCode }> = {
  ErrorAccessDenied: { diagnosis: 'send_permission_missing', code: 'provider_rejected' },
  AccessDenied: { diagnosis: 'send_permission_missing', code: 'provider_rejected' },
  Authorization_RequestDenied: { diagnosis: 'send_permission_missing', code: 'provider_rejected' },
  ErrorSendAsDenied: { diagnosis: 'send_as_denied', code: 'provider_rejected' },
  MailboxNotEnabledForRESTAPI: { diagnosis: 'mailbox_not_enabled', code: 'provider_rejected' },
  MailboxNotSupportedForRESTAPI: { diagnosis: 'mailbox_not_enabled', code: 'provider_rejected' },
  ResourceNotFound: { diagnosis: 'mailbox_not_enabled', code: 'provider_rejected' },
  ErrorInvalidRecipients: { diagnosis: 'invalid_recipients', code: 'provider_rejected' },
  ErrorMessageSizeExceeded: { diagnosis: 'message_too_large', code: 'payload_too_large' },
  RequestEntityTooLarge: { diagnosis: 'message_too_large', code: 'payload_too_large' },
  ErrorQuotaExceeded: { diagnosis: 'mailbox_full', code: 'provider_rejected' },
  TooManyRequests: { diagnosis: 'throttled', code: 'throttled' },
  ApplicationThrottled: { diagnosis: 'throttled', code: 'throttled' },
  ErrorTooManyObjectsOpened: { diagnosis: 'throttled', code: 'throttled' },
  ServiceUnavailable: { diagnosis: 'microsoft_unavailable', code: 'provider_unavailable' },
  ErrorServerBusy: { diagnosis: 'microsoft_unavailable', code: 'provider_unavailable' },
  generalException: { diagnosis: 'microsoft_unavailable', code: 'provider_unavailable' },
};

export const graphStatusTable: Record<number, { diagnosis: DiagnosisCode; code: ApiErrorCode }> = {
  403: { diagnosis: 'send_permission_missing', code: 'provider_rejected' },
  413: { diagnosis: 'message_too_large', code: 'payload_too_large' },
  429: { diagnosis: 'throttled', code: 'throttled' },
  500: { diagnosis: 'microsoft_unavailable', code: 'provider_unavailable' },
  502: { diagnosis: 'microsoft_unavailable', code: 'provider_unavailable' },
  503: { diagnosis: 'microsoft_unavailable', code: 'provider_unavailable' },
  504: { diagnosis: 'microsoft_unavailable', code: 'provider_unavailable' },
};

/**
 * Graph's refusals of an app-only token in a mailbox (docs/microsoft.md §7): Exchange answers a
 * missing application permission, missing admin consent and a missing or out-of-scope role
 * assignment alike (403 ErrorAccessDenied), so they all read as `app_only_permission_missing`
 * here and core compares mailboxes to tell a scope problem (core/apps/app-only-refusal.ts). A user
 * the tenant does not know answers 404 ErrorInvalidUser.
 */
export const appOnlyGraphTable: Record<string, DiagnosisCode> = {
  ErrorAccessDenied: 'app_only_permission_missing',
  AccessDenied: 'app_only_permission_missing',
  Authorization_RequestDenied: 'app_only_permission_missing',
  ErrorInvalidUser: 'mailbox_not_enabled',
};

/**
 * An application access policy keeps the app out of this very mailbox ("Access to OData is
 * disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings."): out of scope.
 */
export const ACCESS_POLICY_BLOCKED = /\[RAOP\]|AppOnly AccessPolicy/i;
