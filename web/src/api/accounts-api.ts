import { apiRequest } from './api-request.js';
import type { AccountView, LinkStarted, MessageAccepted, SendingDefaults } from './contract-types.js';

export interface AccountAppBody {
  tenant?: string;
  clientId: string;
  clientSecret?: string;
  clientSecretExpiresAt?: string | null;
}

export interface AccountBody {
  email?: string;
  sendingMethod?: 'graph';
  /** null removes the account's own app, so the organisation's app is used. */
  app?: AccountAppBody | null;
  defaults?: SendingDefaults;
}

const path = (id: string, rest = '') => `/accounts/${encodeURIComponent(id)}${rest}`;

/** Mail accounts: settings, linking to Microsoft, test email. */
export const accountsApi = {
  list: () => apiRequest<{ items: AccountView[] }>('GET', '/accounts'),
  create: (body: AccountBody & { email: string; sendingMethod: 'graph' }) => apiRequest<AccountView>('POST', '/accounts', body),
  update: (id: string, body: AccountBody) => apiRequest<AccountView>('PATCH', path(id), body),
  remove: (id: string) => apiRequest<void>('DELETE', path(id)),
  startLink: (id: string) => apiRequest<LinkStarted>('POST', path(id, '/link'), {}),
  unlink: (id: string) => apiRequest<AccountView>('POST', path(id, '/unlink'), {}),
  sendTest: (id: string, to: string) => apiRequest<MessageAccepted>('POST', path(id, '/test'), { to }),
};
