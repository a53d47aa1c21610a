import { apiRequest } from './api-request.js';
import type { AccountView, LinkStarted, MessageQueued, Page, SendingDefaults, SendingMethod } from './contract-types.js';
import { pageQuery, type PageParams } from './page-query.js';

export interface AccountAppBody {
  tenant?: string;
  clientId: string;
  /** null removes the secret: only while the app has a certificate. */
  clientSecret?: string | null;
  clientSecretExpiresAt?: string | null;
}

export interface AccountBody {
  email?: string;
  /** Changing it switches at once, or (a method in `relinkNeededFor`) asks for linking again. */
  sendingMethod?: SendingMethod;
  /** Shared mailboxes the account may send as; replaces the saved list. */
  sendAs?: string[];
  /** null removes the account's own app, so the organisation's app is used. */
  app?: AccountAppBody | null;
  defaults?: SendingDefaults;
}

/** A file sent with the test email: its bytes in base64, without a data: prefix. */
export interface TestAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

const path = (id: string, rest = '') => `/accounts/${encodeURIComponent(id)}${rest}`;

/** Mail accounts: settings, linking to Microsoft, test email. */
export const accountsApi = {
  /** One page, oldest first: an admin's pages hold every user's accounts, a user's their own. */
  list: (page: PageParams = {}) => apiRequest<Page<AccountView>>('GET', `/accounts${pageQuery(page)}`),
  /**
   * The first account of this user. A user's pages hold only their own, so the first page
   * answers; an admin's hold everyone's, so it reads on (100 at a time) until it finds one.
   */
  async findOwn(userId: string): Promise<AccountView | undefined> {
    let cursor: string | null = null;
    do {
      const page: Page<AccountView> = await accountsApi.list({ cursor, limit: 100 });
      const own = page.items.find((a) => a.userId === userId);
      if (own) return own;
      cursor = page.nextCursor;
    } while (cursor);
    return undefined;
  },
  get: (id: string) => apiRequest<AccountView>('GET', path(id)),
  create: (body: AccountBody & { email: string; sendingMethod: SendingMethod }) => apiRequest<AccountView>('POST', '/accounts', body),
  update: (id: string, body: AccountBody) => apiRequest<AccountView>('PATCH', path(id), body),
  remove: (id: string) => apiRequest<void>('DELETE', path(id)),
  startLink: (id: string) => apiRequest<LinkStarted>('POST', path(id, '/link'), {}),
  unlink: (id: string) => apiRequest<AccountView>('POST', path(id, '/unlink'), {}),
  /** The test email, with a file to try attachments (up to about 18 MB: the JSON body is limited to 25 MB). */
  sendTest: (id: string, to: string, attachment?: TestAttachment) =>
    apiRequest<MessageQueued>('POST', path(id, '/test'), attachment ? { to, attachment } : { to }),
};
