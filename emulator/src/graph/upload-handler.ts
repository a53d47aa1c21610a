import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { UploadSession, User } from '../state/types.js';
import { dropConnection, faultEffects } from './fault-effects.js';
import { ClientGone } from './fragment-body.js';
import { GraphError, graphError } from './graph-error.js';
import { sendOutcome, type GraphResult } from './graph-handler.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { openSession } from './upload-sessions.js';

export interface UploadCall {
  req: FastifyRequest;
  session: UploadSession;
  /** The session's owner. */
  user: User;
}

/**
 * The upload URL's pipeline, graphHandler's without a bearer token: the URL is the credential,
 * and Microsoft says not to send an Authorization header (graph/outlook-large-attachments), so
 * one is refused (401, unconfirmed text). Then the session (404 when unknown, finished, deleted
 * or expired), and the request runs in the concurrency slot of the app and mailbox that
 * created the session, as Outlook counts it. Injected delays and accept-then-drop apply as for Graph.
 */
export function uploadHandler(ctx: EmulatorContext, slots: MailboxSlots, handle: (call: UploadCall) => Promise<GraphResult> | GraphResult) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let outcome: GraphResult | GraphError;
    try {
      if (req.headers.authorization !== undefined) {
        throw graphError('InvalidAuthenticationToken', { message: 'The upload URL is pre-authenticated: send no Authorization header.' });
      }
      const session = openSession(ctx, req);
      const user = ctx.store.userById(session.userId);
      if (!user) throw graphError('ErrorItemNotFound');
      const latency = ctx.store.graphLatencyMs + (faultEffects(req)?.delayMs ?? 0);
      outcome = await slots.run(session.clientId, user, latency, () => handle({ req, session, user }));
    } catch (err) {
      if (err instanceof ClientGone) return dropConnection(req, reply);
      if (!(err instanceof GraphError)) throw err;
      outcome = err;
    }
    return sendOutcome(ctx, req, reply, outcome);
  };
}
