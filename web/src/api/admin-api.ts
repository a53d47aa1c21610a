import { apiRequest } from './api-request.js';
import { ApiError } from './api-error.js';
import type { AdminUser, AppOnlyCheckInput, AppOnlyCheckResult, MicrosoftAppView, OneTimeLink, Page, SetupStatus } from './contract-types.js';
import { pageQuery, type PageParams } from './page-query.js';

export interface MicrosoftAppBody {
  tenant?: string;
  clientId: string;
  /** null removes the secret: only while the app has a certificate. */
  clientSecret?: string | null;
  clientSecretExpiresAt?: string | null;
  /** Sending from service mailboxes (app-only); absent keeps it, null turns it off. */
  appOnly?: { enabled: boolean; tenant: string } | null;
}

const userPath = (id: string, rest = '') => `/users/${encodeURIComponent(id)}${rest}`;

/** Administration: the organisation's Microsoft app and the users. */
export const adminApi = {
  /** "No app yet" is a normal state: ask /setup first rather than provoke a 404 the browser logs. */
  getMicrosoftApp: async () => {
    const setup = await apiRequest<SetupStatus>('GET', '/setup');
    if (!setup.organizationAppConfigured) throw new ApiError(404, 'not_found', 'No organisation app yet');
    return apiRequest<MicrosoftAppView>('GET', '/microsoft-app');
  },
  putMicrosoftApp: (body: MicrosoftAppBody) => apiRequest<MicrosoftAppView>('PUT', '/microsoft-app', body),
  /** An app-only token and, with `to`, a test message from a service mailbox (200 with `diagnosis` when something failed). */
  checkAppOnly: (body: AppOnlyCheckInput) => apiRequest<AppOnlyCheckResult>('POST', '/microsoft-app/app-only/check', body),
  /** One page of users, oldest first. */
  listUsers: (page: PageParams = {}) => apiRequest<Page<AdminUser>>('GET', `/users${pageQuery(page)}`),
  createUser: (body: { email: string; name?: string; role: 'admin' | 'user' }) => apiRequest<AdminUser>('POST', '/users', body),
  updateUser: (id: string, body: { name?: string; role?: 'admin' | 'user'; disabled?: boolean }) =>
    apiRequest<AdminUser>('PATCH', userPath(id), body),
  invitation: (id: string) => apiRequest<OneTimeLink>('POST', userPath(id, '/invitation'), {}),
  settingsLink: (id: string) => apiRequest<OneTimeLink>('POST', userPath(id, '/settings-link'), {}),
};
