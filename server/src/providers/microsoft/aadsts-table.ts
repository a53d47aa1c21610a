import type { DiagnosisCode } from '../../core/domain.js';

/**
 * What each AADSTS code means for Mailbridge (docs/microsoft.md §1; learn.microsoft.com
 * entra/identity-platform/reference-error-codes). `effect` says who must act:
 * - app: the app registration is wrong (secret, client ID): the admin fixes it once, no relinking;
 * - reconnect: the grant is gone: the user links again;
 * - link: a failure during linking itself (nothing to mark beyond the attempt).
 */
export type AadEffect = 'app' | 'reconnect' | 'link';

export const aadstsTable: Record<number, { diagnosis: DiagnosisCode; effect: AadEffect }> = {
  7000215: { diagnosis: 'client_secret_invalid', effect: 'app' },
  7000222: { diagnosis: 'client_secret_expired', effect: 'app' },
  7000218: { diagnosis: 'client_secret_invalid', effect: 'app' },
  700025: { diagnosis: 'client_secret_invalid', effect: 'app' },
  90023: { diagnosis: 'client_secret_invalid', effect: 'app' },
  700016: { diagnosis: 'app_not_found', effect: 'app' },
  // Certificate credentials (docs/microsoft.md §7): the signing certificate is not uploaded to the
  // app, is another one, or its key does not verify the signature; the assertion's times are off.
  700027: { diagnosis: 'certificate_invalid', effect: 'app' },
  700024: { diagnosis: 'assertion_time_invalid', effect: 'app' },
  // The client-credentials grant (docs/microsoft.md §7): asked on /common, /organizations or
  // /consumers instead of one tenant; Graph is not known in the tenant (500011: the app was never
  // consented there). An unknown tenant (90002) is named by core/apps/app-only-tokens.ts.
  50059: { diagnosis: 'app_only_tenant_required', effect: 'app' },
  9001023: { diagnosis: 'app_only_tenant_required', effect: 'app' },
  500011: { diagnosis: 'app_only_permission_missing', effect: 'app' },
  50011: { diagnosis: 'redirect_uri_mismatch', effect: 'link' },
  500113: { diagnosis: 'redirect_uri_mismatch', effect: 'link' },
  90102: { diagnosis: 'redirect_uri_mismatch', effect: 'link' },
  65001: { diagnosis: 'consent_required', effect: 'reconnect' },
  65004: { diagnosis: 'consent_required', effect: 'link' },
  90094: { diagnosis: 'consent_required', effect: 'link' },
  90095: { diagnosis: 'consent_required', effect: 'link' },
  70008: { diagnosis: 'grant_expired', effect: 'reconnect' },
  700082: { diagnosis: 'grant_expired', effect: 'reconnect' },
  50173: { diagnosis: 'grant_revoked', effect: 'reconnect' },
  54005: { diagnosis: 'code_reused', effect: 'link' },
  70002: { diagnosis: 'code_reused', effect: 'link' },
  50148: { diagnosis: 'pkce_mismatch', effect: 'link' },
  501481: { diagnosis: 'pkce_mismatch', effect: 'link' },
  50076: { diagnosis: 'mfa_required', effect: 'reconnect' },
  50079: { diagnosis: 'mfa_required', effect: 'reconnect' },
  53003: { diagnosis: 'conditional_access_blocked', effect: 'reconnect' },
  50020: { diagnosis: 'account_type_mismatch', effect: 'link' },
  50034: { diagnosis: 'account_type_mismatch', effect: 'link' },
  50194: { diagnosis: 'account_type_mismatch', effect: 'app' },
  9002331: { diagnosis: 'account_type_mismatch', effect: 'app' },
  9002332: { diagnosis: 'account_type_mismatch', effect: 'app' },
};

/** By OAuth `error` value, when no AADSTS code is known or listed. */
export const oauthErrorTable: Record<string, { diagnosis: DiagnosisCode; effect: AadEffect }> = {
  invalid_client: { diagnosis: 'client_secret_invalid', effect: 'app' },
  unauthorized_client: { diagnosis: 'app_not_found', effect: 'app' },
  invalid_grant: { diagnosis: 'grant_expired', effect: 'reconnect' },
  interaction_required: { diagnosis: 'mfa_required', effect: 'reconnect' },
  consent_required: { diagnosis: 'consent_required', effect: 'reconnect' },
};

/** Microsoft's own words for "a personal account on an app that doesn't allow them" (no code given). */
export const NOT_ENABLED_FOR_CONSUMERS = /not enabled for consumers/i;

/** The AADSTS codes in a description ("AADSTS70008: …") or error_codes array. */
export function aadstsCodes(description: string | undefined, errorCodes?: unknown): number[] {
  const fromArray = Array.isArray(errorCodes) ? errorCodes.filter((c): c is number => typeof c === 'number') : [];
  const fromText = [...(description ?? '').matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  return [...new Set([...fromArray, ...fromText])];
}
