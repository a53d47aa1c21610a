import type { AadstsFailure } from './aadsts-error.js';
import { escapeHtml, htmlPage } from './html.js';

/**
 * Microsoft's own error page: errors about client_id or redirect_uri are shown to the user
 * and never redirected (docs/microsoft.md §1, "Redirect back to the app").
 */
export function errorPage(f: AadstsFailure): string {
  const body = `<h1>Sign in</h1>
<p><strong>Sorry, but we're having trouble signing you in.</strong></p>
<p id="aadsts-message">AADSTS${f.code}: ${escapeHtml(f.message)}</p>
<h2>Troubleshooting details</h2>
<p class="muted">Request Id: <span id="request-id">${f.traceId}</span><br>
Correlation Id: <span id="correlation-id">${f.correlationId}</span><br>
Timestamp: <span id="timestamp">${f.timestamp}</span><br>
Message: AADSTS${f.code}: ${escapeHtml(f.message)}</p>`;
  return htmlPage('Sign in to your account', body);
}
