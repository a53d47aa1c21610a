import { createHash } from 'node:crypto';
import type { OutgoingAttachment, Store } from '../ports.js';
import { newId } from '../random-token.js';
import { ATTACHMENT_CHUNK_BYTES } from './attachment-limits.js';

export interface StoredFile {
  id: string;
  size: number;
  sha256: string;
}

/** A stored file as an attachment of a message, with what describes it. */
export const asAttachment = (file: StoredFile, d: { filename: string; contentType: string; inline?: boolean | undefined; contentId?: string | undefined }): OutgoingAttachment => ({
  filename: d.filename,
  contentType: d.contentType,
  inline: d.inline ?? false,
  ...(d.contentId ? { contentId: d.contentId } : {}),
  fileId: file.id,
  size: file.size,
  sha256: file.sha256,
});

/**
 * Streams one file into the database as it arrives, in chunks of ATTACHMENT_CHUNK_BYTES, hashing it
 * on the way: at most one chunk is held in memory. `onBytes` sees the running size before each
 * piece is kept and throws to refuse the file (a limit passed). The file stays staged (no message)
 * until a message claims it; whoever calls this deletes it if the request then fails. A file that
 * fails while arriving is deleted here.
 */
export async function storeFile(store: Pick<Store, 'attachments'>, userId: string, source: AsyncIterable<Buffer> | Iterable<Buffer>, onBytes: (size: number) => void, now: Date): Promise<StoredFile> {
  const id = newId();
  await store.attachments.begin(id, userId, now);
  try {
    return await receive(store, id, source, onBytes);
  } catch (e) {
    await store.attachments.delete([id]).catch(() => {});
    throw e;
  }
}

async function receive(store: Pick<Store, 'attachments'>, id: string, source: AsyncIterable<Buffer> | Iterable<Buffer>, onBytes: (size: number) => void): Promise<StoredFile> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(ATTACHMENT_CHUNK_BYTES);
  let filled = 0;
  let seq = 0;
  let size = 0;
  for await (const piece of source) {
    size += piece.length;
    onBytes(size);
    hash.update(piece);
    let at = 0;
    while (at < piece.length) {
      const n = piece.copy(chunk, filled, at);
      filled += n;
      at += n;
      if (filled === ATTACHMENT_CHUNK_BYTES) {
        await store.attachments.putChunk(id, seq++, chunk);
        filled = 0;
      }
    }
  }
  if (filled > 0) await store.attachments.putChunk(id, seq, chunk.subarray(0, filled));
  const sha256 = hash.digest('hex');
  await store.attachments.finish(id, size);
  return { id, size, sha256 };
}
