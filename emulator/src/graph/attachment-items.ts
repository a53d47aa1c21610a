import { createHash } from 'node:crypto';
import type { AttachmentInfo, StoredMessage } from '../state/types.js';
import { newAttachmentId } from './message-ids.js';

type Json = Record<string, unknown>;

export const FILE_ATTACHMENT = '#microsoft.graph.fileAttachment';

/** The attachments of a message (entries of `message.attachments`). */
export function attachmentEntries(message: Json): Json[] {
  return Array.isArray(message.attachments) ? (message.attachments as Json[]) : [];
}

/**
 * A fileAttachment as a client sent it (sendMail, a new draft, POST attachments) as the item
 * keeps it: with an id, its time and the size of its bytes, which Graph works out itself
 * (graph/api/resources/fileattachment). The contentBytes stay as sent (under 4 MB).
 */
export function storedAttachment(given: Json, nowIso: string): Json {
  const bytes = typeof given.contentBytes === 'string' ? Buffer.from(given.contentBytes, 'base64').length : 0;
  return { ...given, id: newAttachmentId(), lastModifiedDateTime: nowIso, size: bytes, isInline: given.isInline === true };
}

/** The message with its attachments made into stored ones (unchanged when it has none). */
export function withStoredAttachments(message: Json, nowIso: string): Json {
  if (!Array.isArray(message.attachments)) return message;
  return { ...message, attachments: attachmentEntries(message).map((a) => storedAttachment(a, nowIso)) };
}

/** Sizes in bytes of the message's attachments. */
export function attachmentSizes(message: Json): number[] {
  return attachmentEntries(message).map((a) => (typeof a.size === 'number' ? a.size : 0));
}

/** The bytes of one attachment: decoded contentBytes, or the upload session's fragments; undefined once gone. */
export function attachmentContent(stored: StoredMessage, entry: Json): Buffer | undefined {
  if (typeof entry.contentBytes === 'string') return Buffer.from(entry.contentBytes, 'base64');
  const uploaded = stored.attachmentBytes?.[String(entry.id)];
  return uploaded ? Buffer.concat(uploaded.chunks, uploaded.size) : undefined;
}

function sha256(stored: StoredMessage, entry: Json): string | null {
  const uploaded = stored.attachmentBytes?.[String(entry.id)];
  if (uploaded) return uploaded.sha256;
  const content = attachmentContent(stored, entry);
  return content ? createHash('sha256').update(content).digest('hex') : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** What tests see of a message's attachments: metadata and the SHA-256 of the bytes. */
export function attachmentInfos(stored: StoredMessage): AttachmentInfo[] {
  return attachmentEntries(stored.message).map((a) => ({
    id: String(a.id), name: str(a.name) ?? '', contentType: str(a.contentType), size: typeof a.size === 'number' ? a.size : 0,
    isInline: a.isInline === true, contentId: str(a.contentId), sha256: sha256(stored, a),
  }));
}

/**
 * An attachment as Graph answers it (graph/api/resources/fileattachment). Its contentBytes are
 * encoded on the way out only when asked for: an uploaded file is kept as bytes.
 */
export function renderAttachment(stored: StoredMessage, entry: Json, withContent: boolean): Json {
  const out: Json = {
    '@odata.type': FILE_ATTACHMENT,
    '@odata.mediaContentType': str(entry.contentType),
    id: entry.id,
    lastModifiedDateTime: entry.lastModifiedDateTime ?? null,
    name: str(entry.name),
    contentType: str(entry.contentType),
    size: entry.size,
    isInline: entry.isInline === true,
    contentId: str(entry.contentId),
    contentLocation: str(entry.contentLocation),
  };
  if (withContent) out.contentBytes = str(entry.contentBytes) ?? attachmentContent(stored, entry)?.toString('base64') ?? null;
  return out;
}
