import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { changePassword } from '../../../core/users/change-password.js';
import { createApiKey } from '../../../core/users/create-api-key.js';
import { revokeApiKey } from '../../../core/users/revoke-api-key.js';
import { defineRoute } from '../../define-route.js';
import { ForbiddenError } from '../../../core/errors.js';

/** The caller's own password and API keys. */
export function meRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.changePassword, async ({ deps, actor, body, session }) => {
    await changePassword(deps, actor, body, session?.session.idHash);
  });
  defineRoute(app, deps, endpoints.listMyApiKeys, async ({ deps, actor }) => ({
    items: (await deps.store.apiKeys.listActiveByUser(actor.userId)).map((k) => ({
      id: k.id,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    })),
  }));
  defineRoute(app, deps, endpoints.createMyApiKey, async ({ deps, actor, session }) => {
    // A key carries its user's full role. A settings-link session is deliberately weaker, so it
    // must not mint a lasting administrator credential.
    if (session?.session.scope === 'settings' && session.user.role === 'admin') {
      throw new ForbiddenError('An administrator\'s API keys are created from a full sign-in, not from a settings link');
    }
    const { apiKey, key } = await createApiKey(deps, actor.userId);
    return { id: apiKey.id, key, createdAt: apiKey.createdAt.toISOString() };
  });
  defineRoute(app, deps, endpoints.revokeMyApiKey, async ({ deps, actor, params }) => {
    await revokeApiKey(deps, actor, params.keyId!);
  });
}
