import type { OutgoingAttachment, Store } from '../ports.js';
import { MailbridgeError } from '../errors.js';
import { ATTACHMENT_CHUNK_BYTES } from './attachment-limits.js';

/**
 * Bytes [start, end) of an attachment: from the chunks that hold them (one, or two when the range
 * crosses a chunk boundary), or from a message queued before files were stored apart.
 */
export async function readAttachment(store: Pick<Store, 'attachments'>, a: OutgoingAttachment, start: number, end: number): Promise<Buffer> {
  if (a.content) return a.content.subarray(start, end);
  const parts: Buffer[] = [];
  for (let seq = Math.floor(start / ATTACHMENT_CHUNK_BYTES); seq * ATTACHMENT_CHUNK_BYTES < end; seq++) {
    const chunk = await store.attachments.chunk(a.fileId, seq);
    if (!chunk) {
      throw new MailbridgeError('not_found', `The file "${a.filename}" is no longer stored (files are kept for MAILBRIDGE_ATTACHMENT_RETENTION after their message ended): send the message again`);
    }
    const from = seq * ATTACHMENT_CHUNK_BYTES;
    parts.push(chunk.subarray(Math.max(0, start - from), Math.min(chunk.length, end - from)));
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
