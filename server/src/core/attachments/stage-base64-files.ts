import type { Attachment } from '@mailbridge/contract';
import type { Deps } from '../deps.js';
import type { OutgoingAttachment } from '../ports.js';
import type { SendSizeGuard } from './send-size.js';
import { asAttachment, storeFile } from './store-file.js';

/**
 * The files of a JSON send (base64 in the body): checked against the message's limits first, all
 * of them, then stored like the files of a multipart send. On failure nothing stays stored.
 */
export async function stageBase64Files(deps: Pick<Deps, 'store' | 'clock'>, userId: string, guard: SendSizeGuard, attachments: readonly Attachment[]): Promise<OutgoingAttachment[]> {
  const decoded = attachments.map((a) => Buffer.from(a.contentBase64, 'base64'));
  decoded.forEach((bytes, i) => {
    guard.growing(attachments[i]!.filename, bytes.length);
    guard.finished(bytes.length);
  });
  const files: OutgoingAttachment[] = [];
  try {
    for (const [i, a] of attachments.entries()) {
      const file = await storeFile(deps.store, userId, [decoded[i]!], () => {}, deps.clock.now());
      files.push(asAttachment(file, a));
    }
    return files;
  } catch (e) {
    await deps.store.attachments.delete(files.map((f) => f.fileId));
    throw e;
  }
}
