import { z } from 'zod';
import { Account, AccountCreate, AccountList, AccountPatch, LinkStarted } from './accounts.js';
import { AppCertificateCreated, AppCertificateImport, AppCertificateView, AppOnlyCheckInput, AppOnlyCheckResult, MicrosoftAppInput, MicrosoftAppView } from './microsoft-app.js';
import { ApiKeyCreated, User, UserCreate, UserList } from './users.js';
import { SendMessage, TestMessage } from './messages.js';
import { MessageQueued, MessageView, OutboxPage, OutboxQuery } from './outbox.js';
import { WebhookCreate, WebhookDeliveryPage, WebhookDeliveryQuery, WebhookPage, WebhookPatch, WebhookView, WebhookWithSecret } from './webhooks.js';
import { PageQuery } from './paging.js';
import { ForwardInput, MailboxReading, MailboxState, MailFolderList, MailMessageDetail, MailMessagePage, MailMessagePatch, MailMessageQuery, MailMessageSummary, MailMessageView, ReplyInput } from './mailbox.js';
import { SandboxInbox, SandboxView } from './sandbox.js';
import { RelayCredentialCreate, RelayCredentialCreated, RelayCredentialList } from './relay.js';
import { AcceptInvitation, ApiKeyList, FirstAdminInput, LoginInput, OneTimeLink, PasswordChange, SessionView, SetupStatus, UserPatch } from './session.js';

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path under /api/v1, with {params}. */
  path: string;
  summary: string;
  admin?: boolean;
  /** `none`: callable without a key or session (first run, sign-in, invitations). */
  auth?: 'none';
  body?: z.ZodType;
  /** The query string's schema (e.g. PageQuery); endpoints without one ignore the query. */
  query?: z.ZodType;
  response?: z.ZodType;
  /** A response that is not JSON: its media type (a file or a message streamed as it is). */
  produces?: string;
  status?: number;
}

const Health = z.object({ status: z.literal('ok') });
const Empty = z.object({}).strict();

