import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { NotFoundError } from '../errors.js';
import type { MailContent, ParsedAttachment } from './mail-content.js';
import { loadMailMessage } from './mailbox-access.js';
import { loadMailBody } from './load-mail-body.js';

/** GET …/messages/{messageId}/attachments/{attachmentId}: one file of the message, by the id the detail gave it. */
export async function readMailAttachment(deps: Deps, content: MailContent, actor: Actor, accountId: string, messageId: string, attachmentId: string): Promise<ParsedAttachment> {
  const loaded = await loadMailMessage(deps, actor, accountId, messageId);
  const parsed = await content.parse(await loadMailBody(deps, loaded));
  const part = parsed.attachments.find((a) => a.id === attachmentId);
  if (!part) throw new NotFoundError('Attachment');
  return part;
}
