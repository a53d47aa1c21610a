/**
 * AADSTS codes the emulator can answer with: code → OAuth `error`, HTTP status at the token
 * endpoint, optional `suberror`, and the message. Quoted texts come from docs/microsoft.md §1
 * (byte for byte); `{name}` placeholders are filled per request. Texts marked "(learn)" come
 * from Microsoft Learn's error-code reference rather than docs/microsoft.md.
 */
export interface AadstsEntry {
  error: string;
  status: number;
  suberror?: string;
  message: string;
}

export const AADSTS: Readonly<Record<number, AadstsEntry>> = {
  // Client credentials
  7000215: { error: 'invalid_client', status: 401, message: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'." },
  7000222: { error: 'invalid_client', status: 401, message: "The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds." },
  7000218: { error: 'invalid_client', status: 401, message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." },
  // (learn)
  700025: { error: 'invalid_client', status: 401, message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented." },
  700016: { error: 'unauthorized_client', status: 400, message: "Application with identifier '{appId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant." },
  // Certificate credentials (client assertions, docs/microsoft.md §7). Texts as real answers
  // quote them; 700027's parts are filled per case (certificate unknown, expired, or a signature
  // that does not verify), see identity/client-assertion.ts.
  700027: { error: 'invalid_client', status: 401, message: "{head} [Reason - {reason}, Thumbprint of key used by client: '{thumbprint}', {found}Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/{appId}']." },
  700024: { error: 'invalid_client', status: 401, message: 'Client assertion is not within its valid time range. Current time: {now}, assertion valid from {nbf}, expiry time of assertion {exp}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .' },
  700021: { error: 'invalid_client', status: 401, message: "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials ." },
  700023: { error: 'invalid_client', status: 401, message: 'Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .' },
  5002723: { error: 'invalid_client', status: 401, message: 'Invalid JWT token. No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.' },
  // Unconfirmed: Microsoft's answer to an unreadable assertion, one without `jti` and a `jti`
  // seen before is not on record; the emulator answers with the InvalidJwtToken code of the
  // error-codes page and texts of its own.
  50027: { error: 'invalid_client', status: 401, message: 'Invalid JWT token. {detail}' },
  // Client credentials (app-only). 50059: the answer on /common (and, unconfirmed, /organizations);
  // 9001023 (learn) on /consumers, unconfirmed for this grant.
  50059: { error: 'invalid_request', status: 400, message: 'No tenant-identifying information found in either the request or implied by any provided credentials.' },
  9001023: { error: 'invalid_request', status: 400, message: 'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.' },
  1002012: { error: 'invalid_scope', status: 400, message: 'The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).' },
  500011: { error: 'invalid_resource', status: 400, message: 'The resource principal named {resource} was not found in the tenant named {tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.' },
  // Redirect URI (shown on the emulator's own page at authorize)
  50011: { error: 'invalid_request', status: 400, message: "The redirect URI '{uri}' specified in the request does not match the redirect URIs configured for the application '{appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this." },
  500113: { error: 'invalid_request', status: 400, message: 'No reply address is registered for the application.' },
  90102: { error: 'invalid_request', status: 400, message: "'redirect_uri' value must be a valid absolute URI." },
  // Consent
  65001: { error: 'invalid_grant', status: 400, suberror: 'consent_required', message: "The user or administrator has not consented to use the application with ID '{appId}' named '{appName}'. Send an interactive authorization request for this user and resource." },
  65004: { error: 'access_denied', status: 400, message: 'User declined to consent to access the app.' },
  // (learn) wording of the admin-consent codes is not quoted in docs/microsoft.md.
  90094: { error: 'access_denied', status: 400, message: 'The grant requires admin permission.' },
  90095: { error: 'access_denied', status: 400, message: 'Admin consent is required for the permissions requested by this application. An admin consent request may be sent to the admin.' },
  // Grants
  70008: { error: 'invalid_grant', status: 400, message: 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.' },
  54005: { error: 'invalid_grant', status: 400, message: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.' },
  700082: { error: 'invalid_grant', status: 400, suberror: 'bad_token', message: 'The refresh token has expired due to inactivity. The token was issued on {issuedOn} and was inactive for 90.00:00:00.' },
  // The part after "password." is elided in docs/microsoft.md; this continuation is Microsoft's usual one.
  50173: { error: 'invalid_grant', status: 400, message: "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{issuedOn}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{validFrom}'." },
  700005: { error: 'invalid_grant', status: 400, message: 'Provided Authorization Code is intended to use against other tenant, thus rejected.' },
  70000: { error: 'invalid_grant', status: 400, message: "The provided value for the 'code' parameter is not valid." },
  9002313: { error: 'invalid_grant', status: 400, message: 'Invalid request. Request is malformed or invalid.' },
  // PKCE
  50148: { error: 'invalid_grant', status: 400, message: 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.' },
  501481: { error: 'invalid_grant', status: 400, message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.' },
  // Scopes
  28000: { error: 'invalid_scope', status: 400, message: 'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.' },
  28003: { error: 'invalid_request', status: 400, message: 'Provided value for the input parameter scope cannot be empty when requesting an access token using the provided authorization code. Please specify a valid scope.' },
  70011: { error: 'invalid_scope', status: 400, message: "The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid." },
  // MFA / conditional access
  50076: { error: 'invalid_grant', status: 400, suberror: 'basic_action', message: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resourceId}'." },
  50079: { error: 'interaction_required', status: 400, message: "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resourceId}'." },
  53003: { error: 'access_denied', status: 400, suberror: 'message_only', message: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.' },
  // Account type
  50020: { error: 'access_denied', status: 400, message: "User account '{email}' from identity provider '{idp}' does not exist in tenant '{tenantName}' and cannot access the application '{appId}'({appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account." },
  50034: { error: 'invalid_request', status: 400, message: "The user account {EmailHidden} does not exist in the '{tenant}' directory. To sign into this application, the account must be added to the directory." },
  50194: { error: 'invalid_request', status: 400, message: "Application '{appId}'({appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant." },
  9002331: { error: 'invalid_request', status: 400, message: "Application '{appId}'({appName}) is configured for use by Microsoft Account users only. Please use the /consumers endpoint to serve this request." },
  9002332: { error: 'invalid_request', status: 400, message: "Application '{appId}'({appName}) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request." },
  90002: { error: 'invalid_request', status: 400, message: "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant." },
  // Request format
  900144: { error: 'invalid_request', status: 400, message: "The request body must contain the following parameter: '{name}'." },
  70003: { error: 'unsupported_grant_type', status: 400, message: "The app requested an unsupported grant type '{grantType}'." },
  900561: { error: 'invalid_request', status: 400, message: "The endpoint only accepts POST requests. Received a GET request." },
  700054: { error: 'unsupported_response_type', status: 400, message: "response_type '{responseType}' is not enabled for the application." },
  50058: { error: 'login_required', status: 400, message: 'A silent sign-in request was sent but no user is signed in.' },
  9002325: { error: 'invalid_request', status: 400, message: 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.' },
  50001: { error: 'invalid_resource', status: 400, message: "The application named {resource} was not found in the tenant named {tenant}." },
};

/**
 * A personal account on an app that does not accept them: Microsoft's account service answers
 * without an AADSTS code (docs/microsoft.md §1, "Account type").
 */
export const NOT_ENABLED_FOR_CONSUMERS =
  'The client does not exist or is not enabled for consumers. If you are the application developer, configure a new application through the App Registrations in the Azure Portal at https://go.microsoft.com/fwlink/?linkid=2083908.';
