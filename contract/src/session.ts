import { z } from 'zod';
import { EmailAddress, IsoDateTime, singleLine } from './common.js';
import { Role, User } from './users.js';

/** Passwords: long enough to matter, short enough for scrypt to stay cheap. */
export const Password = z.string().min(10, { message: 'must be at least 10 characters' }).max(200);

export const LoginInput = z.object({ email: EmailAddress, password: z.string().min(1).max(200) }).strict();
export type LoginInput = z.infer<typeof LoginInput>;

/**
 * A browser session. `scope: "settings"` is the limited session opened by a signed settings link
 * (one user's mail settings, nothing else). State-changing calls send `csrfToken` in the
 * `X-CSRF-Token` header.
 */
export const SessionView = z.object({
  user: User,
  scope: z.enum(['full', 'settings']),
  csrfToken: z.string(),
  expiresAt: IsoDateTime,
});
export type SessionView = z.infer<typeof SessionView>;

/** What the first screen needs to know before anyone signs in. */
export const SetupStatus = z.object({
  needsFirstAdmin: z.boolean(),
  organizationAppConfigured: z.boolean(),
  sandbox: z.object({ available: z.boolean(), active: z.boolean() }),
  /** The redirect URI to register in the app registration: known before anything is saved. */
  redirectUri: z.string(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

export const FirstAdminInput = z
  .object({ code: z.string().min(1).max(200), email: EmailAddress, name: singleLine(200).optional(), password: Password })
  .strict();
export type FirstAdminInput = z.infer<typeof FirstAdminInput>;

export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password }).strict();

export const AcceptInvitation = z.object({ token: z.string().min(1).max(200), password: Password }).strict();

/** A single-use link with a short life: invitations, password resets, signed settings links. */
export const OneTimeLink = z.object({ url: z.string(), expiresAt: IsoDateTime });
export type OneTimeLink = z.infer<typeof OneTimeLink>;

export const UserPatch = z
  .object({ name: singleLine(200).nullable().optional(), role: Role.optional(), disabled: z.boolean().optional() })
  .strict();
export type UserPatch = z.infer<typeof UserPatch>;

export const ApiKeyView = z.object({ id: z.string(), prefix: z.string(), createdAt: IsoDateTime, lastUsedAt: IsoDateTime.nullable() });
export const ApiKeyList = z.object({ items: z.array(ApiKeyView) });
