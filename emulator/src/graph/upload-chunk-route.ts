import type { FastifyInstance } from 'fastify';
import { graphTime } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { UploadSession } from '../state/types.js';
import { FILE_ATTACHMENT } from './attachment-items.js';
import { addAttachment } from './attachment-target.js';
import { readFragment } from './fragment-body.js';
import { graphError, type GraphError } from './graph-error.js';
import type { GraphResult } from './graph-handler.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { newAttachmentId } from './message-ids.js';
import { GRAPH_REQUEST_LIMIT } from './raw-body.js';
import { uploadHandler, type UploadCall } from './upload-handler.js';
import { assertUploadQuota, countUpload } from './upload-quota.js';
import { assertLive, forgetSession } from './upload-sessions.js';
import { attachmentLocation, sessionStatus, UPLOAD_ROUTE } from './upload-url.js';

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

// Unconfirmed texts: what Outlook answers to a malformed fragment is not on record.
const invalid = (message: string): GraphError => graphError('ErrorInvalidRequest', { message });

/** 416 for a fragment that does not start where the session is: the body says where to resume. */
const outOfOrder = (session: UploadSession): GraphError =>
  graphError('ErrorInvalidRange', { params: { next: String(session.next) }, extra: { nextExpectedRanges: [String(session.next)] } });

/** The last fragment makes the file an attachment of the draft, and the session is done. */
function complete(ctx: EmulatorContext, session: UploadSession): GraphResult {
  const entry = {
    '@odata.type': FILE_ATTACHMENT, id: newAttachmentId(), lastModifiedDateTime: graphTime(ctx.clock.now()),
    name: session.name, contentType: session.contentType, size: session.size, isInline: session.isInline, contentId: session.contentId,
  };
  addAttachment(ctx, session.draft, entry, { chunks: session.chunks, size: session.size, sha256: session.hash.digest('hex') });
  forgetSession(ctx, session);
  return { status: 201, headers: { location: attachmentLocation(ctx, session, entry.id) } };
}

async function putFragment(ctx: EmulatorContext, { req, session, user }: UploadCall): Promise<GraphResult> {
  if (!/^application\/octet-stream\s*(;|$)/i.test(req.headers['content-type'] ?? '')) throw invalid('The Content-Type must be application/octet-stream.');
  const range = CONTENT_RANGE.exec(req.headers['content-range'] ?? '');
  if (!range) throw invalid("The Content-Range header must be 'bytes {start}-{end}/{total}'.");
  const [start, end, total] = [range[1], range[2], range[3]].map(Number) as [number, number, number];
  if (total !== session.size) throw invalid(`The total in Content-Range (${total}) is not the attachment's size (${session.size}).`);
  if (end < start || end >= total) throw invalid(`The range ${start}-${end} is not within the attachment's ${total} bytes.`);
  const length = end - start + 1;
  if (req.headers['content-length'] !== String(length)) throw invalid(`The Content-Length must be ${length}, the length of the range ${start}-${end}.`);
  if (length > GRAPH_REQUEST_LIMIT) throw graphError('RequestEntityTooLarge');
  if (start !== session.next) throw outOfOrder(session);
  assertUploadQuota(ctx, session, user, length);
  const fragment = await readFragment(req.raw, length);
  // While it arrived, the session may have ended or another PUT may have brought these bytes.
  assertLive(ctx, session);
  if (start !== session.next) throw outOfOrder(session);
  session.chunks.push(fragment);
  session.hash.update(fragment);
  session.next += length;
  countUpload(ctx, session, length);
  return session.next < session.size ? { status: 200, body: sessionStatus(ctx, session) } : complete(ctx, session);
}

/**
 * PUT {uploadUrl} (graph/outlook-large-attachments, step 2): `Content-Type:
 * application/octet-stream`, `Content-Length`, `Content-Range: bytes {start}-{end}/{total}`, the
 * fragments in order, at most 4 MiB each. 200 with the next expected start; the last one → 201
 * with an empty body and a `Location` naming the new attachment, which only then joins the draft.
 * The body is streamed into one Buffer per fragment; accepted fragments count against the upload quota.
 */
export function registerUploadChunkRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  app.put(UPLOAD_ROUTE, { config: { endpoint: 'uploadChunk' } }, uploadHandler(ctx, slots, (call) => putFragment(ctx, call)));
}
