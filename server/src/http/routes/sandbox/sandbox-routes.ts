import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { getSandbox } from '../../../core/sandbox/get-sandbox.js';
import { applySandbox } from '../../../core/sandbox/apply-sandbox.js';
import { listSandboxInbox } from '../../../core/sandbox/list-sandbox-inbox.js';
import { defineRoute } from '../../define-route.js';
import { presentApp } from '../../present.js';

/** The sandbox page's calls; each answers not_found when MAILBRIDGE_SANDBOX=off. */
export function sandboxRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getSandbox, async ({ deps, reply }) => {
    reply.header('cache-control', 'no-store'); // it shows the sandbox app's secret value
    return getSandbox(deps);
  });
  defineRoute(app, deps, endpoints.applySandbox, async ({ deps }) => presentApp(await applySandbox(deps), deps.redirectUri));
  defineRoute(app, deps, endpoints.getSandboxInbox, async ({ deps, actor, reply }) => {
    reply.header('cache-control', 'no-store'); // people's test mail
    return listSandboxInbox(deps, actor);
  });
}
