import { MailbridgeError, ProviderRejectedError } from '../../core/errors.js';
import { ACCESS_POLICY_BLOCKED, appOnlyGraphTable } from './graph-error-table.js';

/**
 * A Graph error met with an app-only token, named for service mailboxes (graph-error-table.ts):
 * refusals become app_only_permission_missing (or mailbox_out_of_scope when an application access
 * policy says so), an unknown user mailbox_not_enabled. Anything else stays as it was.
 */
export function appOnlyGraphError(e: unknown, address: string): unknown {
  if (!(e instanceof MailbridgeError)) return e;
  const graphCode = e.params?.graphCode ?? '';
  const named = appOnlyGraphTable[graphCode];
  if (!named) return e;
  const diagnosis = named === 'app_only_permission_missing' && ACCESS_POLICY_BLOCKED.test(e.microsoftText ?? '') ? 'mailbox_out_of_scope' : named;
  return new ProviderRejectedError(`Microsoft Graph refused the organisation app in the mailbox ${address}: ${graphCode}`, {
    diagnosis,
    params: { ...e.params, address },
    ...(e.microsoftText ? { microsoftText: e.microsoftText } : {}),
    cause: e,
  });
}
