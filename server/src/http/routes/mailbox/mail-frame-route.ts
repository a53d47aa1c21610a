import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { readMailFrame } from '../../../core/mailbox/read-mail-frame.js';
import { mailFrameCsp } from '../../../platform/mail-html/mail-frame-csp.js';
import { mailFrameDocument } from '../../../platform/mail-html/mail-frame-document.js';
import { defineRoute } from '../../define-route.js';
import { mailContent } from './mail-content.js';
import { mailboxParam } from './mail-params.js';

/**
 * GET …/mailbox/messages/{messageId}/frame: the document the mailbox page shows in its sandboxed
 * frame (docs/mail-html.md, "The frame"). Its own headers replace helmet's for this answer only,
 * once the message is read (an error keeps the API's): the frame's CSP (sandboxed, no script,
 * inline styles, data: and allowed remote images, framed only by our own pages), never sniffed,
 * cached or sent with a referrer. A GET with the session cookie or an API key, like the other
 * mailbox routes.
 */
export function mailFrameRoute(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getMailMessageFrame, async ({ deps, actor, params, query, reply }) => {
    const images = query.images ?? 'block';
    const body = await readMailFrame(deps, mailContent, actor, params.id!, mailboxParam(params, 'messageId'), { images });
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', mailFrameCsp({ imagesAllowed: images === 'allow' }))
      .header('x-frame-options', 'SAMEORIGIN')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer');
    return mailFrameDocument(body);
  });
}
