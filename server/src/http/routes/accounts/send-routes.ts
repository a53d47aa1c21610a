import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { InvalidInputError } from '../../../core/errors.js';
import { queueMessage } from '../../../core/outbox/queue-message.js';
import { sendTest } from '../../../core/outbox/send-test.js';
import { defineRoute } from '../../define-route.js';

/** RFC 9110 field value of visible ASCII, as the Idempotency-Key draft (draft-ietf-httpapi-idempotency-key-header) allows. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidInputError('Invalid Idempotency-Key header: 1 to 255 visible ASCII characters, once', { details: [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters, given once' }] });
  }
  return key;
}

/**
 * Sending. 202 `queued` (or `scheduled`) means the message is committed to the outbox and will be
 * sent; its later states are at GET /messages/{id}. `accepted` means Microsoft accepted it for
 * delivery, never that it was delivered.
 */
export function accountSendRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.sendMessage, async ({ deps, actor, params, body, request }) => {
    const { message } = await queueMessage(deps, actor, params.id!, { input: body, idempotencyKey: idempotencyKey(request) });
    return { id: message.id, status: message.status };
  });
  defineRoute(app, deps, endpoints.sendTest, async ({ deps, actor, params, body, locale }) => {
    const r = await sendTest(deps, actor, params.id!, body.to, locale);
    return { id: r.id, status: r.status };
  });
}
