import { z } from 'zod';
import { Account, AccountCreate, AccountList, AccountPatch, LinkStarted } from './accounts.js';
import { MicrosoftAppInput, MicrosoftAppView } from './microsoft-app.js';
import { ApiKeyCreated, User, UserCreate, UserList } from './users.js';
import { MessageAccepted, SendMessage, TestMessage } from './messages.js';

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path under /api/v1, with {params}. */
  path: string;
  summary: string;
  admin?: boolean;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
}

const Health = z.object({ status: z.literal('ok') });
const Empty = z.object({}).strict();

/** The REST contract: the server registers these and the OpenAPI document is generated from them. */
export const endpoints = {
  getMicrosoftApp: { method: 'get', path: '/microsoft-app', summary: 'Read the organisation-wide Microsoft app', admin: true, response: MicrosoftAppView },
  putMicrosoftApp: { method: 'put', path: '/microsoft-app', summary: 'Configure the organisation-wide Microsoft app', admin: true, body: MicrosoftAppInput, response: MicrosoftAppView },
  createUser: { method: 'post', path: '/users', summary: 'Create a user', admin: true, body: UserCreate, response: User, status: 201 },
  listUsers: { method: 'get', path: '/users', summary: 'List users', admin: true, response: UserList },
  createApiKey: { method: 'post', path: '/users/{id}/api-keys', summary: 'Create an API key for a user (shown once)', admin: true, body: Empty.optional(), response: ApiKeyCreated, status: 201 },
  me: { method: 'get', path: '/me', summary: 'The user behind the API key', response: User },
  createAccount: { method: 'post', path: '/accounts', summary: 'Create a mail account', body: AccountCreate, response: Account, status: 201 },
  listAccounts: { method: 'get', path: '/accounts', summary: 'List mail accounts (admins see all)', response: AccountList },
  getAccount: { method: 'get', path: '/accounts/{id}', summary: 'Read a mail account and its state', response: Account },
  patchAccount: { method: 'patch', path: '/accounts/{id}', summary: 'Change a mail account', body: AccountPatch, response: Account },
  deleteAccount: { method: 'delete', path: '/accounts/{id}', summary: 'Delete a mail account and its tokens', status: 204 },
  startLink: { method: 'post', path: '/accounts/{id}/link', summary: 'Start linking: returns the URL a browser opens', body: Empty.optional(), response: LinkStarted },
  unlink: { method: 'post', path: '/accounts/{id}/unlink', summary: 'Unlink: delete the tokens, keep the settings', body: Empty.optional(), response: Account },
  sendTest: { method: 'post', path: '/accounts/{id}/test', summary: 'Send a test email', body: TestMessage, response: MessageAccepted, status: 202 },
  sendMessage: { method: 'post', path: '/accounts/{id}/messages', summary: 'Send a message as the account', body: SendMessage, response: MessageAccepted, status: 202 },
} satisfies Record<string, Endpoint>;

export const healthResponse = Health;
