import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { act, body } from './control-http.js';
import type { MailControl } from './mail-control.js';

const schemas = {
  mid: z.object({ internetMessageId: z.string().min(1) }),
  expire: z.object({ userEmail: z.string().optional() }),
  put: z.object({
    folder: z.string().optional(), mime: z.string().optional(), message: z.record(z.string(), z.unknown()).optional(),
    isRead: z.boolean().optional(), flagged: z.boolean().optional(), receivedDateTime: z.string().optional(),
  }),
  folder: z.object({ displayName: z.string().min(1), parent: z.string().optional() }),
};

type P = { Params: Record<string, string>; Querystring: Record<string, string | undefined> };

/** Control routes for mailbox contents, attachments (metadata and SHA-256, never bytes) and upload sessions (README). */
export function registerMailRoutes(app: FastifyInstance, control: MailControl): void {
  const config = { endpoint: 'control' };
  app.get<P>('/_emulator/mailboxes/:email', { config }, async (r, reply) => act(reply, () => control.mailbox(r.params.email as string)));
  app.get<P>('/_emulator/mailboxes/:email/attachments', { config }, async (r, reply) =>
    act(reply, () => control.attachments(r.params.email as string, schemas.mid.parse(r.query).internetMessageId)));
  app.post<P>('/_emulator/mailboxes/:email/messages', { config }, async (r, reply) =>
    act(reply, () => control.putMessage(r.params.email as string, schemas.put.parse(body(r)))));
  app.get<P>('/_emulator/mailboxes/:email/folders', { config }, async (r, reply) => act(reply, () => control.mailFolders(r.params.email as string)));
  app.post<P>('/_emulator/mailboxes/:email/folders', { config }, async (r, reply) =>
    act(reply, () => control.createMailFolder(r.params.email as string, schemas.folder.parse(body(r)))));
  app.get<P>('/_emulator/mailboxes/:email/folders/:folder/messages', { config }, async (r, reply) =>
    act(reply, () => control.messages(r.params.email as string, r.params.folder as string)));
  app.post('/_emulator/delta-tokens/invalidate', { config }, async (r, reply) =>
    act(reply, () => control.invalidateDeltaTokens(schemas.expire.parse(body(r)).userEmail)));
  app.post('/_emulator/upload-sessions/expire', { config }, async (r, reply) =>
    act(reply, () => control.expireUploadSessions(schemas.expire.parse(body(r)).userEmail)));
}
