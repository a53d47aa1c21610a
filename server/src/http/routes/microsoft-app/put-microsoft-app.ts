import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { putOrganizationApp } from '../../../core/apps/put-organization-app.js';
import { defineRoute } from '../../define-route.js';
import { presentApp } from '../../present.js';

export function putMicrosoftAppRoute(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.putMicrosoftApp, async ({ deps, body }) => presentApp(await putOrganizationApp(deps, body), deps.redirectUri));
}
