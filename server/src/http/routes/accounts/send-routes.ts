import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { endpoints, SendMessage } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { InvalidInputError, PayloadTooLargeError } from '../../../core/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../../../core/attachments/attachment-limits.js';
import { stageBase64Files } from '../../../core/attachments/stage-base64-files.js';
import { prepareSend } from '../../../core/outbox/prepare-send.js';
import { queueMessage } from '../../../core/outbox/queue-message.js';
import { sendTest } from '../../../core/outbox/send-test.js';
import { fieldsBytes } from '../../../core/sending/to-outgoing.js';
import { defineRoute } from '../../define-route.js';
import { validate } from '../../validate.js';
import { sendError } from '../../error-handler.js';
import { lingerOnClose } from '../../linger-close.js';
import { MESSAGE_PART_LIMIT, readMultipartSend } from './multipart-send.js';

/** RFC 9110 field value of visible ASCII, as the Idempotency-Key draft (draft-ietf-httpapi-idempotency-key-header) allows. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header, checked; undefined when absent. */
export function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidInputError('Invalid Idempotency-Key header: 1 to 255 visible ASCII characters, once', { details: [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters, given once' }] });
  }
  return key;
}

const jsonTooLargeError = () =>
  new PayloadTooLargeError('A JSON send may be at most 25 MB: send large files as multipart/form-data (a `message` part with the JSON, then one part per file)', {
    details: [{ path: 'body', message: 'at most 25 MB as JSON; use multipart/form-data for larger files' }],
  });


/**
 * Sending. 202 `queued` (or `scheduled`) means the message is committed to the outbox and will be
 * sent; its later states are at GET /messages/{id}. `accepted` means Microsoft accepted it for
 * delivery, never that it was delivered. The send takes JSON (files in base64, up to 25 MB) or
 * multipart/form-data (files streamed to storage, up to 150 MB each): its own scope, so only it
 * accepts multipart.
 */
export async function accountSendRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (scope) => {
    // Our own checks count the bytes and refuse first; these only bound what busboy parses.
    await scope.register(multipart, { limits: { fieldSize: MESSAGE_PART_LIMIT, fields: 1, fileSize: MAX_ATTACHMENT_BYTES + 1, files: 250, parts: 251, headerPairs: 20 } });
    // An answer given before the body was read to its end (a refusal) closes the connection:
    // the rest of an upload, up to 150 MB a file, is not read for nothing (only for the two
    // seconds of a lingering close, so that the client gets to read the answer: linger-close.ts).
    // A JSON body over the route's 25 MB (refused from Content-Length unread, or while read when
    // chunked) is pointed to multipart; the multipart parser streams and ignores that limit.
    scope.setErrorHandler((err, request, reply) => sendError((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? jsonTooLargeError() : err, request, reply));
    scope.addHook('onSend', async (request, reply, payload) => {
      if (!request.raw.complete) {
        reply.header('connection', 'close');
        lingerOnClose(request.raw.socket);
      }
      return payload;
    });
    const sendMessage = { ...endpoints.sendMessage, body: undefined };
    defineRoute(scope, deps, sendMessage, async ({ deps, actor, params, request }) => {
      const key = idempotencyKey(request);
      let sent;
      if (request.isMultipart()) {
        const prepared = await prepareSend(deps, actor, params.id!);
        const read = await readMultipartSend(deps, request, actor.userId, prepared);
        sent = await queueMessage(deps, actor, prepared, { ...read, idempotencyKey: key });
      } else {
        const { attachments = [], ...input } = validate(SendMessage, request.body ?? undefined);
        const prepared = await prepareSend(deps, actor, params.id!);
        const files = await stageBase64Files(deps, actor.userId, prepared.sizeGuard(fieldsBytes(input)), attachments);
        sent = await queueMessage(deps, actor, prepared, { input, files, idempotencyKey: key });
      }
      return { id: sent.message.id, status: sent.message.status };
    });
  });
  defineRoute(app, deps, endpoints.sendTest, async ({ deps, actor, params, body, locale }) => {
    const r = await sendTest(deps, actor, params.id!, body, locale);
    return { id: r.id, status: r.status };
  });
}
