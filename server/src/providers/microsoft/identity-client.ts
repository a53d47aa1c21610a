import { z } from 'zod';
import { AppProblemError, MailbridgeError, ProviderUnavailableError } from '../../core/errors.js';
import type { Clock, IdentityProvider, TokenGrant, AuthorizeRequest, OAuthRedirectError } from '../../core/ports.js';
import type { MicrosoftApp } from '../../core/domain.js';
import { Sensitive } from '../../core/sensitive.js';
import type { HttpFetch } from '../../platform/http-client.js';
import type { MicrosoftEndpoints } from './clouds.js';
import { readIdToken } from './id-token.js';
import { cloudScopes } from './cloud-scopes.js';
import { GRAPH } from '../../core/link-scopes.js';
import { classifyOAuthError, microsoftFirstLine, tokenError } from './token-error.js';
import { JWT_BEARER_ASSERTION, signClientAssertion } from './client-assertion.js';

const TokenSuccess = z.object({
  token_type: z.string().optional(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().optional(),
  expires_in: z.coerce.number().positive(),
  scope: z.string().optional(),
});

const TokenFailure = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
  suberror: z.string().optional(),
});

/**
 * The Microsoft identity platform v2.0 endpoints
 * (learn.microsoft.com entra/identity-platform/v2-oauth2-auth-code-flow, …/refresh-tokens).
 * Plain fetch rather than a generic OAuth client: Microsoft's errors carry AADSTS codes we must
 * read, and its multi-tenant issuer needs the tid-based check in id-token.ts.
 */
export class MicrosoftIdentityClient implements IdentityProvider {
  constructor(
    private readonly endpoints: MicrosoftEndpoints,
    private readonly fetch: HttpFetch,
    private readonly clock: Clock,
    /** Mailbridge's one redirect URI, for the admin-consent link in diagnoses. */
    private readonly redirectUri: string,
    /**
     * The server's clock, for client assertions (their `nbf`/`exp`, and a certificate's expiry):
     * a wrong one is what AADSTS700024 reports, so tests can skew it. Defaults to `clock`.
     */
    private readonly assertionClock: Clock = clock,
  ) {}

  private base(app: MicrosoftApp, tenant: string = app.tenant): string {
    return `${this.endpoints.authority(app.cloud)}/${encodeURIComponent(tenant)}/oauth2/v2.0`;
  }

  authorizeUrl(app: MicrosoftApp, req: AuthorizeRequest): string {
    const q = new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: req.redirectUri,
      response_mode: 'query',
      scope: cloudScopes(app.cloud, req.scopes).join(' '),
      state: req.state,
      code_challenge: req.codeChallenge,
      code_challenge_method: 'S256',
      login_hint: req.loginHint,
      prompt: 'select_account',
    });
    return `${this.base(app)}/authorize?${q}`;
  }

  adminConsentUrl(app: MicrosoftApp, redirectUri: string): string {
    const q = new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri });
    return `${this.endpoints.authority(app.cloud)}/${encodeURIComponent(app.tenant)}/adminconsent?${q}`;
  }

  redirectError(f: OAuthRedirectError, params: Record<string, string>): MailbridgeError {
    const { diagnosis } = classifyOAuthError(f);
    const microsoftText = microsoftFirstLine(f.error_description) ?? f.error;
    return new MailbridgeError('invalid_request', `Microsoft answered ${f.error}${f.error_subcode ? ` (${f.error_subcode})` : ''}`, {
      diagnosis,
      params: { ...params, microsoftText },
      microsoftText,
    });
  }

  redeemCode(app: MicrosoftApp, p: { code: string; codeVerifier: string; redirectUri: string; scopes: readonly string[] }): Promise<TokenGrant> {
    return this.tokenRequest(app, {
      grant_type: 'authorization_code',
      code: p.code,
      redirect_uri: p.redirectUri,
      code_verifier: p.codeVerifier,
      scope: cloudScopes(app.cloud, p.scopes).join(' '),
    });
  }

  refresh(app: MicrosoftApp, refreshToken: Sensitive, scopes: readonly string[]): Promise<TokenGrant> {
    return this.tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken.reveal(), scope: cloudScopes(app.cloud, scopes).join(' ') });
  }

  /**
   * An app-only token (docs/microsoft.md §7; learn.microsoft.com
   * entra/identity-platform/v2-oauth2-client-creds-grant-flow): the client-credentials grant on
   * `tenant` (one organisation), scope `<Graph of the app's cloud>/.default`, authenticated with
   * the app's certificate or secret like every grant. No refresh token and no id_token come back.
   */
  clientCredentials(app: MicrosoftApp, tenant: string): Promise<TokenGrant> {
    return this.tokenRequest(app, { grant_type: 'client_credentials', scope: cloudScopes(app.cloud, [`${GRAPH}/.default`]).join(' ') }, tenant);
  }

  /**
   * How the app proves itself, for every grant: a client assertion when it has a certificate
   * (docs/microsoft.md §7), else its secret. An expired certificate is refused here, before
   * Microsoft is asked: it can only fail there.
   */
  private async clientCredential(app: MicrosoftApp, tokenEndpoint: string): Promise<Record<string, string>> {
    const certificate = app.certificate;
    if (certificate) {
      const now = this.assertionClock.now();
      if (certificate.expiresAt.getTime() <= now.getTime()) {
        throw new AppProblemError(`The app's certificate expired on ${certificate.expiresAt.toISOString()}`, {
          diagnosis: 'certificate_expired',
          params: { clientId: app.clientId, expiresAt: certificate.expiresAt.toISOString() },
        });
      }
      const assertion = await signClientAssertion({ clientId: app.clientId, tokenEndpoint, certificate, now });
      return { client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: assertion };
    }
    if (!app.clientSecret) throw new AppProblemError('The Microsoft app has no client secret', { diagnosis: 'client_secret_invalid', params: { clientId: app.clientId } });
    return { client_secret: app.clientSecret.reveal() };
  }

  private async tokenRequest(app: MicrosoftApp, form: Record<string, string>, tenant: string = app.tenant): Promise<TokenGrant> {
    // Built outside the try: a configuration problem (the sandbox switched off) is not Microsoft
    // being unavailable, and must not be retried as if it were.
    const url = `${this.base(app, tenant)}/token`;
    const body = new URLSearchParams({ ...form, client_id: app.clientId, ...(await this.clientCredential(app, url)) });
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
      });
    } catch (e) {
      throw new ProviderUnavailableError(`Microsoft's token endpoint did not answer: ${(e as Error).message}`, undefined, { cause: e });
    }
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const ok = TokenSuccess.safeParse(json);
      if (!ok.success) throw new ProviderUnavailableError('Microsoft returned an unreadable token response');
      const t = ok.data;
      return {
        accessToken: new Sensitive(t.access_token),
        refreshToken: t.refresh_token ? new Sensitive(t.refresh_token) : null,
        expiresIn: t.expires_in,
        scope: t.scope ?? form.scope ?? '',
        ...(t.id_token ? { idToken: readIdToken(t.id_token, app.clientId, this.clock.now().getTime()) } : {}),
      };
    }
    const failure = TokenFailure.safeParse(json);
    if (!failure.success) {
      throw new ProviderUnavailableError(`Microsoft's token endpoint answered HTTP ${res.status} without an OAuth error`);
    }
    throw tokenError(failure.data, res.status, {
      clientId: app.clientId,
      tenant,
      redirectUri: this.redirectUri,
      adminConsentUrl: this.adminConsentUrl(app, this.redirectUri),
    });
  }
}
