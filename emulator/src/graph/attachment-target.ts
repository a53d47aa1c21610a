import type { EmulatorContext } from '../state/context.js';
import type { AttachmentBytes, StoredMessage } from '../state/types.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import type { GraphCall } from './graph-handler.js';
import { itemToRead } from './get-message-route.js';
import type { FoundItem } from './mail-items.js';

/**
 * The draft a request attaches a file to (POST attachments, createUploadSession): both need
 * Mail.ReadWrite (graph/api/message-post-attachments, graph/api/attachment-createuploadsession).
 * An item that is no longer a draft gets the error of sending one again.
 */
export function draftToAttach(ctx: EmulatorContext, call: GraphCall): FoundItem {
  const found = itemToChange(ctx, call);
  if (found.folder !== 'drafts') throw graphError('ErrorInvalidOperation');
  if (call.user.mailboxFull) throw graphError('ErrorQuotaExceeded');
  return found;
}

/** The item `{id}` of the signed-in mailbox, for a request that changes it (needs Mail.ReadWrite). */
export function itemToChange(ctx: EmulatorContext, call: GraphCall): FoundItem {
  if (!hasPermission(call.token, 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
  return itemToRead(ctx, call);
}

/** Adds a stored attachment (and, for an uploaded file, its bytes) to a draft. */
export function addAttachment(ctx: EmulatorContext, draft: StoredMessage, entry: Record<string, unknown>, bytes?: AttachmentBytes): void {
  const message = draft.message;
  message.attachments = [...(Array.isArray(message.attachments) ? message.attachments : []), entry];
  message.hasAttachments = true;
  message.lastModifiedDateTime = entry.lastModifiedDateTime;
  if (bytes) draft.attachmentBytes = { ...draft.attachmentBytes, [String(entry.id)]: bytes };
  delete draft.mime; // a draft made from MIME is rebuilt from its properties from now on
  ctx.store.touch('mail');
}
