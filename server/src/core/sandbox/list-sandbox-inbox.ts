import type { SandboxInbox } from '@mailbridge/contract';
import type { Deps } from '../deps.js';
import { requireSandbox } from './require-sandbox.js';

/** GET /sandbox/inbox: any signed-in user may look; the sandbox's mailboxes hold only test mail. */
export async function listSandboxInbox(deps: Pick<Deps, 'sandbox'>): Promise<SandboxInbox> {
  return { items: await requireSandbox(deps).inbox() };
}
