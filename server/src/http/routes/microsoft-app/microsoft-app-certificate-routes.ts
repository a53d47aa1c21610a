import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { certificateApp } from '../../../core/apps/certificate-app.js';
import { defineRoute } from '../../define-route.js';
import { appCertificateActions as act } from './app-certificate-actions.js';

/** /microsoft-app/certificate: the organisation app's certificate credential (admins only, per the contract). */
export function microsoftAppCertificateRoutes(app: FastifyInstance, deps: Deps): void {
  const orgApp = (d: Deps) => certificateApp(d, { organization: true });
  defineRoute(app, deps, endpoints.createMicrosoftAppCertificate, async ({ deps }) => act.generate(deps, await orgApp(deps)));
  defineRoute(app, deps, endpoints.importMicrosoftAppCertificate, async ({ deps, body }) => act.import(deps, await orgApp(deps), body));
  defineRoute(app, deps, endpoints.getMicrosoftAppCertificate, async ({ deps }) => act.get(await orgApp(deps)));
  defineRoute(app, deps, endpoints.deleteMicrosoftAppCertificate, async ({ deps }) => {
    await act.remove(deps, await orgApp(deps));
  });
}
