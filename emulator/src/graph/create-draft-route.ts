import type { FastifyInstance } from 'fastify';
import { graphTime } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { StoredMessage, User } from '../state/types.js';
import { attachmentSizes, withStoredAttachments } from './attachment-items.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { jsonBody, type GraphCall } from './graph-handler.js';
import { renderMessage } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { IMMUTABLE_APPLIED, MESSAGE_ID, newImmutableId, newInternetMessageId, newRegularId, wantsImmutableIds } from './message-ids.js';
import { draftFromMime } from './mime-draft.js';
import { isMimeRequest } from './mime-message.js';
import { validateMessage } from './schema-validate.js';
import { assertMailbox } from './send-mail-route.js';
import { assertSendSize } from './send-size.js';
import { checkHeaders } from './submit-message.js';

type Json = Record<string, unknown>;

/** A draft's fields as a JSON body gives them (validated like Graph). */
function fromJson(call: GraphCall, user: User, nowIso: string): { message: Json; internetMessageId: string } {
  const body = jsonBody(call);
  validateMessage(body);
  checkHeaders(body as Json);
  if (user.mailboxFull) throw graphError('ErrorQuotaExceeded');
  const message = withStoredAttachments(body as Json, nowIso);
  const given = message.internetMessageId;
  if (typeof given === 'string' && !MESSAGE_ID.test(given)) throw graphError('ErrorInvalidInternetMessageId', { params: { value: given } });
  return { message, internetMessageId: typeof given === 'string' ? given : newInternetMessageId(user) };
}

/**
 * POST /v1.0/me/messages (also under /users/{id | userPrincipalName}): creates a draft in Drafts (201 with the message; needs Mail.ReadWrite).
 * JSON: the caller may set `internetMessageId` (a `<left@right>` Message-ID), which the sent message keeps.
 * `Content-Type: text/plain`: the body is base64 MIME, kept as given for $value and the send (mime-draft.ts);
 * the draft's internetMessageId is the MIME's Message-ID. The 4 MB request limit applies to both.
 * Attachments given inline count against the mailbox's maximum send size.
 */
export function registerCreateDraftRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'POST', '/messages', 'messages', async (call) => {
    const { token, user, req } = call;
    if (!hasPermission(token, 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
    assertMailbox(user);
    const nowIso = graphTime(ctx.clock.now());
    const fromMime = isMimeRequest(call) ? await draftFromMime(user, call.body?.text ?? '', nowIso) : undefined;
    if (fromMime && user.mailboxFull) throw graphError('ErrorQuotaExceeded');
    const { message, internetMessageId } = fromMime ?? fromJson(call, user, nowIso);
    assertSendSize(user, attachmentSizes(message));
    const id = newRegularId();
    const draft: Json = {
      ...message,
      id,
      internetMessageId,
      createdDateTime: nowIso,
      lastModifiedDateTime: nowIso,
      isDraft: true,
      hasAttachments: Array.isArray(message.attachments) && message.attachments.length > 0,
    };
    const item: StoredMessage = {
      id, immutableId: newImmutableId(), internetMessageId, receivedDateTime: nowIso, sentDateTime: nowIso, message: draft,
      ...(fromMime ? { mime: fromMime.mime } : {}),
      ...(fromMime && Object.keys(fromMime.attachmentBytes).length > 0 ? { attachmentBytes: fromMime.attachmentBytes } : {}),
    };
    ctx.store.mailbox(user.id).drafts.push(item);
    const immutable = wantsImmutableIds(req);
    return {
      status: 201,
      headers: immutable ? IMMUTABLE_APPLIED : {},
      body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/messages/$entity`, ...renderMessage(user, { folder: 'drafts', item }, immutable) },
    };
  });
}
