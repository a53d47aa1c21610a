import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { cancelMessage } from '../../../core/outbox/cancel-message.js';
import { listOutbox } from '../../../core/outbox/list-outbox.js';
import { loadMessage } from '../../../core/outbox/load-message.js';
import { retryMessage } from '../../../core/outbox/retry-message.js';
import { toPage } from '../../../core/paging/page-cursor.js';
import { defineRoute } from '../../define-route.js';
import { presentMessage } from './present-message.js';

/** The outbox: one message, lists, cancel and retry. */
export function outboxRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getMessage, async ({ deps, actor, params, locale }) => presentMessage(deps, await loadMessage(deps.store, actor, params.id!), locale));
  defineRoute(app, deps, endpoints.cancelMessage, async ({ deps, actor, params, locale }) => presentMessage(deps, await cancelMessage(deps, actor, params.id!), locale));
  defineRoute(app, deps, endpoints.retryMessage, async ({ deps, actor, params, locale }) => presentMessage(deps, await retryMessage(deps, actor, params.id!), locale));
  defineRoute(app, deps, endpoints.listAccountOutbox, async ({ deps, actor, params, query, locale }) => {
    const page = toPage(await listOutbox(deps, actor, query, params.id!));
    const guarantees = new Map();
    return { items: await Promise.all(page.items.map((m) => presentMessage(deps, m, locale, guarantees))), nextCursor: page.nextCursor };
  });
  defineRoute(app, deps, endpoints.listOutbox, async ({ deps, actor, query, locale }) => {
    const page = toPage(await listOutbox(deps, actor, query));
    const guarantees = new Map();
    return { items: await Promise.all(page.items.map((m) => presentMessage(deps, m, locale, guarantees))), nextCursor: page.nextCursor };
  });
}
