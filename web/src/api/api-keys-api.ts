import { apiRequest } from './api-request.js';
import type { ApiKeyCreated, ApiKeyItem } from './contract-types.js';

/** The signed-in user's API keys (the key itself is only returned once, on creation). */
export const apiKeysApi = {
  list: () => apiRequest<{ items: ApiKeyItem[] }>('GET', '/me/api-keys'),
  create: () => apiRequest<ApiKeyCreated>('POST', '/me/api-keys', {}),
  revoke: (id: string) => apiRequest<void>('DELETE', `/me/api-keys/${encodeURIComponent(id)}`),
};
