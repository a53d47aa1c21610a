import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { randomToken } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { AttachmentItem, StoredMessage, UploadSession, User } from '../state/types.js';
import { graphError } from './graph-error.js';
import { sessionOfRequest, sessionPath } from './upload-url.js';

export interface NewSession extends AttachmentItem {
  clientId: string;
  user: User;
  /** The draft's id as the request gave it, and the draft. */
  messageId: string;
  draft: StoredMessage;
}

/** Drops a session's bytes and marks it expired (it then answers that it expired). */
function expire(session: UploadSession): void {
  session.expired = true;
  session.chunks = [];
}

/** Opens an upload session for a draft, valid `uploadSessionMs` from now; expired ones drop their bytes. */
export function createSession(ctx: EmulatorContext, o: NewSession): UploadSession {
  const now = ctx.clock.now();
  for (const s of ctx.store.uploadSessions.values()) if (!s.expired && s.expiresAt <= now) expire(s);
  const id = `AAMkAG${randomToken(30)}AAA=`;
  const session: UploadSession = {
    id, authtoken: randomToken(32), clientId: o.clientId, userId: o.user.id, path: sessionPath(o.user, o.messageId, id), draft: o.draft,
    name: o.name, contentType: o.contentType, isInline: o.isInline, contentId: o.contentId, size: o.size,
    expiresAt: now + ctx.store.traffic.limits.uploadSessionMs, next: 0, chunks: [], hash: createHash('sha256'), expired: false,
  };
  ctx.store.uploadSessions.set(id, session);
  return session;
}

/** Forgets a session (completed or deleted): its URL then answers 404 like any unknown one. */
export function forgetSession(ctx: EmulatorContext, session: UploadSession): void {
  ctx.store.uploadSessions.delete(session.id);
}

/**
 * Throws the 404 a session answers once it cannot take fragments: forgotten, expired (by the
 * clock or expireUploadSessions()), or its draft gone (deleted or sent).
 */
export function assertLive(ctx: EmulatorContext, session: UploadSession): void {
  if (ctx.store.uploadSessions.get(session.id) !== session) throw graphError('ErrorItemNotFound');
  if (!session.expired && session.expiresAt <= ctx.clock.now()) expire(session);
  // Unconfirmed text: Microsoft's answer to an expired session is not on record.
  if (session.expired) throw graphError('ErrorItemNotFound', { message: 'The upload session has expired.' });
  if (!ctx.store.mailbox(session.userId).drafts.includes(session.draft)) {
    forgetSession(ctx, session);
    throw graphError('ErrorItemNotFound');
  }
}

/** The live session a request to an upload URL names, or the 404 it gets. */
export function openSession(ctx: EmulatorContext, req: FastifyRequest): UploadSession {
  const session = sessionOfRequest(ctx, req);
  if (!session) throw graphError('ErrorItemNotFound');
  assertLive(ctx, session);
  return session;
}

/** Expires the open sessions of one user (or all) now, as if their time had run out. */
export function expireSessions(ctx: EmulatorContext, userId?: string): void {
  for (const s of ctx.store.uploadSessions.values()) if (userId === undefined || s.userId === userId) expire(s);
}
