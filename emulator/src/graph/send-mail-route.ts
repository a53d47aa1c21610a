import type { FastifyInstance } from 'fastify';
import { graphTime } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { withStoredAttachments } from './attachment-items.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { graphHandler, jsonBody, type GraphCall, type GraphResult } from './graph-handler.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { decodeMimeBody, mimeToMessage } from './mime-message.js';
import { validateActionBody } from './schema-validate.js';
import { submitMessage } from './submit-message.js';

/** Mailbox preconditions shared by every mail endpoint. */
export function assertMailbox(user: User): void {
  if (!user.mailboxEnabled) throw graphError('MailboxNotEnabledForRESTAPI');
}

/**
 * POST /v1.0/me/sendMail (and /users/{id|upn}/sendMail for the caller's own mailbox):
 * JSON `{message, saveToSentItems}` or base64 MIME as text/plain → 202 with an empty body.
 */
function sendMail(ctx: EmulatorContext) {
  return (call: GraphCall): GraphResult => {
    const { token, user, req } = call;
    if (!hasPermission(token, 'Mail.Send')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const params = req.params as { id?: string };
    if (params.id !== undefined && ![user.id, user.oid, user.email, user.mail ?? ''].some((v) => v.toLowerCase() === params.id?.toLowerCase())) {
      // Sending from another mailbox needs Mail.Send.Shared and mailbox rights the emulator doesn't model.
      throw graphError('ErrorAccessDenied');
    }
    if (/^text\/plain/i.test(req.headers['content-type'] ?? '')) {
      const mime = decodeMimeBody(call.body?.text ?? '');
      submitMessage(ctx, user, mimeToMessage(mime), { saveToSentItems: true, mime, via: 'sendMail' });
      return { status: 202 };
    }
    const body = validateActionBody(jsonBody(call), 'sendMail@graph.user');
    const message = body.Message;
    if (message === undefined || message === null) throw graphError('ErrorInvalidParameter', { params: { name: 'Message' } });
    submitMessage(ctx, user, withStoredAttachments(message as Record<string, unknown>, graphTime(ctx.clock.now())), { saveToSentItems: body.SaveToSentItems !== false, via: 'sendMail' });
    return { status: 202 };
  };
}

export function registerSendMailRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const handler = graphHandler(ctx, slots, sendMail(ctx));
  app.post('/v1.0/me/sendMail', { config: { endpoint: 'sendMail' } }, handler);
  app.post('/v1.0/users/:id/sendMail', { config: { endpoint: 'sendMail' } }, handler);
}
