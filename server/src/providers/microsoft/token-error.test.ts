import { describe, expect, it } from 'vitest';
import { AppProblemError, InvalidInputError, ProviderUnavailableError, ReconnectNeededError } from '../../core/errors.js';
import { classifyOAuthError, microsoftFirstLine, tokenError } from './token-error.js';

const desc = (code: number, text: string) => `AADSTS${code}: ${text}\r\nTrace ID: 0b1c\r\nCorrelation ID: 9f2a\r\nTimestamp: 2026-01-09 02:02:12Z`;

describe('Microsoft OAuth errors', () => {
  it.each([
    [7000215, 'invalid_client', 'client_secret_invalid', AppProblemError],
    [7000222, 'invalid_client', 'client_secret_expired', AppProblemError],
    [700016, 'unauthorized_client', 'app_not_found', AppProblemError],
    [70008, 'invalid_grant', 'grant_expired', ReconnectNeededError],
    [700082, 'invalid_grant', 'grant_expired', ReconnectNeededError],
    [50173, 'invalid_grant', 'grant_revoked', ReconnectNeededError],
    [65001, 'invalid_grant', 'consent_required', ReconnectNeededError],
    [50076, 'invalid_grant', 'mfa_required', ReconnectNeededError],
    [50079, 'interaction_required', 'mfa_required', ReconnectNeededError],
    [53003, 'interaction_required', 'conditional_access_blocked', ReconnectNeededError],
    [54005, 'invalid_grant', 'code_reused', InvalidInputError],
    [50148, 'invalid_grant', 'pkce_mismatch', InvalidInputError],
  ] as const)('AADSTS%i (%s) → %s', (code, error, diagnosis, type) => {
    const e = tokenError({ error, error_description: desc(code, 'text'), error_codes: [code] }, 400, {});
    expect(e).toBeInstanceOf(type);
    expect(e.diagnosis).toBe(diagnosis);
    expect(e.microsoftText).toBe(`AADSTS${code}: text`);
  });

  it('reads codes from the description when error_codes is missing, and takes the first known one', () => {
    expect(classifyOAuthError({ error: 'invalid_grant', error_description: 'AADSTS70002: Error validating credentials. AADSTS54005: OAuth2 Authorization code was already redeemed' }).diagnosis).toBe('code_reused');
  });

  it('knows a personal account on an org-only app by its words', () => {
    expect(classifyOAuthError({ error: 'unauthorized_client', error_description: 'The client does not exist or is not enabled for consumers. If you are the application developer, configure a new application…' }).diagnosis).toBe('account_type_mismatch');
  });

  it('a cancel on the sign-in page is user_cancelled', () => {
    expect(classifyOAuthError({ error: 'access_denied', error_subcode: 'cancel' }).diagnosis).toBe('user_cancelled');
  });

  it('an unknown code is unknown, with Microsoft\'s text kept', () => {
    const e = tokenError({ error: 'invalid_request', error_description: desc(999001, 'Something new') }, 400, {});
    expect(e.diagnosis).toBe('unknown');
    expect(e.params?.microsoftText).toBe('AADSTS999001: Something new');
  });

  it('a 5xx from the token endpoint is transient', () => {
    expect(tokenError({ error: 'temporarily_unavailable' }, 503, {})).toBeInstanceOf(ProviderUnavailableError);
  });

  it('drops the trace tail, with either line breaks or spaces', () => {
    expect(microsoftFirstLine(desc(50011, 'The redirect URI'))).toBe('AADSTS50011: The redirect URI');
    expect(microsoftFirstLine('AADSTS50011: The redirect URI Trace ID: x Correlation ID: y')).toBe('AADSTS50011: The redirect URI');
  });
});
