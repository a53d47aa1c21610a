import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { createAccount } from '../../../core/accounts/create-account.js';
import { listAccounts } from '../../../core/accounts/list-accounts.js';
import { loadAccount } from '../../../core/accounts/load-account.js';
import { updateAccount } from '../../../core/accounts/update-account.js';
import { deleteAccount } from '../../../core/accounts/delete-account.js';
import { defineRoute } from '../../define-route.js';
import { accountView } from './account-view.js';

/** Create, list, read, change and delete mail accounts. */
export function accountCrudRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.createAccount, async ({ deps, actor, body, locale }) => accountView(deps, await createAccount(deps, actor, body), locale));
  defineRoute(app, deps, endpoints.listAccounts, async ({ deps, actor, query, locale }) => {
    const { items, nextCursor } = await listAccounts(deps.store, actor, query);
    return { items: await Promise.all(items.map((a) => accountView(deps, a, locale))), nextCursor };
  });
  defineRoute(app, deps, endpoints.getAccount, async ({ deps, actor, params, locale }) => accountView(deps, await loadAccount(deps.store, actor, params.id!), locale));
  defineRoute(app, deps, endpoints.patchAccount, async ({ deps, actor, params, body, locale }) => accountView(deps, await updateAccount(deps, actor, params.id!, body), locale));
  defineRoute(app, deps, endpoints.deleteAccount, async ({ deps, actor, params }) => {
    await deleteAccount(deps, actor, params.id!);
  });
}
