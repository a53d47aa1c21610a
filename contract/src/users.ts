import { z } from 'zod';
import { EmailAddress, IsoDateTime, singleLine } from './common.js';
import { page } from './paging.js';

export const Role = z.enum(['admin', 'user']);
export type Role = z.infer<typeof Role>;

export const UserCreate = z
  .object({ email: EmailAddress, name: singleLine(200).optional(), role: Role.default('user') })
  .strict();
export type UserCreate = z.infer<typeof UserCreate>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  /** A disabled user can neither sign in nor use their API keys; their data stays. */
  disabled: z.boolean(),
  createdAt: IsoDateTime,
});
export type User = z.infer<typeof User>;

export const ApiKeyCreated = z.object({
  id: z.string(),
  key: z.string().describe('Shown once; only a hash is stored.'),
  createdAt: IsoDateTime,
});
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

/** GET /users: one page. */
export const UserList = page(User);
