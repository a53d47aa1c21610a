import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { UploadSession, User } from '../state/types.js';

/**
 * Where an upload session takes its fragments. Microsoft's uploadUrl is pre-authenticated and on
 * outlook.office.com: `https://outlook.office.com/api/v2.0/Users('{user id}@{tenant id}')/Messages('{message id}')/AttachmentSessions('{session id}')?authtoken=…`
 * (graph/outlook-large-attachments). The emulator serves the same path under `/outlook` on its
 * own origin; the random `authtoken` is the only credential.
 */
export const UPLOAD_ROUTE = '/outlook/api/v2.0/*';

const SESSION_PATH = /^\/outlook\/api\/v2\.0\/Users\('[^']*'\)\/Messages\('[^']*'\)\/AttachmentSessions\('([^']*)'\)$/;

export function sessionPath(user: User, messageId: string, sessionId: string): string {
  return `/outlook/api/v2.0/Users('${user.id}@${user.tenantId}')/Messages('${messageId}')/AttachmentSessions('${sessionId}')`;
}

export function uploadUrl(ctx: EmulatorContext, session: UploadSession): string {
  return `${ctx.baseUrl}${session.path}?authtoken=${session.authtoken}`;
}

/** The `Location` of the attachment the last fragment completed: `…/Messages('…')/Attachments('{attachment id}')`. */
export function attachmentLocation(ctx: EmulatorContext, session: UploadSession, attachmentId: string): string {
  return `${ctx.baseUrl}${session.path.replace(/AttachmentSessions\('[^']*'\)$/, `Attachments('${attachmentId}')`)}`;
}

/** Outlook writes times with seven fractional digits ("2019-09-25T01:09:30.7671707Z"). */
export function outlookTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '0000Z');
}

/**
 * What a fragment PUT (200) and a GET of the upload URL answer, as in Microsoft's walkthrough:
 * Outlook's own casing (`ExpirationDateTime`), the expiry as created (it "remains the same"), and
 * nextExpectedRanges as the single value "{start}" of the next byte (graph/api/resources/uploadsession).
 */
export function sessionStatus(ctx: EmulatorContext, session: UploadSession): Record<string, unknown> {
  const entity = session.path.replace(/AttachmentSessions\('[^']*'\)$/, 'AttachmentSessions/$entity').replace('/outlook/api/v2.0/', '');
  return {
    '@odata.context': `${ctx.baseUrl}/outlook/api/v2.0/$metadata#${entity}`,
    ExpirationDateTime: outlookTime(session.expiresAt),
    nextExpectedRanges: [String(session.next)],
  };
}

/** The session a request to an upload URL names, when its path and authtoken (compared in constant time) match. */
export function sessionOfRequest(ctx: EmulatorContext, req: FastifyRequest): UploadSession | undefined {
  const url = new URL(req.url, 'http://emulator');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const id = SESSION_PATH.exec(path)?.[1];
  const session = id === undefined ? undefined : ctx.store.uploadSessions.get(id);
  if (!session || session.path !== path) return undefined;
  const given = Buffer.from(url.searchParams.get('authtoken') ?? '');
  const expected = Buffer.from(session.authtoken);
  return given.length === expected.length && timingSafeEqual(given, expected) ? session : undefined;
}
