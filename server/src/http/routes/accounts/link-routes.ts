import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { startLink } from '../../../core/accounts/start-link.js';
import { unlinkAccount } from '../../../core/accounts/unlink-account.js';
import { defineRoute } from '../../define-route.js';
import { accountView } from './account-view.js';

/** Start linking (returns the single-use URL a browser opens) and unlink. */
export function accountLinkRoutes(app: FastifyInstance, deps: Deps): void {
  // Started from a signed-in page: only that browser session may open the start URL.
  defineRoute(app, deps, endpoints.startLink, async ({ deps, actor, params, session }) => startLink(deps, actor, params.id!, session?.session.idHash ?? null));
  defineRoute(app, deps, endpoints.unlink, async ({ deps, actor, params, locale }) => accountView(deps, await unlinkAccount(deps, actor, params.id!), locale));
}
