import { apiRequest } from './api-request.js';
import type { Page, WebhookDelivery, WebhookView, WebhookWithSecret } from './contract-types.js';
import { pageQuery, type PageParams } from './page-query.js';

export interface WebhookBody {
  url: string;
  /** Event types, or `['*']` for all of them. */
  events: string[];
  description?: string;
}

export interface WebhookChange {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

const path = (id: string, rest = '') => `/webhooks/${encodeURIComponent(id)}${rest}`;

/** Webhook endpoints: a user's own, or (for an admin) everyone's. Secrets come back only on create and rotate. */
export const webhooksApi = {
  list: (page: PageParams = {}) => apiRequest<Page<WebhookView>>('GET', `/webhooks${pageQuery(page)}`),
  create: (body: WebhookBody) => apiRequest<WebhookWithSecret>('POST', '/webhooks', body),
  update: (id: string, body: WebhookChange) => apiRequest<WebhookView>('PATCH', path(id), body),
  remove: (id: string) => apiRequest<void>('DELETE', path(id)),
  rotateSecret: (id: string) => apiRequest<WebhookWithSecret>('POST', path(id, '/rotate-secret'), {}),
  sendTest: (id: string) => apiRequest<void>('POST', path(id, '/test'), {}),
  deliveries: (id: string, page: PageParams = {}) => apiRequest<Page<WebhookDelivery>>('GET', path(id, `/deliveries${pageQuery(page)}`)),
};
