import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { updateUser } from '../../../core/users/update-user.js';
import { createInvitation } from '../../../core/users/create-invitation.js';
import { createSettingsLink } from '../../../core/users/create-settings-link.js';
import { defineRoute } from '../../define-route.js';
import { presentUser } from '../../present.js';

/** Admin: change a user, and mint their invitation or signed settings link. */
export function userAdminRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.patchUser, async ({ deps, actor, params, body }) => presentUser(await updateUser(deps, actor, params.id!, body)));
  defineRoute(app, deps, endpoints.createInvitation, async ({ deps, params }) => createInvitation(deps, params.id!));
  defineRoute(app, deps, endpoints.createSettingsLink, async ({ deps, params }) => createSettingsLink(deps, params.id!));
}
