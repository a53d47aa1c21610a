import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { readMailAttachment } from '../../../core/mailbox/read-mail-attachment.js';
import { readRawMessage } from '../../../core/mailbox/read-raw-message.js';
import { defineRoute } from '../../define-route.js';
import { mailContent } from './mail-content.js';
import { mailboxParam } from './mail-params.js';
import { downloadType, sendDownload } from './download-headers.js';

/** A message's files and its MIME, as downloads (download-headers.ts: never rendered by this origin). */
export function mailDownloadRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getMailAttachment, async ({ deps, actor, params, reply }) => {
    const part = await readMailAttachment(deps, mailContent, actor, params.id!, mailboxParam(params, 'messageId'), mailboxParam(params, 'attachmentId'));
    return sendDownload(reply, part.content, downloadType(part.contentType), part.filename);
  });
  defineRoute(app, deps, endpoints.getMailMessageRaw, async ({ deps, actor, params, reply }) => {
    const { message, mime } = await readRawMessage(deps, actor, params.id!, mailboxParam(params, 'messageId'));
    return sendDownload(reply, mime, 'message/rfc822', `message-${message.id}.eml`);
  });
}
