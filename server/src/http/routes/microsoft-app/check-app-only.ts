import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { checkAppOnly } from '../../../core/apps/app-only-check.js';
import { defineRoute } from '../../define-route.js';

/** POST /microsoft-app/app-only/check: an app-only token, and with `to` a test message from a service mailbox. */
export function checkAppOnlyRoute(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.checkAppOnly, async ({ deps, actor, body, locale }) => checkAppOnly(deps, actor, body, locale));
}
