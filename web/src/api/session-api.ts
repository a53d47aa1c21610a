import { apiRequest } from './api-request.js';
import type { SessionView, SetupStatus } from './contract-types.js';

/** Sign-in, first run, invitations and the signed-in user's own password. */
export const sessionApi = {
  setup: () => apiRequest<SetupStatus>('GET', '/setup'),
  createFirstAdmin: (body: { code: string; email: string; name?: string; password: string }) =>
    apiRequest<SessionView>('POST', '/setup/first-admin', body),
  current: () => apiRequest<SessionView>('GET', '/session'),
  signIn: (email: string, password: string) => apiRequest<SessionView>('POST', '/session', { email, password }),
  signOut: () => apiRequest<void>('DELETE', '/session'),
  changePassword: (currentPassword: string, newPassword: string) =>
    apiRequest<void>('POST', '/me/password', { currentPassword, newPassword }),
  acceptInvitation: (token: string, password: string) =>
    apiRequest<SessionView>('POST', '/invitations/accept', { token, password }),
};
