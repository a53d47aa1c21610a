import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { attachmentSizes } from './attachment-items.js';
import { draftToAttach } from './attachment-target.js';
import { graphError } from './graph-error.js';
import { jsonBody, type GraphCall, type GraphResult } from './graph-handler.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { validateActionBody } from './schema-validate.js';
import { assertSendSize } from './send-size.js';
import { createSession } from './upload-sessions.js';
import { outlookTime, uploadUrl } from './upload-url.js';

const MiB = 1024 * 1024;
/** "If the file size is between 3 MB and 150 MB, create an upload session" (graph/outlook-large-attachments). */
const MIN_UPLOAD_BYTES = 3 * MiB;
const MAX_UPLOAD_BYTES = 150 * MiB;

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function createUploadSession(ctx: EmulatorContext) {
  return (call: GraphCall): GraphResult => {
    const found = draftToAttach(ctx, call);
    const item = validateActionBody(jsonBody(call), 'createUploadSession@Collection(graph.attachment)').AttachmentItem as Json | null | undefined;
    if (!item) throw graphError('ErrorInvalidParameter', { params: { name: 'AttachmentItem' } });
    // Unconfirmed text: only files are uploaded in sessions; items and references are not files.
    if (typeof item.attachmentType === 'string' && item.attachmentType.toLowerCase() !== 'file') {
      throw graphError('ErrorInvalidParameter', { message: "Only attachments of type 'file' can be uploaded in a session." });
    }
    if (!str(item.name)) throw graphError('ErrorInvalidParameter', { params: { name: 'name' } });
    if (typeof item.size !== 'number') throw graphError('ErrorInvalidParameter', { params: { name: 'size' } });
    if (item.size < MIN_UPLOAD_BYTES) throw graphError('ErrorAttachmentSizeShouldNotBeLessThanMinimumSize');
    if (item.size > MAX_UPLOAD_BYTES) throw graphError('ErrorAttachmentSizeShouldNotBeMoreThanMaximumSize');
    assertSendSize(call.user, [...attachmentSizes(found.item.message), item.size]);
    const session = createSession(ctx, {
      clientId: call.token.clientId, user: call.user, messageId: (call.req.params as { id: string }).id, draft: found.item,
      name: str(item.name) ?? '', contentType: str(item.contentType), isInline: item.isInline === true, contentId: str(item.contentId), size: item.size,
    });
    return {
      status: 201,
      body: {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.uploadSession',
        uploadUrl: uploadUrl(ctx, session),
        expirationDateTime: outlookTime(session.expiresAt),
        nextExpectedRanges: ['0-'],
      },
    };
  };
}

/**
 * POST /v1.0/me/messages/{id}/attachments/createUploadSession (also under /users/{id | userPrincipalName}) `{"AttachmentItem":{"attachmentType":
 * "file","name","size",…}}` (graph/api/attachment-createuploadsession; PascalCase or camelCase)
 * → 201 with an uploadSession: a pre-authenticated uploadUrl, its expiry and nextExpectedRanges
 * ["0-"]. Needs Mail.ReadWrite and a draft; 3 MiB ≤ size ≤ 150 MiB; the draft's attachments with
 * this one must stay within the mailbox's maximum send size.
 */
export function registerCreateUploadSessionRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'POST', '/messages/:id/attachments/createUploadSession', 'createUploadSession', createUploadSession(ctx));
}
