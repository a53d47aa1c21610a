import { randomBytes } from 'node:crypto';
import type { LinkFlow, MailAccount, MicrosoftApp, Problem, TokenSet, User } from '../../core/domain.js';
import { NOT_LINKED } from '../../core/domain.js';
import { Sensitive } from '../../core/sensitive.js';
import type { Store } from '../../core/ports.js';

// Entity builders for the storage contract suite (store.int.test.ts). Each call gets fresh
// random ids and secrets, so tests can share one database without colliding.

export const id = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;
export const at = (iso: string) => new Date(iso);
export const secret = (label: string) => `${label}-plaintext-${randomBytes(12).toString('hex')}`;
export const problem: Problem = { diagnosis: 'grant_expired', message: 'Sign in again', params: { email: 'a@x.test' }, microsoftText: 'AADSTS700082', at: '2024-05-01T10:00:00.000Z' };

/** Sensitive hides its value from toEqual (a private field): compare the revealed text instead. */
export const reveal = <T extends object>(entity: T | null) =>
  entity && Object.fromEntries(Object.entries(entity).map(([k, v]) => [k, v instanceof Sensitive ? { sensitive: v.reveal() } : v]));

export const makeUser = (over: Partial<User> = {}): User => ({ id: id('usr'), email: `${id('u')}@Example.test`, name: 'Ada', role: 'user', passwordHash: null, disabledAt: null, createdAt: at('2024-01-01T00:00:00.123Z'), ...over });

export const makeApp = (over: Partial<MicrosoftApp> = {}): MicrosoftApp => ({
  id: id('app'),
  scope: 'account',
  cloud: 'global',
  tenant: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  clientSecret: new Sensitive(secret('client-secret')),
  clientSecretExpiresAt: at('2026-01-01T00:00:00.000Z'),
  certificate: null,
  requestMailReadWrite: true,
  appOnly: null,
  lastError: null,
  createdAt: at('2024-01-02T00:00:00.000Z'),
  updatedAt: at('2024-01-02T00:00:00.000Z'),
  ...over,
});

/** An account with an owner, as the fixtures make them (organisation accounts have userId null). */
export type UserAccount = MailAccount & { userId: string };

export const makeAccount = (userId: string, over: Partial<MailAccount> = {}): UserAccount => ({
  id: id('acc'),
  userId,
  email: 'shared@contoso.test',
  sendingMethod: 'graph',
  appId: null,
  ...NOT_LINKED,
  defaults: { senderName: null, replyTo: null, signatureHtml: null, copyToSelf: false },
  limits: null,
  sendAs: [],
  createdAt: at('2024-02-01T00:00:00.000Z'),
  updatedAt: at('2024-02-01T00:00:00.000Z'),
  ...over,
}) as UserAccount;

export const makeTokens = (over: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: new Sensitive(secret('access-token')),
  accessTokenExpiresAt: at('2024-03-01T01:00:00.000Z'),
  refreshToken: new Sensitive(secret('refresh-token')),
  scope: 'offline_access Mail.Send',
  updatedAt: at('2024-03-01T00:00:00.000Z'),
  ...over,
});

export const makeFlow = (accountId: string, over: Partial<LinkFlow> = {}): LinkFlow => ({
  state: id('state'),
  accountId,
  appKey: 'global|common|client',
  codeVerifier: new Sensitive(secret('code-verifier')),
  ticketHash: id('ticket'),
  browserKeyHash: null,
  sessionHash: null,
  redirectUri: 'https://mailbridge.test/oauth/callback',
  createdAt: at('2024-04-01T00:00:00.000Z'),
  expiresAt: at('2024-04-01T00:10:00.000Z'),
  usedAt: null,
  ...over,
});

/** A user with one account, the parent rows most repository tests need. */
export async function seedAccount(store: Store, over: Partial<MailAccount> = {}): Promise<UserAccount> {
  const user = makeUser();
  await store.users.create(user);
  const account = makeAccount(user.id, over);
  await store.accounts.create(account);
  return account;
}
