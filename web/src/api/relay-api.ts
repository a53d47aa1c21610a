import { apiRequest } from './api-request.js';
import type { RelayCredentialCreate, RelayCredentialCreated, RelayCredentialList } from './contract-types.js';
import { pageQuery, type PageParams } from './page-query.js';

const path = (accountId: string, rest = '') => `/accounts/${encodeURIComponent(accountId)}/relay-credentials${rest}`;

/**
 * An account's SMTP relay credentials (createRelayCredential, listRelayCredentials,
 * deleteRelayCredential in the contract). The password comes back only from `create`.
 */
export const relayApi = {
  /** A page of credentials, with where the relay listens (`relay`). */
  list: (accountId: string, page: PageParams = {}) => apiRequest<RelayCredentialList>('GET', path(accountId, pageQuery(page))),
  create: (accountId: string, body: RelayCredentialCreate) => apiRequest<RelayCredentialCreated>('POST', path(accountId), body),
  remove: (accountId: string, credentialId: string) => apiRequest<void>('DELETE', path(accountId, `/${encodeURIComponent(credentialId)}`)),
};
