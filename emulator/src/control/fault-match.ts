import type { FastifyRequest } from 'fastify';
import { namedMailbox, userByKey } from '../graph/app-only-access.js';
import { sessionOfRequest } from '../graph/upload-url.js';
import type { EmulatorContext } from '../state/context.js';
import { takeFirst, type ActiveFault } from '../state/traffic.js';
import type { FaultEndpoint, FaultSpec } from '../state/types.js';

/** Endpoints of the upload URL, which carries no bearer token: they act for the session's owner. */
const UPLOAD: FaultEndpoint[] = ['uploadChunk', 'uploadSession'];
const UPLOAD_ENDPOINTS: ReadonlySet<string> = new Set<string>(UPLOAD);

/** Endpoints that answer through the Graph pipeline or the upload URL's (where accept-then-drop is possible). */
export const GRAPH_ENDPOINTS: ReadonlySet<string> = new Set<FaultEndpoint>([
  'me', 'sendMail', 'messages', 'send', 'getMessage', 'deleteMessage', 'listMessages', 'attachments', 'listAttachments', 'createUploadSession', ...UPLOAD,
  'mailFolders', 'delta', 'messageValue', 'updateMessage', 'moveMessage', 'createReply', 'createReplyAll', 'createForward', 'replyMessage',
]);
export const FAULTABLE: ReadonlySet<string> = new Set<string>(['token', 'authorize', ...GRAPH_ENDPOINTS]);

/**
 * The mailbox (user email) a request acts for: the bearer token's user for Graph (the mailbox of
 * the URL for an app-only token), the owner of
 * the upload session for its URL, the user of the code or refresh token for the token endpoint;
 * undefined when it cannot be told.
 */
export function requestMailbox(ctx: EmulatorContext, req: FastifyRequest, endpoint: string): string | undefined {
  let userId: string | undefined;
  if (UPLOAD_ENDPOINTS.has(endpoint)) {
    userId = sessionOfRequest(ctx, req)?.userId;
  } else if (endpoint === 'token') {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    userId = (form.refresh_token && ctx.store.refreshTokens.get(form.refresh_token)?.userId)
      || (form.code && ctx.store.codes.get(form.code)?.userId) || undefined;
  } else {
    const m = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '');
    const token = m ? ctx.store.accessTokens.get(m[1] as string) : undefined;
    // An app-only token acts for the mailbox its URL names.
    const named = token?.appOnly ? namedMailbox(req.url) : undefined;
    userId = named !== undefined ? userByKey(ctx, named)?.id : token?.userId;
  }
  return userId ? ctx.store.userById(userId)?.email : undefined;
}

function matches(f: ActiveFault, endpoint: string, mailbox: string | undefined): boolean {
  const spec = f.spec;
  const endpoints: string[] = Array.isArray(spec.endpoint) ? spec.endpoint : [spec.endpoint];
  if (!endpoints.includes(endpoint) && !endpoints.includes('*')) return false;
  if (spec.mailbox !== undefined && spec.mailbox.toLowerCase() !== mailbox?.toLowerCase()) return false;
  // Losing the answer after processing only exists for Graph requests.
  if ('drop' in spec && spec.drop === 'after' && !GRAPH_ENDPOINTS.has(endpoint)) return false;
  return f.remaining === null || f.remaining > 0;
}

/**
 * The first queued fault that fires for this request, in the order they were injected; one
 * with a probability draws from the seeded RNG each time it matches. Spent faults are removed.
 */
export function takeFault(ctx: EmulatorContext, endpoint: string, mailbox: string | undefined): FaultSpec | undefined {
  const traffic = ctx.store.traffic;
  return takeFirst(traffic.faults, traffic.random, (f) => matches(f, endpoint, mailbox));
}
