import { addressKey, type SandboxInbox } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { requireSandbox } from './require-sandbox.js';

/**
 * GET /sandbox/inbox: an admin sees every sandbox mailbox; a user only what the mailboxes they
 * linked hold or sent (see Sandbox.inbox). A linked mailbox is one they proved by signing in as
 * it; an address merely typed into an account grants nothing, or anyone could read any mailbox.
 */
export async function listSandboxInbox(deps: Pick<Deps, 'sandbox' | 'store'>, actor: Actor): Promise<SandboxInbox> {
  const sandbox = requireSandbox(deps);
  if (actor.role === 'admin') return { items: await sandbox.inbox() };
  const accounts = await deps.store.accounts.list({ userId: actor.userId });
  const linked = new Set(accounts.flatMap((a) => (a.linkedAddress === null ? [] : [addressKey(a.linkedAddress)])));
  return { items: await sandbox.inbox(linked) };
}
