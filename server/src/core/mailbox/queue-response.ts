import type { Attachment } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import type { OutgoingAttachment, OutgoingMessage } from '../ports.js';
import { prepareSend } from '../outbox/prepare-send.js';
import { queueMessage } from '../outbox/queue-message.js';
import type { OutboxMessage } from '../outbox/outbox-message.js';
import { stageBase64Files } from '../attachments/stage-base64-files.js';
import { asAttachment, storeFile } from '../attachments/store-file.js';
import { fieldsBytes, type MessageFields } from '../sending/to-outgoing.js';
import type { ParsedAttachment } from './mail-content.js';
import { responseFields } from './response-fields.js';

export interface ResponseRequest {
  input: MessageFields;
  /** The caller's own files (base64, as in a JSON send). */
  attachments?: readonly Attachment[] | undefined;
  /** Parts of the original carried along (a forward). */
  carried?: readonly ParsedAttachment[];
  respondsTo: NonNullable<OutgoingMessage['respondsTo']>;
  idempotencyKey?: string | undefined;
}

/**
 * Queues a reply or forward exactly as POST /accounts/{id}/messages queues a message: the
 * mailbox's size limits checked before anything is stored, the files staged, then the message,
 * its files and its `message.queued` event committed together (queueMessage).
 */
export async function queueResponse(deps: Deps, actor: Actor, accountId: string, req: ResponseRequest): Promise<{ message: OutboxMessage; replayed: boolean }> {
  const input = responseFields(req.input);
  const prepared = await prepareSend(deps, actor, accountId);
  const guard = prepared.sizeGuard(fieldsBytes(input));
  const carried = req.carried ?? [];
  for (const part of carried) {
    guard.growing(part.filename, part.size);
    guard.finished(part.size);
  }
  const files = await stageBase64Files(deps, actor.userId, guard, req.attachments ?? []);
  try {
    for (const part of carried) {
      const file = await storeFile(deps.store, actor.userId, [part.content], () => {}, deps.clock.now());
      files.push(asAttachment(file, { filename: part.filename, contentType: part.contentType, inline: part.inline, contentId: part.contentId ?? undefined }));
    }
  } catch (e) {
    await deps.store.attachments.delete(files.map((f: OutgoingAttachment) => f.fileId));
    throw e;
  }
  return queueMessage(deps, actor, prepared, { input, files, idempotencyKey: req.idempotencyKey, respondsTo: req.respondsTo });
}
