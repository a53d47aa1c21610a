import type { FastifyInstance, FastifyReply } from 'fastify';
import { newGuid, randomToken } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { PendingFlow } from '../state/store.js';
import type { App, User } from '../state/types.js';
import { NOT_ENABLED_FOR_CONSUMERS } from './aadsts-table.js';
import { accountsForSegment, checkUserForApp, resolveSegment } from './audience.js';
import { orderAccounts, sendErrorPage } from './authorize-route.js';
import { consentPage } from './consent-page.js';
import { redirectAadsts, redirectWith } from './flow-redirect.js';
import { includesScope, isOidcScope } from './scopes.js';
import { signInPage } from './sign-in-page.js';

type Form = Record<string, string | undefined>;

/**
 * POST /{tenant}/login: the account picker and the consent page both post here with the
 * hidden `flow`; `cancel`, `account` or `consent` says which button was pressed.
 */
export function registerSignInRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post<{ Params: { tenant: string }; Body: Form }>(
    '/:tenant/login',
    { config: { endpoint: 'authorize' } },
    async (req, reply) => {
      const form = req.body ?? {};
      const flow = form.flow ? ctx.store.flows.get(form.flow) : undefined;
      const application = flow ? ctx.store.apps.get(flow.clientId) : undefined;
      if (!flow || !application) return sendErrorPage(ctx, reply, 9002313, {});
      const target = { redirectUri: flow.redirectUri, state: flow.state };
      if (form.cancel) {
        ctx.store.flows.delete(flow.id);
        return redirectWith(reply, target, { error: 'access_denied', error_subcode: 'cancel' });
      }
      if (form.consent && flow.userId) return onConsent(ctx, reply, flow, application, form.consent);
      if (form.account) return onAccount(ctx, reply, flow, application, form.account);
      return sendErrorPage(ctx, reply, 9002313, {});
    },
  );
}

function onAccount(ctx: EmulatorContext, reply: FastifyReply, flow: PendingFlow, application: App, email: string): FastifyReply {
  const { store } = ctx;
  const seg = resolveSegment(store, flow.tenantSegment);
  const user = store.userByEmail(email);
  const target = { redirectUri: flow.redirectUri, state: flow.state };
  if (!seg) return sendErrorPage(ctx, reply, 90002, { tenant: flow.tenantSegment });
  if (!user) {
    // Microsoft keeps the user on the sign-in page for an unknown address.
    const html = signInPage({
      action: `/${encodeURIComponent(seg.raw)}/login`, flowId: flow.id, appName: application.displayName,
      accounts: orderAccounts(accountsForSegment(store, seg), flow.loginHint),
      note: `We couldn't find an account with the address ${email}.`,
    });
    return reply.code(200).type('text/html; charset=utf-8').send(html);
  }
  const check = checkUserForApp(application, seg, user);
  if (!check.ok && check.code === 'consumers') {
    ctx.store.flows.delete(flow.id);
    return redirectWith(reply, target, { error: 'unauthorized_client', error_description: NOT_ENABLED_FOR_CONSUMERS });
  }
  if (!check.ok) {
    ctx.store.flows.delete(flow.id);
    const tenant = seg.kind === 'tenant' ? seg.tenant : store.tenants.get(application.tenantId);
    return redirectAadsts(ctx, reply, target, 50020, {
      email: user.email, idp: user.personal ? 'live.com' : `https://sts.windows.net/${user.tenantId}/`,
      tenantName: tenant?.name ?? seg.raw, appId: application.clientId, appName: application.displayName,
    });
  }
  if (user.signInBlocked) {
    ctx.store.flows.delete(flow.id);
    return redirectAadsts(ctx, reply, target, 53003, {});
  }
  if (!needsConsent(ctx, flow, application, user)) return finish(ctx, reply, flow, user);
  const tenant = store.tenants.get(user.tenantId);
  if (!user.personal && tenant && !tenant.userConsentAllowed) {
    ctx.store.flows.delete(flow.id);
    return redirectAadsts(ctx, reply, target, 90094, {});
  }
  flow.userId = user.id;
  const html = consentPage({
    action: `/${encodeURIComponent(seg.raw)}/login`, flowId: flow.id, appName: application.displayName,
    userEmail: user.email, scopes: flow.scopes,
  });
  return reply.type('text/html; charset=utf-8').send(html);
}

/**
 * Consent is needed when a requested resource scope is not granted (user or admin grant).
 * OIDC scopes only need some grant to exist; prompt=consent always asks.
 */
function needsConsent(ctx: EmulatorContext, flow: PendingFlow, application: App, user: User): boolean {
  if (flow.forceConsent) return true;
  const granted = ctx.store.consentedScopes(application.clientId, user);
  const hasGrant = ctx.store.grants.some((g) => g.clientId === application.clientId && g.tenantId === user.tenantId && (g.userId === undefined || g.userId === user.id));
  if (!hasGrant) return true;
  return flow.scopes.some((s) => !isOidcScope(s) && !s.endsWith('/.default') && !includesScope(granted, s));
}

function onConsent(ctx: EmulatorContext, reply: FastifyReply, flow: PendingFlow, application: App, answer: string): FastifyReply {
  const user = flow.userId ? ctx.store.userById(flow.userId) : undefined;
  const target = { redirectUri: flow.redirectUri, state: flow.state };
  ctx.store.flows.delete(flow.id);
  if (!user || answer !== 'accept') return redirectAadsts(ctx, reply, target, 65004, {});
  const existing = ctx.store.grants.find((g) => g.clientId === application.clientId && g.userId === user.id);
  if (existing) {
    for (const s of flow.scopes) if (!includesScope(existing.scopes, s)) existing.scopes.push(s);
  } else {
    ctx.store.grants.push({ clientId: application.clientId, tenantId: user.tenantId, userId: user.id, scopes: [...flow.scopes] });
  }
  return finish(ctx, reply, flow, user);
}

/** Issues the authorization code (single use, ~10 minutes) and sends the browser back. */
function finish(ctx: EmulatorContext, reply: FastifyReply, flow: PendingFlow, user: User): FastifyReply {
  ctx.store.flows.delete(flow.id);
  const code = `1.A${randomToken(48)}`;
  ctx.store.codes.set(code, {
    code, clientId: flow.clientId, userId: user.id, tenantSegment: flow.tenantSegment,
    redirectUri: flow.redirectUri, scopes: flow.scopes, codeChallenge: flow.codeChallenge,
    codeChallengeMethod: flow.codeChallengeMethod, nonce: flow.nonce, issuedAt: ctx.clock.now(), redeemed: false,
  });
  return redirectWith(reply, { redirectUri: flow.redirectUri, state: flow.state }, { code, session_state: newGuid() });
}
