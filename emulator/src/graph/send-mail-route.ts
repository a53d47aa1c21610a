import type { FastifyInstance } from 'fastify';
import { graphTime } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { withStoredAttachments } from './attachment-items.js';
import { userByKey } from './app-only-access.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { graphHandler, jsonBody, type GraphCall, type GraphResult } from './graph-handler.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { decodeMimeBody, isMimeRequest, mimeToMessage } from './mime-message.js';
import { validateActionBody } from './schema-validate.js';
import { maySendAs, submitMessage } from './submit-message.js';

/** Mailbox preconditions shared by every mail endpoint. */
export function assertMailbox(user: User): void {
  if (!user.mailboxEnabled) throw graphError('MailboxNotEnabledForRESTAPI');
}

const isSelf = (user: User, key: string) => [user.id, user.oid, user.email, user.mail ?? ''].some((v) => v.toLowerCase() === key.toLowerCase());

/**
 * The address a delegated caller sends as through `/users/{other}/sendMail`: a mailbox it may send
 * as, with Mail.Send.Shared (graph/api/user-sendmail); any other → 403 ErrorAccessDenied. An
 * app-only caller's user is the mailbox the URL names already (app-only-access.ts).
 */
function sendAsAddress(ctx: EmulatorContext, call: GraphCall): string | undefined {
  const named = (call.req.params as { id?: string }).id;
  if (named === undefined || isSelf(call.user, named)) return undefined;
  const address = userByKey(ctx, named)?.email ?? named;
  if (!hasPermission(call.token, 'Mail.Send.Shared') || !maySendAs(call.user, address)) throw graphError('ErrorAccessDenied');
  return address;
}

/**
 * POST /v1.0/me/sendMail and /users/{id|upn}/sendMail: JSON `{message, saveToSentItems}` or
 * base64 MIME as text/plain → 202 with an empty body. Needs Mail.Send: the delegated permission
 * for the signed-in user's mailbox (or one it may send as, above), the application permission or
 * an Exchange "Application Mail.Send" assignment covering the mailbox for an app-only token.
 */
function sendMail(ctx: EmulatorContext) {
  return (call: GraphCall): GraphResult => {
    const { token, user } = call;
    if (!hasPermission(token, 'Mail.Send')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const sendAs = sendAsAddress(ctx, call);
    if (isMimeRequest(call)) {
      const mime = decodeMimeBody(call.body?.text ?? '');
      submitMessage(ctx, user, mimeToMessage(mime), { saveToSentItems: true, mime, via: 'sendMail' });
      return { status: 202 };
    }
    const body = validateActionBody(jsonBody(call), 'sendMail@graph.user');
    const message = body.Message as Record<string, unknown> | null | undefined;
    if (message === undefined || message === null) throw graphError('ErrorInvalidParameter', { params: { name: 'Message' } });
    const withFrom = sendAs !== undefined && message.from === undefined ? { ...message, from: { emailAddress: { address: sendAs } } } : message;
    submitMessage(ctx, user, withStoredAttachments(withFrom, graphTime(ctx.clock.now())), { saveToSentItems: body.SaveToSentItems !== false, via: 'sendMail' });
    return { status: 202 };
  };
}

export function registerSendMailRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  const handler = graphHandler(ctx, slots, sendMail(ctx));
  app.post('/v1.0/me/sendMail', { config: { endpoint: 'sendMail' } }, handler);
  app.post('/v1.0/users/:id/sendMail', { config: { endpoint: 'sendMail' } }, handler);
}
