import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { enforceRateLimit } from '../../../core/rate-limits/enforce-rate-limit.js';
import { getSetupStatus } from '../../../core/setup/get-setup-status.js';
import { createFirstAdmin } from '../../../core/setup/create-first-admin.js';
import { defineRoute } from '../../define-route.js';
import { presentSession } from '../../present.js';
import { setSessionCookie } from '../../session-cookie.js';
import { TOKEN_GUESS_LIMIT, TOKEN_GUESS_MESSAGE } from '../../token-guess-limit.js';

/** The first-run screen's two calls, before anyone can sign in. */
export function setupRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getSetup, async ({ deps }) => getSetupStatus(deps));
  defineRoute(app, deps, endpoints.createFirstAdmin, async ({ deps, body, reply, request }) => {
    await enforceRateLimit(deps, `first-admin:client:${request.ip}`, TOKEN_GUESS_LIMIT, TOKEN_GUESS_MESSAGE);
    const opened = await createFirstAdmin(deps, body);
    setSessionCookie(reply, deps, opened);
    return presentSession(opened);
  });
}
