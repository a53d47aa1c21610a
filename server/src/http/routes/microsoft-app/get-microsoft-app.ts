import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { NotFoundError } from '../../../core/errors.js';
import { defineRoute } from '../../define-route.js';
import { presentApp } from '../../present.js';

export function getMicrosoftAppRoute(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getMicrosoftApp, async ({ deps }) => {
    const found = await deps.store.apps.getOrganizationApp();
    if (!found) throw new NotFoundError('Organisation Microsoft app');
    return presentApp(found, deps.redirectUri);
  });
}
