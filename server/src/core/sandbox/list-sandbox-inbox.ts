import type { SandboxInbox } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { requireSandbox } from './require-sandbox.js';

/**
 * GET /sandbox/inbox: an admin sees every sandbox mailbox; a user only mail from or to the
 * addresses of their own mail accounts (what they typed, and the mailbox each one linked to),
 * compared case-insensitively as mail systems compare them.
 */
export async function listSandboxInbox(deps: Pick<Deps, 'sandbox' | 'store'>, actor: Actor): Promise<SandboxInbox> {
  const sandbox = requireSandbox(deps);
  if (actor.role === 'admin') return { items: await sandbox.inbox() };
  const accounts = await deps.store.accounts.list({ userId: actor.userId });
  const own = new Set(accounts.flatMap((a) => [a.email, a.linkedAddress ?? a.email]).map((a) => a.toLowerCase()));
  return { items: await sandbox.inbox(own) };
}
