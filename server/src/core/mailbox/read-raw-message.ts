import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import type { MailMessage } from './mail-message.js';
import { loadMailMessage } from './mailbox-access.js';
import { loadMailBody } from './load-mail-body.js';

/** GET …/messages/{messageId}/raw: the message's MIME as the mailbox has it, byte for byte. */
export async function readRawMessage(deps: Deps, actor: Actor, accountId: string, messageId: string): Promise<{ message: MailMessage; mime: Buffer }> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  return { message: loaded.message, mime: await loadMailBody(deps, loaded) };
}
