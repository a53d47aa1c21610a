import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomToken } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { aadstsFailure } from './aadsts-error.js';
import { accountsForSegment, appSegmentError, resolveSegment } from './audience.js';
import { errorPage } from './error-page.js';
import { redirectAadsts } from './flow-redirect.js';
import { parseScopes } from './scopes.js';
import { signInPage } from './sign-in-page.js';

type Query = Record<string, string | undefined>;

/** Shows an AADSTS error on the emulator's own page: the app is never told (docs/microsoft.md §1). */
export function sendErrorPage(ctx: EmulatorContext, reply: FastifyReply, code: number, params: Record<string, string | undefined>): FastifyReply {
  const f = aadstsFailure(code, ctx.clock.now(), params);
  return reply.code(f.entry.status).type('text/html; charset=utf-8').send(errorPage(f));
}

function isAbsoluteUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

/** Puts the login_hint account first, as Microsoft's picker does. */
export function orderAccounts(accounts: User[], loginHint: string | undefined): User[] {
  if (!loginHint) return accounts;
  const hint = loginHint.toLowerCase();
  return [...accounts.filter((u) => u.email.toLowerCase() === hint), ...accounts.filter((u) => u.email.toLowerCase() !== hint)];
}

/** GET /{tenant}/oauth2/v2.0/authorize: validates the request, then shows the account picker. */
export function registerAuthorizeRoute(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: { tenant: string }; Querystring: Query }>(
    '/:tenant/oauth2/v2.0/authorize',
    { config: { endpoint: 'authorize' } },
    async (req, reply) => {
      const { store } = ctx;
      const q = req.query;
      const seg = resolveSegment(store, req.params.tenant);
      if (!seg) return sendErrorPage(ctx, reply, 90002, { tenant: req.params.tenant });
      // client_id and redirect_uri problems stay on Microsoft's page, in this order.
      if (!q.client_id) return sendErrorPage(ctx, reply, 900144, { name: 'client_id' });
      const application = store.apps.get(q.client_id);
      if (!application) return sendErrorPage(ctx, reply, 700016, { appId: q.client_id, tenant: seg.raw });
      if (application.redirectUris.length === 0) return sendErrorPage(ctx, reply, 500113, {});
      const redirectUri = q.redirect_uri;
      if (!redirectUri || !isAbsoluteUri(redirectUri)) return sendErrorPage(ctx, reply, 90102, {});
      if (!application.redirectUris.includes(redirectUri)) {
        return sendErrorPage(ctx, reply, 50011, { uri: redirectUri, appId: application.clientId });
      }
      const names = { appId: application.clientId, appName: application.displayName, tenant: seg.raw };
      const target = { redirectUri, state: q.state };
      const segmentError = appSegmentError(application, seg);
      if (segmentError === 700016) return sendErrorPage(ctx, reply, 700016, names);
      if (segmentError) return redirectAadsts(ctx, reply, target, segmentError, names);
      if (!q.response_type) return redirectAadsts(ctx, reply, target, 900144, { name: 'response_type' });
      if (q.response_type !== 'code') return redirectAadsts(ctx, reply, target, 700054, { responseType: q.response_type });
      const scopes = parseScopes(q.scope);
      if (scopes.length === 0) return redirectAadsts(ctx, reply, target, 900144, { name: 'scope' });
      if (q.code_challenge_method && !['S256', 'plain'].includes(q.code_challenge_method)) {
        return redirectAadsts(ctx, reply, target, 900144, { name: 'code_challenge_method' });
      }
      // The emulator keeps no browser session, so a silent request can never succeed.
      if (q.prompt === 'none') return redirectAadsts(ctx, reply, target, 50058, {});

      const flowId = randomToken(24);
      store.flows.set(flowId, {
        id: flowId,
        tenantSegment: seg.raw,
        clientId: application.clientId,
        redirectUri,
        state: q.state,
        scopes,
        codeChallenge: q.code_challenge,
        codeChallengeMethod: q.code_challenge ? (q.code_challenge_method ?? 'plain') : undefined,
        nonce: q.nonce,
        loginHint: q.login_hint,
        forceConsent: q.prompt === 'consent',
        createdAt: ctx.clock.now(),
      });
      const accounts = orderAccounts(accountsForSegment(store, seg), q.login_hint);
      const hintKnown = !q.login_hint || accounts.some((u) => u.email.toLowerCase() === q.login_hint?.toLowerCase());
      const html = signInPage({
        action: `/${encodeURIComponent(seg.raw)}/login`,
        flowId,
        appName: application.displayName,
        accounts,
        note: hintKnown ? undefined : `We couldn't find an account with the address ${q.login_hint}. Pick another account.`,
      });
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );
}
