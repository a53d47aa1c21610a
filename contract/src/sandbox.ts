import { z } from 'zod';

/**
 * The sandbox: Mailbridge's built-in stand-in for Microsoft. Its app's secret is a throwaway value
 * of the emulator, shown so a newcomer can walk the setup steps exactly as with Azure.
 */
export const SandboxView = z.object({
  active: z.boolean(),
  authorityUrl: z.string(),
  app: z.object({ displayName: z.string(), clientId: z.string(), clientSecret: z.string(), tenant: z.string() }),
  users: z.array(
    z.object({
      email: z.string(),
      displayName: z.string(),
      kind: z.enum(['work', 'personal']),
      /** Shared mailboxes the user has Send As rights on (to try an account's `sendAs`). */
      sendAs: z.array(z.string()).optional(),
    }),
  ),
});
export type SandboxView = z.infer<typeof SandboxView>;

export const SandboxMessage = z.object({
  id: z.string(),
  mailbox: z.string(),
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string(),
  bodyText: z.string(),
  receivedAt: z.string(),
});
export const SandboxInbox = z.object({ items: z.array(SandboxMessage) });
export type SandboxMessage = z.infer<typeof SandboxMessage>;
export type SandboxInbox = z.infer<typeof SandboxInbox>;
