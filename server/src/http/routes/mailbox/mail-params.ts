import { MailboxId } from '@mailbridge/contract';
import { InvalidInputError } from '../../../core/errors.js';

/** A path id of the mailbox API (`messageId`, `attachmentId`): Mailbridge's own, or a 400 naming it. */
export function mailboxParam(params: Record<string, string>, name: 'messageId' | 'attachmentId'): string {
  const value = params[name];
  if (!MailboxId.safeParse(value).success) {
    throw new InvalidInputError(`Invalid path: ${name} must be an id Mailbridge gave (letters, digits, _ and -, at most 64)`, { details: [{ path: name, message: 'must be an id Mailbridge gave' }] });
  }
  return value!;
}
