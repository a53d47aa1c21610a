import { apiRequest } from './api-request.js';
import type { SandboxMessage, SandboxView } from './contract-types.js';

/** The built-in stand-in for Microsoft. */
export const sandboxApi = {
  get: () => apiRequest<SandboxView>('GET', '/sandbox'),
  apply: () => apiRequest<unknown>('POST', '/sandbox/apply', {}),
  inbox: () => apiRequest<{ items: SandboxMessage[] }>('GET', '/sandbox/inbox'),
};
