import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { jsonBody, type GraphCall } from './graph-handler.js';
import { childKeys, createFolder, folderIdOf, folderMessages, folderName, parentIdOf, ROOT, type FolderKey } from './mail-folders.js';
import { isVisible } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { isReadOf } from './message-view.js';
import { folderOfSegment } from './list-messages-route.js';
import { assertCanRead } from './read-permission.js';
import { assertMailbox } from './send-mail-route.js';

type Json = Record<string, unknown>;

/** A mailFolder as Graph shows it (graph/api/resources/mailfolder). */
export function renderFolder(ctx: EmulatorContext, user: User, key: FolderKey): Json {
  const box = ctx.store.mailbox(user.id);
  const items = key === ROOT ? [] : folderMessages(box, key).filter((m) => isVisible(ctx, m));
  return {
    id: folderIdOf(user, key),
    displayName: key === ROOT ? 'Top of Information Store' : folderName(user, box, key),
    parentFolderId: key === ROOT ? folderIdOf(user, ROOT) : parentIdOf(user, box, key),
    childFolderCount: childKeys(user, box, key).length,
    unreadItemCount: items.filter((m) => !isReadOf(user, m)).length,
    totalItemCount: items.length,
    isHidden: false,
  };
}

function page(ctx: EmulatorContext, req: FastifyRequest, user: User, keys: FolderKey[], context: string): Json {
  const query = req.query as Record<string, string | undefined>;
  const top = Number(query.$top ?? 10);
  const skip = Number(query.$skip ?? 0);
  if (!Number.isInteger(top) || top < 1 || !Number.isInteger(skip) || skip < 0) throw graphError('BadRequest', { message: 'Invalid paging query option.' });
  const box = ctx.store.mailbox(user.id);
  // Graph lists folders by display name.
  const sorted = [...keys].sort((a, b) => folderName(user, box, a).localeCompare(folderName(user, box, b)));
  const body: Json = {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/${context}`,
    value: sorted.slice(skip, skip + top).map((k) => renderFolder(ctx, user, k)),
  };
  if (skip + top < sorted.length) {
    const url = new URL(req.url, 'http://emulator');
    url.searchParams.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${ctx.baseUrl}${url.pathname}${url.search}`;
  }
  return body;
}

function readable(call: GraphCall): void {
  assertCanRead(call.token);
  assertMailbox(call.user);
}

const folderParam = (call: GraphCall) => (call.req.params as { folder: string }).folder;

/** POST mailFolders or childFolders `{displayName}` → 201 (Mail.ReadWrite); a name taken among the siblings is 409 ErrorFolderExists. */
function create(ctx: EmulatorContext, call: GraphCall, parent: FolderKey) {
  if (!hasPermission(call.token, 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
  assertMailbox(call.user);
  const body = jsonBody(call) as Json;
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '') throw graphError('ErrorInvalidParameter', { params: { name: 'displayName' } });
  const folder = createFolder(ctx, call.user, parent, body.displayName);
  if (!folder) throw graphError('ErrorFolderExists');
  return { status: 201, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${call.user.id}')/mailFolders/$entity`, ...renderFolder(ctx, call.user, folder.id) } };
}

/**
 * The folder routes (graph/api/user-list-mailfolders, mailfolder-get, mailfolder-list-childfolders,
 * user-post-mailfolders, mailfolder-post-childfolders): GET mailFolders (the top level, by name,
 * 10 a page), GET mailFolders/{id or well-known name}, GET/POST mailFolders/{id}/childFolders, POST mailFolders.
 */
export function registerMailFoldersRoutes(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'GET', '/mailFolders', 'mailFolders', (call) => {
    readable(call);
    return { status: 200, body: page(ctx, call.req, call.user, childKeys(call.user, ctx.store.mailbox(call.user.id), ROOT), 'mailFolders') };
  });
  mailboxRoute(app, ctx, slots, 'GET', '/mailFolders/:folder', 'mailFolders', (call) => {
    readable(call);
    const key = folderOfSegment(ctx, call.user, folderParam(call));
    return { status: 200, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${call.user.id}')/mailFolders/$entity`, ...renderFolder(ctx, call.user, key) } };
  });
  mailboxRoute(app, ctx, slots, 'GET', '/mailFolders/:folder/childFolders', 'mailFolders', (call) => {
    readable(call);
    const key = folderOfSegment(ctx, call.user, folderParam(call));
    const context = `mailFolders('${folderParam(call)}')/childFolders`;
    return { status: 200, body: page(ctx, call.req, call.user, childKeys(call.user, ctx.store.mailbox(call.user.id), key), context) };
  });
  mailboxRoute(app, ctx, slots, 'POST', '/mailFolders', 'mailFolders', (call) => create(ctx, call, ROOT));
  mailboxRoute(app, ctx, slots, 'POST', '/mailFolders/:folder/childFolders', 'mailFolders', (call) => create(ctx, call, folderOfSegment(ctx, call.user, folderParam(call))));
}
