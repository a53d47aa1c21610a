import type { User } from '../state/types.js';
import { graphError } from './graph-error.js';

/** A file's size once base64-encoded in the message: 4 characters for every 3 bytes. */
export const encodedSize = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/**
 * Exchange Online measures a message against the mailbox's maximum send size (35 MB unless an
 * admin changed it, up to 150 MB: graph/api/attachment-createuploadsession) as it travels, its
 * attachments base64-encoded. The emulator counts the attachments only (bodies and headers are
 * left out, MIME messages are not measured): over the limit → 400 ErrorMessageSizeExceeded.
 */
export function assertSendSize(user: User, fileSizes: number[]): void {
  const total = fileSizes.reduce((sum, bytes) => sum + encodedSize(bytes), 0);
  if (total > user.maxSendSizeBytes) throw graphError('ErrorMessageSizeExceeded');
}
