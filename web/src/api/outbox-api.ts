import { apiRequest } from './api-request.js';
import type { MessageView, OutboxStatus, Page } from './contract-types.js';
import { pageQuery, type PageParams } from './page-query.js';

/** Which page of an outbox, optionally only messages in one state. */
export interface OutboxParams extends PageParams {
  status?: OutboxStatus | null;
}

function outboxQuery({ status, ...page }: OutboxParams): string {
  const q = pageQuery(page);
  if (!status) return q;
  return `${q ? `${q}&` : '?'}status=${encodeURIComponent(status)}`;
}

const messagePath = (id: string, action: string) => `/messages/${encodeURIComponent(id)}/${action}`;

/** Outgoing messages: an account's outbox, every account's (admins), cancel and retry. */
export const outboxApi = {
  /** One page of an account's outbox, newest first. */
  listForAccount: (accountId: string, params: OutboxParams = {}) =>
    apiRequest<Page<MessageView>>('GET', `/accounts/${encodeURIComponent(accountId)}/outbox${outboxQuery(params)}`),
  /** One page of every outbox the caller may see (an admin: every account), newest first. */
  listAll: (params: OutboxParams = {}) => apiRequest<Page<MessageView>>('GET', `/outbox${outboxQuery(params)}`),
  /** Queued, scheduled or retrying only; 409 otherwise. */
  cancel: (id: string) => apiRequest<MessageView>('POST', messagePath(id, 'cancel'), {}),
  /** Failed only; 409 otherwise. */
  retry: (id: string) => apiRequest<MessageView>('POST', messagePath(id, 'retry'), {}),
};
