import type { AccountBody } from '../api/accounts-api.js';
import type { AccountView, SendingMethod } from '../api/contract-types.js';

export const tenantPresets = ['common', 'organizations', 'consumers'] as const;
export type TenantChoice = (typeof tenantPresets)[number] | 'specific';

/** What the Mail account form holds while the user edits it. */
export interface AccountDraft {
  email: string;
  sendingMethod: SendingMethod;
  /** Shared mailboxes the account may send as, as added to the list. */
  sendAs: string[];
  /** An address typed in the Send as box but not added yet: Save adds it (a typed address is never dropped). */
  sendAsPending: string;
  clientId: string;
  /** Only what the user typed now: the saved secret is never sent back by the server. */
  clientSecret: string;
  tenantChoice: TenantChoice;
  tenantCustom: string;
  /** YYYY-MM-DD or empty. */
  expiry: string;
}

export function draftFromAccount(account: AccountView | undefined): AccountDraft {
  const own = account?.app.source === 'account' ? account.app : undefined;
  const tenant = own?.tenant ?? 'common';
  const preset = (tenantPresets as readonly string[]).includes(tenant);
  return {
    email: account?.email ?? '',
    sendingMethod: account?.sendingMethod ?? 'graph',
    sendAs: [...(account?.sendAs ?? [])],
    sendAsPending: '',
    clientId: own?.clientId ?? '',
    clientSecret: '',
    tenantChoice: preset ? (tenant as TenantChoice) : 'specific',
    tenantCustom: preset ? '' : tenant,
    expiry: own?.clientSecretExpiresAt ? own.clientSecretExpiresAt.slice(0, 10) : '',
  };
}

export function isDraftDirty(draft: AccountDraft, account: AccountView | undefined): boolean {
  return JSON.stringify(draft) !== JSON.stringify(draftFromAccount(account));
}

export function draftTenant(draft: AccountDraft): string {
  return draft.tenantChoice === 'specific' ? draft.tenantCustom.trim() : draft.tenantChoice;
}

/** The Send as list as it will be saved: the list plus the address still in the box, if any. */
export function draftSendAs(draft: AccountDraft): string[] {
  const pending = draft.sendAsPending.trim();
  return pending ? [...draft.sendAs, pending] : draft.sendAs;
}

/**
 * The PATCH/POST body. An empty client ID means "use the organisation's app": it removes the
 * account's own app if it had one. An empty secret keeps the saved one.
 */
export function draftToBody(draft: AccountDraft, account: AccountView | undefined): AccountBody & { email: string; sendingMethod: SendingMethod } {
  const body: AccountBody & { email: string; sendingMethod: SendingMethod } = { email: draft.email.trim(), sendingMethod: draft.sendingMethod, sendAs: draftSendAs(draft) };
  const clientId = draft.clientId.trim();
  if (!clientId) {
    if (account?.app.source === 'account') body.app = null;
    return body;
  }
  body.app = {
    clientId,
    tenant: draftTenant(draft),
    clientSecretExpiresAt: draft.expiry ? `${draft.expiry}T00:00:00Z` : null,
  };
  const secret = draft.clientSecret.trim();
  if (secret) body.app.clientSecret = secret;
  return body;
}
