import { AppProblemError, MailbridgeError, ProviderUnavailableError, ReconnectNeededError, InvalidInputError } from '../../core/errors.js';
import { aadstsCodes, aadstsTable, NOT_ENABLED_FOR_CONSUMERS, oauthErrorTable, type AadEffect } from './aadsts-table.js';
import type { DiagnosisCode } from '../../core/domain.js';

/** An OAuth error as Microsoft sends it on a redirect or from the token endpoint. */
export interface OAuthErrorFields {
  error: string;
  error_description?: string | undefined;
  error_codes?: unknown;
  error_subcode?: string | undefined;
  suberror?: string | undefined;
}

/** Microsoft's first line only: the trace/correlation/timestamp tail is noise for a person. */
export function microsoftFirstLine(description: string | undefined): string | undefined {
  if (!description) return undefined;
  return description.split(/\r?\n|\s+Trace ID:/)[0]?.trim();
}

/** Names the diagnosis for a Microsoft OAuth error, from the tables (not a switch). */
export function classifyOAuthError(f: OAuthErrorFields): { diagnosis: DiagnosisCode; effect: AadEffect; codes: number[] } {
  const codes = aadstsCodes(f.error_description, f.error_codes);
  if (f.error === 'access_denied' && f.error_subcode === 'cancel') return { diagnosis: 'user_cancelled', effect: 'link', codes };
  if (NOT_ENABLED_FOR_CONSUMERS.test(f.error_description ?? '')) return { diagnosis: 'account_type_mismatch', effect: 'app', codes };
  for (const code of codes) {
    const row = aadstsTable[code];
    if (row) return { ...row, codes };
  }
  if (f.error === 'access_denied') return { diagnosis: codes.length ? 'unknown' : 'user_cancelled', effect: 'link', codes };
  const byError = oauthErrorTable[f.error];
  return byError ? { ...byError, codes } : { diagnosis: 'unknown', effect: 'link', codes };
}

/** The typed error for a token endpoint failure (what the caller does next follows `effect`). */
export function tokenError(f: OAuthErrorFields, status: number, params: Record<string, string>): MailbridgeError {
  const { diagnosis, effect, codes } = classifyOAuthError(f);
  const microsoftText = microsoftFirstLine(f.error_description) ?? f.error;
  const message = `Microsoft refused the token request: ${f.error}${codes.length ? ` (AADSTS${codes[0]})` : ''}`;
  const opts = { diagnosis, params: { ...params, microsoftText }, microsoftText };
  if (status >= 500) return new ProviderUnavailableError(message, undefined, opts);
  if (effect === 'app') return new AppProblemError(message, opts);
  if (effect === 'reconnect') return new ReconnectNeededError(message, opts);
  return new InvalidInputError(message, opts);
}
