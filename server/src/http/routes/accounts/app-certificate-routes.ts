import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import type { Actor } from '../../../core/domain.js';
import { certificateApp } from '../../../core/apps/certificate-app.js';
import { defineRoute } from '../../define-route.js';
import { appCertificateActions as act } from '../microsoft-app/app-certificate-actions.js';

/**
 * /accounts/{id}/app/certificate: the certificate of an account's own app, for its owner or an
 * admin. 409 when the account uses the organisation's app (core/apps/certificate-app.ts).
 */
export function accountAppCertificateRoutes(app: FastifyInstance, deps: Deps): void {
  const ownApp = (d: Deps, actor: Actor, params: Record<string, string>) => certificateApp(d, { actor, accountId: params.id! });
  defineRoute(app, deps, endpoints.createAccountAppCertificate, async ({ deps, actor, params }) => act.generate(deps, await ownApp(deps, actor, params)));
  defineRoute(app, deps, endpoints.importAccountAppCertificate, async ({ deps, actor, params, body }) => act.import(deps, await ownApp(deps, actor, params), body));
  defineRoute(app, deps, endpoints.getAccountAppCertificate, async ({ deps, actor, params }) => act.get(await ownApp(deps, actor, params)));
  defineRoute(app, deps, endpoints.deleteAccountAppCertificate, async ({ deps, actor, params }) => {
    await act.remove(deps, await ownApp(deps, actor, params));
  });
}
