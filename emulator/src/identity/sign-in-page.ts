import type { User } from '../state/types.js';
import { escapeHtml, htmlPage } from './html.js';

export interface SignInPageInput {
  action: string;
  flowId: string;
  appName: string;
  accounts: User[];
  /** Shown above the accounts, e.g. an unknown login_hint or a refused account. */
  note?: string;
}

/**
 * Account picker. HTML contract for tests: one `<form method="post">`, a hidden `flow`,
 * one `<button name="account" value="{email}">` per account and a Cancel button.
 */
export function signInPage(input: SignInPageInput): string {
  const note = input.note ? `<p class="note" role="alert">${escapeHtml(input.note)}</p>\n` : '';
  const buttons = input.accounts
    .map((u) => `<button type="submit" name="account" value="${escapeHtml(u.email)}">${escapeHtml(u.displayName)}<br><span class="muted">${escapeHtml(u.email)}${u.personal ? ' (personal account)' : ''}</span></button>`)
    .join('\n');
  const empty = input.accounts.length === 0 ? '<p>No emulator account can sign in here.</p>\n' : '';
  const body = `<h1>Pick an account</h1>
<p>to continue to ${escapeHtml(input.appName)}</p>
${note}${empty}<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="flow" value="${escapeHtml(input.flowId)}">
${buttons}
<button type="submit" name="cancel" value="1">Cancel</button>
</form>`;
  return htmlPage('Sign in to your account', body);
}
