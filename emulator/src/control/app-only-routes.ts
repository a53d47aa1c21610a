import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppOnlyControl } from './app-only-control.js';
import { act, body } from './control-http.js';

const tenantId = z.string().optional();
const schemas = {
  certificate: z.strictObject({ pem: z.string() }),
  permissions: z.strictObject({ clientId: z.string(), permissions: z.array(z.string()), tenantId }),
  revoke: z.strictObject({ clientId: z.string(), tenantId }),
  role: z.strictObject({ clientId: z.string(), role: z.string(), mailboxes: z.array(z.string()).nullable().optional(), tenantId }),
  policy: z.strictObject({ clientId: z.string(), accessRight: z.enum(['RestrictAccess', 'DenyAccess']), mailboxes: z.array(z.string()), tenantId }),
};

type P = { Params: Record<string, string> };

/** Control routes for app-only access and certificates (README, "Without a signed-in user"). */
export function registerAppOnlyRoutes(app: FastifyInstance, control: AppOnlyControl): void {
  const config = { endpoint: 'control' };
  app.post<P>('/_emulator/apps/:clientId/certificates', { config }, async (r, reply) =>
    act(reply, () => control.addCertificate(r.params.clientId as string, schemas.certificate.parse(body(r))), 201));
  app.delete<P>('/_emulator/apps/:clientId/certificates/:id', { config }, async (r, reply) =>
    act(reply, () => control.removeCertificate(r.params.clientId as string, r.params.id as string)));
  app.post('/_emulator/app-permissions', { config }, async (r, reply) => act(reply, () => control.grantAppPermissions(schemas.permissions.parse(body(r)))));
  app.post('/_emulator/app-permissions/revoke', { config }, async (r, reply) => act(reply, () => control.revokeAppPermissions(schemas.revoke.parse(body(r)))));
  app.post('/_emulator/exchange/role-assignments', { config }, async (r, reply) =>
    act(reply, () => control.assignExchangeRole(schemas.role.parse(body(r))), 201));
  app.delete<P>('/_emulator/exchange/role-assignments/:id', { config }, async (r, reply) => act(reply, () => control.removeExchangeRole(r.params.id as string)));
  app.post('/_emulator/exchange/access-policies', { config }, async (r, reply) =>
    act(reply, () => control.addApplicationAccessPolicy(schemas.policy.parse(body(r))), 201));
  app.delete<P>('/_emulator/exchange/access-policies/:id', { config }, async (r, reply) =>
    act(reply, () => control.removeApplicationAccessPolicy(r.params.id as string)));
}