/** The REST contract: the server registers these and the OpenAPI document is generated from them. */
export const endpoints = {
  getMicrosoftApp: { method: 'get', path: '/microsoft-app', summary: 'Read the organisation-wide Microsoft app', admin: true, response: MicrosoftAppView },
  putMicrosoftApp: { method: 'put', path: '/microsoft-app', summary: 'Configure the organisation-wide Microsoft app', admin: true, body: MicrosoftAppInput, response: MicrosoftAppView },
  checkAppOnly: { method: 'post', path: '/microsoft-app/app-only/check', summary: "Check app-only sending: ask Microsoft for an app-only token on the app-only tenant and, with `to`, send a test message from a service mailbox (`from`, default the first) and wait for Microsoft's answer (up to 30 s). 200 with `diagnosis` when something failed; 409 while app-only is off", admin: true, body: AppOnlyCheckInput, response: AppOnlyCheckResult },
  createMicrosoftAppCertificate: { method: 'post', path: '/microsoft-app/certificate', summary: "Generate a key pair and a self-signed certificate for the organisation app; from then on it authenticates with it (upload the certificate in Entra ID first). Replaces any certificate it had", admin: true, body: Empty.optional(), response: AppCertificateCreated, status: 201 },
  importMicrosoftAppCertificate: { method: 'put', path: '/microsoft-app/certificate', summary: "Import a certificate with its private key (PEM, or PKCS#12 with its password) for the organisation app", admin: true, body: AppCertificateImport, response: AppCertificateView },
  getMicrosoftAppCertificate: { method: 'get', path: '/microsoft-app/certificate', summary: "The organisation app's certificate, public part only (404 when it has none)", admin: true, response: AppCertificateView },
  deleteMicrosoftAppCertificate: { method: 'delete', path: '/microsoft-app/certificate', summary: 'Remove the certificate: the organisation app authenticates with its client secret again (409 when it has none)', admin: true, status: 204 },
  createAccountAppCertificate: { method: 'post', path: '/accounts/{id}/app/certificate', summary: "Generate a key pair and a self-signed certificate for the account's own app (409 when the account uses the organisation's app)", body: Empty.optional(), response: AppCertificateCreated, status: 201 },
  importAccountAppCertificate: { method: 'put', path: '/accounts/{id}/app/certificate', summary: "Import a certificate with its private key (PEM, or PKCS#12 with its password) for the account's own app", body: AppCertificateImport, response: AppCertificateView },
  getAccountAppCertificate: { method: 'get', path: '/accounts/{id}/app/certificate', summary: "The certificate of the account's own app, public part only (404 when it has none, 409 without an own app)", response: AppCertificateView },
  deleteAccountAppCertificate: { method: 'delete', path: '/accounts/{id}/app/certificate', summary: "Remove the certificate of the account's own app: it authenticates with its client secret again", status: 204 },
  createUser: { method: 'post', path: '/users', summary: 'Create a user', admin: true, body: UserCreate, response: User, status: 201 },
  listUsers: { method: 'get', path: '/users', summary: 'List users, oldest first, by pages', admin: true, query: PageQuery, response: UserList },
  createApiKey: { method: 'post', path: '/users/{id}/api-keys', summary: 'Create an API key for a user (shown once)', admin: true, body: Empty.optional(), response: ApiKeyCreated, status: 201 },
  me: { method: 'get', path: '/me', summary: 'The user behind the API key', response: User },
  createAccount: { method: 'post', path: '/accounts', summary: 'Create a mail account (sendingMethod graph_app: a service mailbox owned by the organisation, admins only)', body: AccountCreate, response: Account, status: 201 },
  listAccounts: { method: 'get', path: '/accounts', summary: 'List mail accounts (admins see all), oldest first, by pages', query: PageQuery, response: AccountList },
  getAccount: { method: 'get', path: '/accounts/{id}', summary: 'Read a mail account and its state', response: Account },
  patchAccount: { method: 'patch', path: '/accounts/{id}', summary: 'Change a mail account', body: AccountPatch, response: Account },
  deleteAccount: { method: 'delete', path: '/accounts/{id}', summary: 'Delete a mail account and its tokens', status: 204 },
  startLink: { method: 'post', path: '/accounts/{id}/link', summary: 'Start linking: returns the URL a browser opens (409 for a service mailbox: it has nothing to link)', body: Empty.optional(), response: LinkStarted },
  unlink: { method: 'post', path: '/accounts/{id}/unlink', summary: 'Unlink: delete the tokens, keep the settings', body: Empty.optional(), response: Account },
  sendTest: { method: 'post', path: '/accounts/{id}/test', summary: 'Send a test email through the outbox; waits up to 30 s for Microsoft to accept or refuse it', body: TestMessage, response: MessageQueued, status: 202 },
  sendMessage: { method: 'post', path: '/accounts/{id}/messages', summary: 'Queue a message to send as the account (202 once it is committed; Idempotency-Key header honoured)', body: SendMessage, response: MessageQueued, status: 202 },
  getMessage: { method: 'get', path: '/messages/{id}', summary: 'An outgoing message: its state, attempts, diagnosis and history', response: MessageView },
  cancelMessage: { method: 'post', path: '/messages/{id}/cancel', summary: 'Cancel a queued, scheduled or retrying message (409 otherwise)', body: Empty.optional(), response: MessageView },
  retryMessage: { method: 'post', path: '/messages/{id}/retry', summary: 'Send a failed message again, or a held one now that its account is linked (409 otherwise)', body: Empty.optional(), response: MessageView },
  listAccountOutbox: { method: 'get', path: '/accounts/{id}/outbox', summary: "An account's outgoing messages, newest first", query: OutboxQuery, response: OutboxPage },
  createWebhook: { method: 'post', path: '/webhooks', summary: 'Register a webhook endpoint; its signing secret is shown only in this answer', body: WebhookCreate, response: WebhookWithSecret, status: 201 },
  listWebhooks: { method: 'get', path: '/webhooks', summary: 'Your webhook endpoints (admins: all)', query: PageQuery, response: WebhookPage },
  patchWebhook: { method: 'patch', path: '/webhooks/{id}', summary: 'Change, disable or enable a webhook endpoint', body: WebhookPatch, response: WebhookView },
  deleteWebhook: { method: 'delete', path: '/webhooks/{id}', summary: 'Delete a webhook endpoint and its delivery log', status: 204 },
  rotateWebhookSecret: { method: 'post', path: '/webhooks/{id}/rotate-secret', summary: 'A new signing secret (shown once); the old one keeps signing too for 24 hours', body: Empty.optional(), response: WebhookWithSecret },
  testWebhook: { method: 'post', path: '/webhooks/{id}/test', summary: 'Send a webhook.test event to the endpoint', body: Empty.optional(), status: 202 },
  listWebhookDeliveries: { method: 'get', path: '/webhooks/{id}/deliveries', summary: 'Delivery attempts to the endpoint, newest first', query: WebhookDeliveryQuery, response: WebhookDeliveryPage },
  listOutbox: { method: 'get', path: '/outbox', summary: 'Outgoing messages of every account the caller may see (admins: all), newest first', query: OutboxQuery, response: OutboxPage },
  getSetup: { method: 'get', path: '/setup', summary: 'What the first screen needs before anyone signs in', auth: 'none', response: SetupStatus },
  createFirstAdmin: { method: 'post', path: '/setup/first-admin', summary: 'Create the first administrator with the one-time code from the log; signs in', auth: 'none', body: FirstAdminInput, response: SessionView, status: 201 },
  createSession: { method: 'post', path: '/session', summary: 'Sign in with email and password (sets the session cookie)', auth: 'none', body: LoginInput, response: SessionView },
  getSession: { method: 'get', path: '/session', summary: 'The current browser session and its CSRF token (204 when signed out)', auth: 'none', response: SessionView },
  deleteSession: { method: 'delete', path: '/session', summary: 'Sign out', status: 204 },
  changePassword: { method: 'post', path: '/me/password', summary: 'Change your password (your other sessions end)', body: PasswordChange, status: 204 },
  listMyApiKeys: { method: 'get', path: '/me/api-keys', summary: 'Your API keys (never the keys themselves)', response: ApiKeyList },
  createMyApiKey: { method: 'post', path: '/me/api-keys', summary: 'Create an API key for yourself (shown once)', body: Empty.optional(), response: ApiKeyCreated, status: 201 },
  revokeMyApiKey: { method: 'delete', path: '/me/api-keys/{keyId}', summary: 'Revoke one of your API keys', status: 204 },
  patchUser: { method: 'patch', path: '/users/{id}', summary: 'Rename, change the role of, disable or enable a user', admin: true, body: UserPatch, response: User },
  createInvitation: { method: 'post', path: '/users/{id}/invitation', summary: 'A single-use link (7 days) with which the user sets their password', admin: true, body: Empty.optional(), response: OneTimeLink, status: 201 },
  acceptInvitation: { method: 'post', path: '/invitations/accept', summary: 'Set a password with an invitation token; signs in', auth: 'none', body: AcceptInvitation, response: SessionView },
  createSettingsLink: { method: 'post', path: '/users/{id}/settings-link', summary: "A single-use link (5 minutes) that opens the user's mail settings without a password", admin: true, body: Empty.optional(), response: OneTimeLink, status: 201 },
  getSandbox: { method: 'get', path: '/sandbox', summary: "The built-in sandbox's app and users (404 when MAILBRIDGE_SANDBOX=off)", admin: true, response: SandboxView },
  applySandbox: { method: 'post', path: '/sandbox/apply', summary: "Save the sandbox's app as the organisation Microsoft app", admin: true, body: Empty.optional(), response: MicrosoftAppView },
  getSandboxInbox: { method: 'get', path: '/sandbox/inbox', summary: "Messages that arrived in the sandbox users' inboxes, newest first, as text", response: SandboxInbox },
  getMailbox: { method: 'get', path: '/accounts/{id}/mailbox', summary: "Whether the account's mailbox is read, how its sync is doing, and its diagnosis", response: MailboxState },
  putMailbox: { method: 'put', path: '/accounts/{id}/mailbox', summary: 'Turn reading the mailbox on or off (off forgets what was stored of it)', body: MailboxReading, response: MailboxState },
  listMailFolders: { method: 'get', path: '/accounts/{id}/mailbox/folders', summary: "The mailbox's folders with their unread and total counts (409 while reading is off)", response: MailFolderList },
  listMailMessages: { method: 'get', path: '/accounts/{id}/mailbox/messages', summary: 'Messages of the mailbox, newest first, by pages; filters and full-text `q` over subject, sender and snippet', query: MailMessageQuery, response: MailMessagePage },
  getMailMessage: { method: 'get', path: '/accounts/{id}/mailbox/messages/{messageId}', summary: 'A message with its sanitized HTML, text and attachments (remote images only with ?images=allow); opening it leaves it unread', query: MailMessageView, response: MailMessageDetail },
  getMailAttachment: { method: 'get', path: '/accounts/{id}/mailbox/messages/{messageId}/attachments/{attachmentId}', summary: 'One attachment of a message, as a download (Content-Disposition: attachment)', produces: 'application/octet-stream' },
  getMailMessageFrame: { method: 'get', path: '/accounts/{id}/mailbox/messages/{messageId}/frame', summary: "The message's body as the HTML document the mailbox page frames: sanitized, inline images as data: URIs, remote images only with ?images=allow, under a sandboxing Content-Security-Policy; opening it leaves the message unread", query: MailMessageView, produces: 'text/html' },
  getMailMessageRaw: { method: 'get', path: '/accounts/{id}/mailbox/messages/{messageId}/raw', summary: 'The message as it is (MIME, message/rfc822), as a download', produces: 'message/rfc822' },
  patchMailMessage: { method: 'patch', path: '/accounts/{id}/mailbox/messages/{messageId}', summary: 'Mark read or unread, flag, or move a message: written to the mailbox first, then stored', body: MailMessagePatch, response: MailMessageSummary },
  deleteMailMessage: { method: 'delete', path: '/accounts/{id}/mailbox/messages/{messageId}', summary: "Move a message to the mailbox's trash (one already there stays); answers the moved message", response: MailMessageSummary },
  replyToMailMessage: { method: 'post', path: '/accounts/{id}/mailbox/messages/{messageId}/reply', summary: 'Reply (or, with `all`, reply to all) with the quoted original, In-Reply-To and References, through the outbox (Idempotency-Key header honoured)', body: ReplyInput, response: MessageQueued, status: 202 },
  forwardMailMessage: { method: 'post', path: '/accounts/{id}/mailbox/messages/{messageId}/forward', summary: 'Forward a message with its attachments and the quoted original, through the outbox (Idempotency-Key header honoured)', body: ForwardInput, response: MessageQueued, status: 202 },
  createRelayCredential: { method: 'post', path: '/accounts/{id}/relay-credentials', summary: 'Create a username and password for the SMTP relay, sending as this account (the password is shown once)', body: RelayCredentialCreate, response: RelayCredentialCreated, status: 201 },
  listRelayCredentials: { method: 'get', path: '/accounts/{id}/relay-credentials', summary: "The account's relay credentials, oldest first, by pages, with their last use", query: PageQuery, response: RelayCredentialList },
  deleteRelayCredential: { method: 'delete', path: '/accounts/{id}/relay-credentials/{credentialId}', summary: 'Revoke a relay credential: the next connection using it is refused', status: 204 },
} satisfies Record<string, Endpoint>;

export const healthResponse = Health;
