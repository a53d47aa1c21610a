import { escapeHtml, htmlPage } from './html.js';
import { permissionName } from './scopes.js';

export interface ConsentPageInput {
  action: string;
  flowId: string;
  appName: string;
  userEmail: string;
  scopes: string[];
}

/**
 * "Permissions requested". HTML contract for tests: one `<form method="post">` with a hidden
 * `flow` and buttons `name="consent"` valued `accept` or `cancel`.
 */
export function consentPage(input: ConsentPageInput): string {
  const items = input.scopes
    .map((s) => `<li data-scope="${escapeHtml(s)}">${escapeHtml(permissionName(s))}</li>`)
    .join('\n');
  const body = `<h1>Permissions requested</h1>
<p>${escapeHtml(input.appName)} wants to access ${escapeHtml(input.userEmail)}</p>
<p>This app would like to:</p>
<ul>
${items}
</ul>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="flow" value="${escapeHtml(input.flowId)}">
<button type="submit" name="consent" value="accept">Accept</button>
<button type="submit" name="consent" value="cancel">Cancel</button>
</form>`;
  return htmlPage('Permissions requested', body);
}
