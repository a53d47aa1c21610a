import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { NotFoundError } from '../../../core/errors.js';
import { createUser } from '../../../core/users/create-user.js';
import { createApiKey } from '../../../core/users/create-api-key.js';
import { listUsers } from '../../../core/users/list-users.js';
import { defineRoute } from '../../define-route.js';
import { presentUser } from '../../present.js';

/** /users (admin), /users/{id}/api-keys (admin) and /me. */
export function userRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.createUser, async ({ deps, body }) => presentUser(await createUser(deps, body)));
  defineRoute(app, deps, endpoints.listUsers, async ({ deps, query }) => {
    const { items, nextCursor } = await listUsers(deps.store, query);
    return { items: items.map(presentUser), nextCursor };
  });
  defineRoute(app, deps, endpoints.createApiKey, async ({ deps, params }) => {
    const { apiKey, key } = await createApiKey(deps, params.id!);
    return { id: apiKey.id, key, createdAt: apiKey.createdAt.toISOString() };
  });
  defineRoute(app, deps, endpoints.me, async ({ deps, actor }) => {
    const user = await deps.store.users.get(actor.userId);
    if (!user) throw new NotFoundError('User');
    return presentUser(user);
  });
}
