import { MailbridgeError, PayloadTooLargeError } from '../errors.js';
import { encodedSize, MAX_ATTACHMENT_BYTES, megabytes, UPLOAD_SESSION_MIN_BYTES } from './attachment-limits.js';

export interface SendSizeRules {
  /** The account's maximum send size (`limits.maxMessageMB`). */
  maxMessageMB: number;
  /**
   * The most a message may weigh when it must go in one request because the account cannot use a
   * draft (Graph without Mail.ReadWrite: 4 MB); null when there is no such bound.
   */
  singleRequestBytes: number | null;
  /** What the message weighs without its files (bodies, recipients, headers). */
  bodyBytes: number;
}

/**
 * The size limits of one message, checked as its files arrive (issue 9), so a refused request is
 * refused before its files are stored, or as soon as they pass a limit:
 * - a file may weigh MAX_ATTACHMENT_BYTES (Microsoft's 150 MB);
 * - the message, measured as Exchange measures it (files base64-encoded, about 4/3 of their
 *   bytes), may weigh the mailbox's maximum send size;
 * - files of 3 MB or more, or a message that does not fit one Graph request, need a draft and
 *   upload sessions, which need Mail.ReadWrite.
 */
export class SendSizeGuard {
  #finished = 0;
  #files = 0;

  constructor(private readonly rules: SendSizeRules) {}

  /** Before anything is stored: the files will weigh at least this much (from Content-Length). */
  expectAtLeast(fileBytes: number): void {
    if (fileBytes <= 0) return;
    this.#check(encodedSize(fileBytes), fileBytes >= UPLOAD_SESSION_MIN_BYTES, 'the request');
  }

  /** The file being received has grown to `size` bytes; throws when it passes a limit. */
  growing(filename: string, size: number): void {
    if (size > MAX_ATTACHMENT_BYTES) {
      throw new PayloadTooLargeError(`The file "${filename}" is larger than 150 MB, the most Microsoft attaches to a message`, {
        diagnosis: 'message_too_large',
        params: { limit: '150 MB' },
        details: [{ path: `attachments[${this.#files}]`, message: 'at most 150 MB per file (Microsoft Graph upload sessions)' }],
      });
    }
    this.#check(this.#finished + encodedSize(size), size >= UPLOAD_SESSION_MIN_BYTES, `attachments[${this.#files}]`);
  }

  /** The file being received is whole. */
  finished(size: number): void {
    this.#finished += encodedSize(size);
    this.#files += 1;
  }

  #check(encoded: number, largeFile: boolean, path: string): void {
    const { maxMessageMB, singleRequestBytes, bodyBytes } = this.rules;
    if (encoded > megabytes(maxMessageMB)) {
      throw new PayloadTooLargeError(`The message would weigh more than ${maxMessageMB} MB once encoded (files count about 4/3 of their size), this mailbox's maximum send size`, {
        diagnosis: 'message_too_large',
        params: { limit: `${maxMessageMB} MB` },
        details: [{ path, message: `the mailbox's maximum send size is ${maxMessageMB} MB, measured on the encoded message (limits.maxMessageMB)` }],
      });
    }
    if (singleRequestBytes !== null && (largeFile || encoded + bodyBytes > singleRequestBytes)) {
      throw new MailbridgeError('provider_rejected', 'Files of 3 MB or more, or messages over 4 MB, need the Mail.ReadWrite permission, which this account was not linked with', {
        diagnosis: 'large_attachment_permission_missing',
        details: [{ path, message: 'needs Mail.ReadWrite (upload sessions), or at most 3 MB of files' }],
      });
    }
  }
}
