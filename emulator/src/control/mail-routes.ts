import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { act, body } from './control-http.js';
import type { MailControl } from './mail-control.js';

const schemas = {
  mid: z.object({ internetMessageId: z.string().min(1) }),
  expire: z.object({ userEmail: z.string().optional() }),
};

type P = { Params: Record<string, string>; Querystring: Record<string, string | undefined> };

/** Control routes for mailbox contents, attachments (metadata and SHA-256, never bytes) and upload sessions (README). */
export function registerMailRoutes(app: FastifyInstance, control: MailControl): void {
  const config = { endpoint: 'control' };
  app.get<P>('/_emulator/mailboxes/:email', { config }, async (r, reply) => act(reply, () => control.mailbox(r.params.email as string)));
  app.get<P>('/_emulator/mailboxes/:email/attachments', { config }, async (r, reply) =>
    act(reply, () => control.attachments(r.params.email as string, schemas.mid.parse(r.query).internetMessageId)));
  app.post('/_emulator/upload-sessions/expire', { config }, async (r, reply) =>
    act(reply, () => control.expireUploadSessions(schemas.expire.parse(body(r)).userEmail)));
}
