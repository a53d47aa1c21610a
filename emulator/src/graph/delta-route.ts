import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import type { DeltaItemState, DeltaTokenState, User } from '../state/types.js';
import { graphError } from './graph-error.js';
import type { GraphCall } from './graph-handler.js';
import { itemKey, itemState, loadDeltaToken, saveDeltaToken } from './delta-state.js';
import { folderOfSegment } from './list-messages-route.js';
import { ROOT, type FolderKey } from './mail-folders.js';
import { listItems, renderMessage, type FoundItem } from './mail-items.js';
import { mailboxRoute } from './mailbox-route.js';
import type { MailboxSlots } from './mailbox-slots.js';
import { IMMUTABLE_APPLIED, wantsImmutableIds } from './message-ids.js';
import { parseMessageQuery, project } from './odata-query.js';
import { assertCanRead } from './read-permission.js';
import { assertMailbox } from './send-mail-route.js';

type Json = Record<string, unknown>;

/** Options a round keeps from its first request (message-delta: later requests carry them in the token). */
const ROUND_OPTIONS = ['$select', '$filter', '$orderby', '$top', 'changeType'];
/** Page size without `Prefer: odata.maxpagesize` (unconfirmed: Graph's default page of messages), and the most honoured. */
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

function pageSize(req: FastifyRequest, query: Record<string, string>): number {
  const prefer = [req.headers.prefer].flat().join(',');
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
  const n = m ? Number(m[1]) : query.$top !== undefined ? Number(query.$top) : DEFAULT_PAGE;
  return Math.min(Math.max(1, Number.isFinite(n) ? n : DEFAULT_PAGE), MAX_PAGE);
}

/** The folder's items that the round's $filter lets through, newest first, and their states. */
function current(ctx: EmulatorContext, user: User, folder: FolderKey, query: Record<string, string>, immutable: boolean) {
  const parsed = parseMessageQuery(query);
  const items = listItems(ctx, user, folder).reverse()
    .filter((f) => !parsed.filter || parsed.filter(renderMessage(user, f, immutable)))
    .sort((a, b) => b.item.receivedDateTime.localeCompare(a.item.receivedDateTime));
  return { items, known: new Map(items.map((f) => [itemKey(f.item), itemState(f.item)])) };
}

/** What the round has to tell: every item on a first round; since `previous`, what was added, changed and removed. */
function startRound(ctx: EmulatorContext, user: User, folder: FolderKey, query: Record<string, string>, immutable: boolean, previous?: DeltaTokenState): DeltaTokenState {
  const { items, known } = current(ctx, user, folder, query, immutable);
  const removed = new Map<string, DeltaItemState>();
  if (!previous) return { userId: user.id, folder, query, known, pending: items.map((f) => itemKey(f.item)), removed };
  const type = query.changeType?.toLowerCase();
  const pending: string[] = [];
  for (const f of items) {
    const before = previous.known.get(itemKey(f.item));
    const change = !before ? 'created' : before.changeKey !== itemState(f.item).changeKey ? 'updated' : undefined;
    if (change && (!type || type === change)) pending.push(itemKey(f.item));
  }
  for (const [key, state] of previous.known) {
    if (known.has(key) || (type && type !== 'deleted')) continue;
    removed.set(key, state);
    pending.push(key);
  }
  return { userId: user.id, folder, query, known, pending, removed };
}

function link(ctx: EmulatorContext, req: FastifyRequest, segment: string, param: string, token: string): string {
  const prefix = req.url.slice(0, req.url.indexOf('/mailFolders/'));
  return `${ctx.baseUrl}${prefix}/mailFolders('${segment}')/messages/delta?${param}=${token}`;
}

function delta(ctx: EmulatorContext) {
  return (call: GraphCall) => {
    const { token, user, req } = call;
    assertCanRead(token);
    assertMailbox(user);
    const segment = (req.params as { folder: string }).folder;
    const folder = folderOfSegment(ctx, user, segment);
    if (folder === ROOT) throw graphError('ErrorItemNotFound');
    const q = req.query as Record<string, string | undefined>;
    const immutable = wantsImmutableIds(req);
    let round: DeltaTokenState;
    if (q.$skiptoken !== undefined) round = loadDeltaToken(ctx, user, folder, q.$skiptoken);
    else {
      const previous = q.$deltatoken !== undefined ? loadDeltaToken(ctx, user, folder, q.$deltatoken) : undefined;
      const options = previous?.query ?? Object.fromEntries(ROUND_OPTIONS.flatMap((k) => (q[k] !== undefined ? [[k, q[k] as string]] : [])));
      round = startRound(ctx, user, folder, options, immutable, previous);
    }
    const select = parseMessageQuery(round.query).select;
    const pending = round.pending ?? [];
    const size = pageSize(req, round.query);
    const byKey = new Map<string, FoundItem>(listItems(ctx, user, folder).map((f) => [itemKey(f.item), f]));
    const value = pending.slice(0, size).map((key): Json => {
      const found = round.removed?.has(key) ? undefined : byKey.get(key);
      if (!found) {
        const gone = round.removed?.get(key) ?? round.known.get(key);
        const id = immutable ? (gone?.immutableId ?? gone?.id) : gone?.id;
        return { '@odata.type': '#microsoft.graph.message', id: id ?? key, '@removed': { reason: 'deleted' } };
      }
      return { '@odata.type': '#microsoft.graph.message', ...project(renderMessage(user, found, immutable), select) };
    });
    const rest = pending.slice(size);
    const body: Json = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(message)' };
    if (rest.length > 0) body['@odata.nextLink'] = link(ctx, req, segment, '$skiptoken', saveDeltaToken(ctx, { ...round, pending: rest }));
    else body['@odata.deltaLink'] = link(ctx, req, segment, '$deltatoken', saveDeltaToken(ctx, { userId: user.id, folder, query: round.query, known: round.known }));
    body.value = value;
    return { status: 200, headers: immutable ? IMMUTABLE_APPLIED : {}, body };
  };
}

/**
 * GET mailFolders/{id}/messages/delta (graph/api/message-delta, graph/delta-query-messages): a
 * first round lists the folder's messages page by page (`Prefer: odata.maxpagesize`) through
 * @odata.nextLink ($skiptoken) to an @odata.deltaLink ($deltatoken); a round from a deltatoken
 * gives what was added or changed since (flag and read-state changes included) and, as
 * `@removed: {reason: "deleted"}`, what was deleted or moved out. `changeType` and the round's
 * $select/$filter ride in the tokens. Tokens are delta-state.ts's.
 */
export function registerDeltaRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  mailboxRoute(app, ctx, slots, 'GET', '/mailFolders/:folder/messages/delta', 'delta', delta(ctx));
}
