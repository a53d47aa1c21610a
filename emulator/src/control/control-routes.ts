import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { registerAppOnlyRoutes } from './app-only-routes.js';
import { act, body } from './control-http.js';
import type { EmulatorControl } from './emulator-control.js';
import { registerMailRoutes } from './mail-routes.js';
import { registerSmtpRoutes } from './smtp-routes.js';
import { registerTrafficRoutes } from './traffic-routes.js';

const audience = z.enum(['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount']);
const flags = {
  displayName: z.string().optional(), mail: z.string().nullable().optional(), mailboxEnabled: z.boolean().optional(),
  mailboxFull: z.boolean().optional(), mfaRequired: z.boolean().optional(), signInBlocked: z.boolean().optional(),
  sendAs: z.array(z.string()).optional(), maxSendSizeBytes: z.number().int().positive().optional(),
  smtpAuthDisabled: z.boolean().nullable().optional(), imapDisabled: z.boolean().optional(),
};
const schemas = {
  tenant: z.object({
    domain: z.string(), name: z.string().optional(), id: z.string().optional(), userConsentAllowed: z.boolean().optional(), smtpAuthDisabled: z.boolean().optional(),
  }),
  tenantPatch: z.strictObject({ name: z.string().optional(), userConsentAllowed: z.boolean().optional(), smtpAuthDisabled: z.boolean().optional() }),
  app: z.object({ tenantId: z.string(), displayName: z.string().optional(), clientId: z.string().optional(), signInAudience: audience.optional(), redirectUris: z.array(z.string()).optional() }),
  uri: z.object({ uri: z.string() }),
  secret: z.object({ value: z.string().optional(), expiresAt: z.number().optional() }),
  user: z.object({ email: z.string(), tenantId: z.string().optional(), personal: z.boolean().optional(), ...flags }),
  userPatch: z.object(flags),
  grant: z.object({ clientId: z.string(), scopes: z.array(z.string()), userEmail: z.string().optional(), tenantId: z.string().optional() }),
  revoke: z.object({ clientId: z.string(), userEmail: z.string() }),
  expire: z.object({ userEmail: z.string().optional() }),
  ms: z.object({ ms: z.number().nonnegative() }),
  // Dovecot posts the form `token=…`; anything else is a token that is not active.
  introspect: z.object({ token: z.string().catch('') }).catch({ token: '' }),
};

/** The control API over HTTP JSON under /_emulator (documented in emulator/README.md). */
export function registerControlRoutes(app: FastifyInstance, control: EmulatorControl, clock: Clock): void {
  const config = { endpoint: 'control' };
  type P = { Params: Record<string, string>; Querystring: Record<string, string | undefined> };
  app.get('/_emulator/clock', { config }, async (_r, reply) => act(reply, () => ({ now: clock.now() })));
  app.post('/_emulator/clock/advance', { config }, async (r, reply) => act(reply, () => { clock.advance(schemas.ms.parse(body(r)).ms); return { now: clock.now() }; }));
  app.post('/_emulator/tenants', { config }, async (r, reply) => act(reply, () => control.createTenant(schemas.tenant.parse(body(r))), 201));
  app.patch<P>('/_emulator/tenants/:tenant', { config }, async (r, reply) =>
    act(reply, () => control.updateTenant(r.params.tenant as string, schemas.tenantPatch.parse(body(r)))));
  app.post('/_emulator/apps', { config }, async (r, reply) => act(reply, () => control.createApp(schemas.app.parse(body(r))), 201));
  app.post<P>('/_emulator/apps/:clientId/redirect-uris', { config }, async (r, reply) =>
    act(reply, () => control.addRedirectUri(r.params.clientId as string, schemas.uri.parse(body(r)).uri)));
  app.post<P>('/_emulator/apps/:clientId/secrets', { config }, async (r, reply) =>
    act(reply, () => control.addSecret(r.params.clientId as string, schemas.secret.parse(body(r))), 201));
  app.post('/_emulator/users', { config }, async (r, reply) => act(reply, () => control.createUser(schemas.user.parse(body(r))), 201));
  app.patch<P>('/_emulator/users/:email', { config }, async (r, reply) =>
    act(reply, () => control.updateUser(r.params.email as string, schemas.userPatch.parse(body(r)))));
  app.post('/_emulator/consents', { config }, async (r, reply) => act(reply, () => control.grantConsent(schemas.grant.parse(body(r)))));
  app.post('/_emulator/consents/revoke', { config }, async (r, reply) => act(reply, () => control.revokeConsent(schemas.revoke.parse(body(r)))));
  app.post<P>('/_emulator/users/:email/revoke-refresh-tokens', { config }, async (r, reply) =>
    act(reply, () => control.revokeRefreshTokens(r.params.email as string)));
  app.post('/_emulator/access-tokens/expire', { config }, async (r, reply) =>
    act(reply, () => control.expireAccessTokens(schemas.expire.parse(body(r)).userEmail)));
  // No query string: one in Dovecot 2.3.19's introspection_url crashes its auth process.
  app.post('/_emulator/imap/introspect', { config }, async (r, reply) =>
    act(reply, () => control.introspectImapToken(schemas.introspect.parse(body(r)).token)));
  app.get<P>('/_emulator/requests', { config }, async (r, reply) =>
    act(reply, () => control.requests(r.query.endpoint ? { endpoint: r.query.endpoint } : undefined)));
  app.post('/_emulator/reset', { config }, async (_r, reply) => act(reply, () => control.reset()));
  registerTrafficRoutes(app, control);
  registerMailRoutes(app, control);
  registerSmtpRoutes(app, control);
  registerAppOnlyRoutes(app, control);
}
