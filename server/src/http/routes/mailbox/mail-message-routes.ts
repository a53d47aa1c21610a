import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { readMailMessage } from '../../../core/mailbox/read-mail-message.js';
import { updateMailMessage } from '../../../core/mailbox/update-mail-message.js';
import { deleteMailMessage } from '../../../core/mailbox/delete-mail-message.js';
import { defineRoute } from '../../define-route.js';
import { mailContent } from './mail-content.js';
import { mailboxParam } from './mail-params.js';
import { presentDetail, presentSummary } from './present-mail.js';

/** One message: read it (sanitized), change its flags or folder, move it to the trash. */
export function mailMessageRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getMailMessage, async ({ deps, actor, params, query }) => {
    const messageId = mailboxParam(params, 'messageId');
    // Inline images (cid:) point at their part's download, on this server's public URL.
    const base = `${deps.publicUrl}/api/v1/accounts/${encodeURIComponent(params.id!)}/mailbox/messages/${messageId}/attachments/`;
    const read = await readMailMessage(deps, mailContent, actor, params.id!, messageId, { images: query.images ?? 'block', attachmentUrl: (id) => base + id });
    return presentDetail(read);
  });
  defineRoute(app, deps, endpoints.patchMailMessage, async ({ deps, actor, params, body }) =>
    presentSummary(await updateMailMessage(deps, actor, params.id!, mailboxParam(params, 'messageId'), body)),
  );
  defineRoute(app, deps, endpoints.deleteMailMessage, async ({ deps, actor, params }) =>
    presentSummary(await deleteMailMessage(deps, actor, params.id!, mailboxParam(params, 'messageId'))),
  );
}
