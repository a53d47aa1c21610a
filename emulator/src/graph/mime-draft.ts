import type { AttachmentBytes, User } from '../state/types.js';
import { parseSubmission, toStoredFields } from '../smtp/smtp-message.js';
import { graphError } from './graph-error.js';
import { newInternetMessageId } from './message-ids.js';
import { assertMimeStructure, decodeMimeBody, withHeader } from './mime-message.js';

type Json = Record<string, unknown>;

export interface MimeDraft {
  /** The Graph fields Exchange shows for the MIME: subject, body, recipients (Bcc included), from, attachments. */
  message: Json;
  attachmentBytes: Record<string, AttachmentBytes>;
  internetMessageId: string;
  /** The MIME as given, with a Message-ID field added when it had none. */
  mime: string;
}

/**
 * A draft from base64 MIME (`POST /me/messages` with `Content-Type: text/plain`,
 * graph/api/user-post-messages "Create message in MIME format"; graph/outlook-send-mime-message):
 * the MIME is kept as given for $value and for the send (headers, Message-ID, attachments,
 * encodings), and its fields are what Graph shows of the draft. Bad base64 → 400
 * ErrorMimeContentInvalidBase64String; no MIME message → 400 ErrorMimeContentInvalid.
 */
export async function draftFromMime(user: User, text: string, nowIso: string): Promise<MimeDraft> {
  const given = decodeMimeBody(text);
  assertMimeStructure(given);
  let parsed;
  try {
    parsed = await parseSubmission(Buffer.from(given, 'utf8'));
  } catch {
    throw graphError('ErrorMimeContentInvalid');
  }
  const { message, attachmentBytes } = toStoredFields(parsed, [], nowIso);
  const own = typeof message.internetMessageId === 'string' ? message.internetMessageId : undefined;
  const internetMessageId = own ?? newInternetMessageId(user);
  return {
    message: { ...message, internetMessageId }, attachmentBytes, internetMessageId,
    mime: own === undefined ? withHeader(given, 'Message-ID', internetMessageId) : given,
  };
}
